"""Hostile and bad input gets an error naming the file and the failed check; nothing stored is
lost or corrupted."""

import os
import struct
import zlib

import numpy as np
import pandas as pd
import pytest

import datasetsdk as ds


@pytest.fixture
def container(tmp_path):
    path = tmp_path / "t.dso"
    ds.save(np.arange(100.0), path)
    return path


def rewrite(path, change):
    data = bytearray(path.read_bytes())
    change(data)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("change, message", [
    (lambda d: d.__setitem__(slice(0, 4), b"XXXX"), "bad magic"),
    (lambda d: d.__setitem__(20, 1), "header checksum"),
    (lambda d: d.__setitem__(100, d[100] ^ 1), "blob 'data' checksum mismatch"),
    (lambda d: d.__setitem__(len(d) - 30, 1), "footer checksum"),
    (lambda d: d.__delitem__(slice(len(d) - 5, len(d))), "truncated"),
    (lambda d: d.__delitem__(slice(60, len(d))), "too small"),
])
def test_corrupt_containers_are_refused_naming_the_file_and_check(container, change, message):
    rewrite(container, change)
    with pytest.raises(ds.FormatError, match=message) as error:
        ds.read(container)
    assert str(container) in str(error.value)


def test_unknown_header_version_and_flags_are_refused(container):
    def version(data):
        struct.pack_into("<H", data, 8, 2)
        struct.pack_into("<I", data, 60, zlib.crc32(bytes(data[:60])))
    rewrite(container, version)
    with pytest.raises(ds.FormatError, match="unsupported container version 2"):
        ds.read(container)


def test_minor_versions_padding_reserved_bytes_and_member_versions_are_not_checked(tmp_path):
    obj = ds.StoredObject("t", members={"m": ds.encode(np.arange(3.0))})
    plan = ds.container.ContainerPlan(obj)
    meta = ds.v1.object_pb2.ObjectMeta.FromString(plan.metadata)
    meta.members["m"].format_version = 9000  # members' versions are ignored
    plan.metadata = meta.SerializeToString()
    data = bytearray(b"".join(bytes(chunk) for chunk in plan.chunks()))
    footer = len(data) - 64
    struct.pack_into("<H", data, 10, 7)                    # header minor 7
    data[16:60] = b"\x01" * 44                             # header reserved bytes
    struct.pack_into("<I", data, 60, zlib.crc32(bytes(data[:60])))
    data[88:128] = b"\xaa" * 40                            # padding after the 24-byte blob
    struct.pack_into("<H", data, footer + 26, 3)           # footer minor 3
    data[footer + 28:footer + 48] = b"\x02" * 20           # footer reserved bytes
    struct.pack_into("<I", data, footer + 48, zlib.crc32(bytes(data[footer:footer + 48])))
    data[footer + 52:footer + 56] = b"\x03" * 4
    path = tmp_path / "lenient.dso"
    path.write_bytes(bytes(data))
    assert list(ds.decode(ds.read(path).members["m"])) == [0.0, 1.0, 2.0]
    struct.pack_into("<H", data, footer + 24, 2)           # footer major 2: refused
    struct.pack_into("<I", data, footer + 48, zlib.crc32(bytes(data[footer:footer + 48])))
    path.write_bytes(bytes(data))
    with pytest.raises(ds.FormatError, match="footer version 2 differs from the header's 1"):
        ds.read(path)


def test_a_blob_outside_the_blob_section_is_refused(tmp_path):
    obj = ds.encode(np.arange(4.0))
    plan = ds.container.ContainerPlan(obj)
    meta = ds.v1.object_pb2.ObjectMeta.FromString(plan.metadata)
    meta.blobs["data"].container_offset = plan.metadata_offset  # past the end of the blob section
    plan.metadata = meta.SerializeToString()
    plan.size = plan.metadata_offset + len(plan.metadata) + 64
    path = tmp_path / "outside.dso"
    path.write_bytes(b"".join(bytes(chunk) for chunk in plan.chunks()))
    with pytest.raises(ds.FormatError, match="blob 'data'.*outside the blob section"):
        ds.read(path)


def test_verify_false_skips_blob_checksums_only(container):
    rewrite(container, lambda d: d.__setitem__(100, d[100] ^ 1))
    assert ds.read(container, verify=False).blobs["data"].nbytes == 800


def test_compressed_garbage_and_truncation_are_refused(tmp_path):
    path = tmp_path / "t.dso.zst"
    ds.save(np.arange(10000.0), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ds.CompressionError, match=str(path)):
        ds.read(path)
    path.write_bytes(b"hello world")
    with pytest.raises(ds.CompressionError, match="neither a zstd stream"):
        ds.read(path)


def test_a_plain_container_named_zst_and_concatenated_frames_are_read(tmp_path):
    import zstandard
    plain = tmp_path / "plain.dso"
    ds.save(np.arange(10.0), plain)
    named = tmp_path / "named.dso.zst"
    named.write_bytes(plain.read_bytes())
    assert ds.load(named).sum() == 45
    data = plain.read_bytes()
    half = len(data) // 2
    frames = zstandard.ZstdCompressor().compress(data[:half]) + zstandard.ZstdCompressor(write_content_size=False).compress(data[half:])
    joined = tmp_path / "joined.dso.zst"
    joined.write_bytes(frames)
    assert ds.load(joined).sum() == 45


def _seekable(parts, table=True, descriptor=0, content_size=True):
    """Independent frames of `parts` followed by a seek table, as DatasetSDK writes them
    (`descriptor` bit 7: entries with a checksum, here a dummy one)."""
    import struct
    import zstandard
    frames = [zstandard.ZstdCompressor(write_checksum=True, write_content_size=content_size).compress(part) for part in parts]
    body = b"".join(frames)
    if not table:
        return body
    checksum = b"\xee" * 4 if descriptor & 0x80 else b""
    entries = b"".join(struct.pack("<II", len(frame), len(part)) + checksum for frame, part in zip(frames, parts))
    footer = struct.pack("<IBI", len(parts), descriptor, 0x8F92EAB1)
    return body + struct.pack("<II", 0x184D2A5E, len(entries) + len(footer)) + entries + footer


def test_independent_frames_with_a_seek_table_are_read_into_one_buffer(tmp_path):
    plain = tmp_path / "plain.dso"
    ds.save(np.arange(100_000.0), plain)
    data = plain.read_bytes()
    parts = [data[i:i + 65536] for i in range(0, len(data), 65536)]
    path = tmp_path / "frames.dso.zst"
    path.write_bytes(_seekable(parts))
    assert [content for _, content in ds.compressed.seek_table(path.read_bytes())] == [len(p) for p in parts]
    assert ds.load(path).sum() == sum(range(100_000))
    # A table that disagrees with the frames is an error, not a short (or long) object.
    damaged = bytearray(path.read_bytes())
    entry = len(damaged) - 9 - 8 * len(parts) + 4
    damaged[entry:entry + 4] = (len(parts[0]) + 4096).to_bytes(4, "little")
    path.write_bytes(bytes(damaged))
    with pytest.raises(ds.CompressionError, match="seek table lists 13 frames and disagrees with frame 0 .*"
                                                  "declares 65536 bytes of content, the table 69632"):
        ds.load(path)


def _container_parts(tmp_path, size=65536):
    plain = tmp_path / "plain.dso"
    ds.save(np.arange(30_000.0), plain)
    data = plain.read_bytes()
    return [data[i:i + size] for i in range(0, len(data), size)]


def test_a_seek_table_with_entry_checksums_is_used_and_they_are_not_read(tmp_path):
    parts = _container_parts(tmp_path)
    path = tmp_path / "checksums.dso.zst"
    path.write_bytes(_seekable(parts, descriptor=0x80))
    assert [content for _, content in ds.compressed.seek_table(path.read_bytes())] == [len(p) for p in parts]
    assert ds.load(path).sum() == sum(range(30_000))


@pytest.mark.parametrize("damage", [
    lambda d: d.__setitem__(len(d) - 5, 0x04),                        # a reserved descriptor bit
    lambda d: d.__setitem__(slice(len(d) - 4, len(d)), b"\0\0\0\0"),   # no seekable magic
    lambda d: d.__setitem__(len(d) - 9, d[len(d) - 9] - 1),           # N one short: the frame size field disagrees
])
def test_a_trailer_that_is_not_a_valid_seek_table_is_ignored(tmp_path, damage):
    parts = _container_parts(tmp_path)
    data = bytearray(_seekable(parts))
    damage(data)
    assert ds.compressed.seek_table(bytes(data)) is None
    path = tmp_path / "ignored.dso.zst"
    path.write_bytes(bytes(data))
    assert ds.load(path).sum() == sum(range(30_000))  # a skippable frame all the same: passed over


def test_frames_without_content_sizes_are_read_without_their_seek_table(tmp_path):
    parts = _container_parts(tmp_path)
    data = bytearray(_seekable(parts, content_size=False))
    entry = len(data) - 9 - 8 * len(parts) + 4
    data[entry:entry + 4] = (len(parts[0]) + 4096).to_bytes(4, "little")  # wrong, and not consulted
    path = tmp_path / "sizeless.dso.zst"
    path.write_bytes(bytes(data))
    assert ds.load(path).sum() == sum(range(30_000))


def test_a_seek_table_listing_a_skippable_frame_disagrees_with_the_data_frames(tmp_path):
    import struct
    import zstandard
    parts = _container_parts(tmp_path, size=1 << 20)
    frame = zstandard.ZstdCompressor().compress(parts[0])
    skippable = struct.pack("<II", 0x184D2A50, 4) + b"note"
    entries = struct.pack("<IIII", len(skippable), 0, len(frame), len(parts[0]))
    footer = struct.pack("<IBI", 2, 0, 0x8F92EAB1)
    path = tmp_path / "skippable.dso.zst"
    path.write_bytes(skippable + frame + struct.pack("<II", 0x184D2A5E, len(entries) + len(footer)) + entries + footer)
    with pytest.raises(ds.CompressionError, match="disagrees with frame 0 .*do not start a zstd data frame"):
        ds.load(path)


@pytest.mark.parametrize("frame, message", [
    (pd.DataFrame({0: [1, 2]}), "column names must be strings"),
    (pd.DataFrame([[1, 2]], columns=["a", "a"]), "unique"),
    (pd.DataFrame({"mixed": ["a", 1]}), "column 'mixed'.*row 1 holds int"),
    (pd.DataFrame({"p": pd.period_range("2020-01", periods=2, freq="M")}), "column 'p'.*period"),
    (pd.DataFrame({"c": [1 + 2j]}), "column 'c'.*complex128"),
])
def test_unstorable_frames_are_refused_naming_the_column(tmp_path, frame, message):
    target = tmp_path / "f.dso"
    ds.save(pd.DataFrame({"ok": [1]}), target)
    with pytest.raises(ds.ObjectError, match=message):
        ds.save(frame, target)
    assert ds.load(target)["ok"].tolist() == [1]  # the previous version is intact


def test_bad_record_values_name_the_key():
    with pytest.raises(ds.ObjectError, match="field 'when'.*cannot store a value of type object"):
        ds.encode({"when": object()})
    with pytest.raises(ds.ObjectError, match=r"does not fit in 64 bits"):
        ds.encode({"huge": 1 << 70})


def test_a_non_default_index_round_trips_and_swift_sees_it_as_a_column(helper, tmp_path):
    frame = pd.DataFrame({"price": [1.0, 2.0]}, index=pd.Index(["a", "b"], name="id"))
    path = tmp_path / "indexed.dso"
    ds.save(frame, path)
    pd.testing.assert_frame_equal(ds.load(path), frame)
    assert [c["name"] for c in helper.describe(path)["columns"]] == ["id", "price"]


def test_swift_refuses_a_tensor_whose_shape_does_not_match_its_data(helper, tmp_path):
    obj = ds.encode(np.arange(4.0))
    obj.fields["shape"] = [5]
    path = tmp_path / "bad-shape.dso"
    ds.write(obj, path)
    result = helper.run("interop-describe", path, check=False)
    assert result.returncode != 0 and "data" in result.stderr
    with pytest.raises(ds.ObjectError, match="needs 40 bytes"):
        ds.load(path)


def test_writes_are_atomic_no_temporary_files_stay(tmp_path):
    ds.save(np.arange(3), tmp_path / "a.dso")
    ds.save(np.arange(4), tmp_path / "a.dso")
    assert os.listdir(tmp_path) == ["a.dso"]

"""One byte-size grammar with Swift (Tests/Vectors/byte-sizes.json), and the nesting the format
allows (docs/format.md, section 2, step 11): 100 message levels, the top-level object being
level 1, map entries not counted, each unknown group counted (SwiftProtobuf's count)."""

import json
import os

import numpy as np
import pytest

import datasetsdk as ds
from conftest import ROOT
from datasetsdk.sizes import format_size, parse_size, try_parse_size

VECTORS = json.load(open(os.path.join(ROOT, "Tests", "Vectors", "byte-sizes.json")))


@pytest.mark.parametrize("case", VECTORS["parse"], ids=lambda case: repr(case["input"]))
def test_sizes_parse_as_the_shared_vectors_say(case):
    if case.get("error"):
        assert try_parse_size(case["input"]) is None
        with pytest.raises(ValueError, match="expected a size such as 8Gi"):
            parse_size(case["input"], "size")
    else:
        assert parse_size(case["input"]) == case["bytes"]


@pytest.mark.parametrize("case", VECTORS["format"], ids=lambda case: str(case["bytes"]))
def test_sizes_format_as_the_shared_vectors_say(case):
    assert format_size(case["bytes"]) == case["text"]


def test_size_options_use_the_grammar(tmp_path):
    path = tmp_path / "x.dso.zst"
    ds.save(np.arange(100_000.0), path, frame_size="64KiB")
    assert len(ds.compressed.seek_table(path.read_bytes())) == 13
    with pytest.raises(ds.CompressionError, match="frame_size: expected a size such as 8Gi.*'64 kb'"):
        ds.save(np.arange(10.0), path, frame_size="64 kb")


def nested(levels: int) -> ds.StoredObject:
    obj = ds.StoredObject("datasetsdk.Codable", fields={"level": levels})
    for level in range(levels - 1, 0, -1):
        obj = ds.StoredObject("datasetsdk.Codable", fields={"level": level}, members={"inner": obj})
    return obj


def depth(obj) -> int:
    count = 1
    while "inner" in obj.members:
        obj = obj.members["inner"]
        count += 1
    return count


@pytest.mark.parametrize("source", ["dso", "dso.zst", "store"])
def test_sixty_nested_members_are_read_by_python_and_swift(helper, tmp_path, store_path, source):
    obj = nested(60)
    if source == "store":
        with ds.SharedMemoryStore.open(store_path) as store:
            store.put(obj, "deep")
            assert depth(store.get("deep")) == 60
        seen = helper.describe_store(store_path, "deep")
    else:
        path = tmp_path / f"deep.{source}"
        ds.write(obj, path)
        read = ds.read(path)
        assert depth(read) == 60 and ds.decode(read)["inner"]["inner"]["level"] == 3
        seen = helper.describe(path)
    assert seen["type"] == "datasetsdk.Codable" and seen["fields"] == {"level": 1}


def members(levels: int, leaf: dict | None = None) -> ds.StoredObject:
    """`levels` objects, each the member `inner` of the one before; the innermost has `leaf`'s
    fields, the others none."""
    obj = ds.StoredObject("datasetsdk.Codable", fields=leaf or {})
    for _ in range(levels - 1):
        obj = ds.StoredObject("datasetsdk.Codable", members={"inner": obj})
    return obj


def lists(count: int, leaf=1):
    value = leaf
    for _ in range(count):
        value = [value]
    return value


def maps(count: int, leaf=1):
    value = leaf
    for _ in range(count):
        value = {"m": value}
    return value


# Each builds an object at the limit (extra = 0: its deepest message is at level 100, a Null at
# 99) or past it (extra = 1).
@pytest.mark.parametrize("build", [
    pytest.param(lambda extra: members(100 + extra), id="a member at level 100 without fields"),
    pytest.param(lambda extra: members(99 + extra, {"x": 1}), id="a field of a member at level 99"),
    pytest.param(lambda extra: ds.StoredObject("t", fields={"x": lists(49 + extra)}), id="49 nested lists"),
    pytest.param(lambda extra: ds.StoredObject("t", fields={"x": maps(49 + extra)}), id="49 nested maps"),
    pytest.param(lambda extra: ds.StoredObject("t", fields={"x": lists(48 + extra, leaf=None)}), id="a null in 48 lists"),
    pytest.param(lambda extra: members(49, {"x": maps(25 + extra)}), id="25 maps in a member at level 49"),
])
def test_metadata_nests_100_levels_and_no_deeper(tmp_path, store_path, build):
    path = tmp_path / "deep.dso"
    ds.write(build(0), path)
    ds.decode(ds.read(path))
    # Writers refuse what readers refuse, before anything is written (the file keeps build(0)).
    with pytest.raises(ds.ObjectError, match=r"(t|datasetsdk\.Codable): cannot be written: .*nest deeper than 100 levels"):
        ds.write(build(1), path)
    ds.decode(ds.read(path))
    with ds.SharedMemoryStore.open(store_path) as store:
        with pytest.raises(ds.ObjectError, match="nest deeper than 100 levels"):
            store.put(build(1), "deep")
        assert not store.contains("deep")
    # A reader refuses such a file written by someone else.
    path.write_bytes(metadata_container(build(1).to_meta(lambda *_: None).SerializeToString()))
    with pytest.raises(ds.FormatError, match=f"{path}: the metadata is not a valid ObjectMeta .*nest deeper than 100 levels"):
        ds.read(path)


def metadata_container(metadata: bytes) -> bytes:
    """A container without blobs holding `metadata` (bytes [64, 64 + L))."""
    import struct
    import zlib
    header = bytearray(64)
    header[:8] = ds.container.MAGIC
    struct.pack_into("<HHI", header, 8, 1, 0, 0)
    struct.pack_into("<I", header, 60, zlib.crc32(header[:60]))
    footer = bytearray(64)
    struct.pack_into("<QQIIHH", footer, 0, 64, len(metadata), zlib.crc32(metadata), 0, 1, 0)
    struct.pack_into("<I", footer, 48, zlib.crc32(footer[:48]))
    footer[56:] = ds.container.MAGIC
    return bytes(header) + metadata + bytes(footer)


def varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    return bytes(out + bytes([value]))


def as_member(metadata: bytes) -> bytes:
    """An `ObjectMeta` whose member `m` is the encoded `metadata`."""
    entry = b"\x0a\x01m\x12" + varint(len(metadata)) + metadata
    return b"\x32" + varint(len(entry)) + entry


@pytest.mark.parametrize("members_above, groups", [(0, 99), (40, 59)])
def test_unknown_groups_count_one_level_each(tmp_path, members_above, groups):
    path = tmp_path / "groups.dso"
    start, end = varint(20 << 3 | 3), varint(20 << 3 | 4)  # an unknown field 20, as a group
    for extra in (0, 1):
        metadata = b"\x12\x01t" + start * (groups + extra) + end * (groups + extra)
        for _ in range(members_above):
            metadata = as_member(metadata)
        path.write_bytes(metadata_container(metadata))
        if extra == 0:
            obj = ds.read(path)
            for _ in range(members_above):
                obj = obj.members["m"]
            assert obj.type_name == "t"
        else:
            with pytest.raises(ds.FormatError, match="nest deeper than 100 levels"):
                ds.read(path)


def test_the_store_applies_the_same_limit(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.put(members(99, {"x": 1}), "at")      # the field's Value at level 100
        with pytest.raises(ds.ObjectError, match="cannot be written: .*nest deeper than 100 levels"):
            store.put(members(100, {"x": 1}), "past")   # the field's Value at level 101: refused by the writer
        assert not store.contains("past") and depth(store.get("at")) == 99
        with pytest.raises(ds.ObjectNotFoundError):
            store.get("past")

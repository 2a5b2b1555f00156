"""A `datasetsdk.StringArray` read from a file must hold valid UTF-8 (docs/format.md, section 3):
the bytes its strings cover are valid UTF-8 and no offset splits a character. Readers refuse
one that is not, naming the blob, as Swift does; objects in the shared-memory store were
checked by their writer and are not checked again."""

import numpy as np
import pandas as pd
import pytest

import datasetsdk as ds


def strings(offsets, data: bytes) -> ds.StoredObject:
    """A hand-made string array: the writers do not check what a StoredObject holds."""
    return ds.StoredObject("datasetsdk.StringArray", fields={"length": len(offsets) - 1},
                           blobs={"offsets": np.array(offsets, dtype="<i8"), "bytes": data})


@pytest.mark.parametrize("offsets, data, message", [
    ([0, 2, 4], b"ab\xff\xfe", r"byte 2 \(0xff, in string 1\) is not valid UTF-8"),
    ([0, 1, 3], b"a\xc3(", r"byte 1 \(0xc3, in string 1\) is not valid UTF-8"),  # a lead byte without its continuation
    ([0, 2, 3], b"ab\xe9", r"byte 2 \(0xe9, in string 1\) is not valid UTF-8"),   # Latin-1, not UTF-8
    ([0, 3], b"\xed\xa0\x80", r"byte 0 \(0xed, in string 0\) is not valid UTF-8"),  # a UTF-16 surrogate
    ([0, 1, 2], "é".encode(), r"offset 1 \(1\) splits a UTF-8 character"),   # each half alone is invalid
])
@pytest.mark.parametrize("suffix", ["dso", "dso.zst"])
def test_invalid_utf8_in_a_file_is_refused_naming_the_blob(tmp_path, offsets, data, message, suffix):
    path = tmp_path / f"strings.{suffix}"
    ds.write(strings(offsets, data), path)
    obj = ds.read(path)  # the container is fine: its checksums match
    with pytest.raises(ds.ObjectError, match=f"datasetsdk.StringArray: blob 'bytes': {message}"):
        ds.decode(obj)
    with pytest.raises(ds.ObjectError, match=message):
        ds.load(path)


def test_invalid_utf8_in_a_frame_column_is_refused_naming_the_column(tmp_path):
    path = tmp_path / "frame.dso"
    ds.save(pd.DataFrame({"n": [1, 2], "s": ["ab", "cd"]}), path)
    obj = ds.read(path)
    obj.members["s"] = strings([0, 2, 4], b"ab\xc0\xaf")  # an overlong encoding of '/'
    ds.write(obj, path)
    for load in (lambda: ds.load(path), lambda: ds.load(path, use_pyarrow=False),
                 lambda: ds.frames.columns(ds.read(path))):
        with pytest.raises(ds.ObjectError, match=r"column 's'.*blob 'bytes': byte 2 \(0xc0, in string 1\) is not valid UTF-8"):
            load()


def test_valid_utf8_is_read_and_bytes_outside_the_strings_are_not_checked(tmp_path):
    path = tmp_path / "strings.dso"
    # The 0xff bytes at both ends are outside [offsets[0], offsets[n]): they belong to no string.
    ds.write(strings([1, 4, 4, 8], b"\xffh\xc3\xa9\xf0\x9f\x98\x80\xff"), path)
    assert ds.load(path).to_list() == ["hé", "", "😀"]


def test_the_check_costs_less_than_the_load_of_the_column(tmp_path):
    import time
    words = ["CollgCr", "Veenker", "café", "Zürich", "東京"] * 200_000
    path = tmp_path / "words.dso"
    ds.save(ds.StringArray.from_strings(words), path)
    obj = ds.read(path, verify=False)
    array = ds.types.string_array_from(obj, trusted=True)
    started = time.perf_counter()
    ds.types.check_utf8(array.offsets, array.data, "words")
    checked = time.perf_counter() - started
    started = time.perf_counter()
    assert ds.load(path, verify=False).to_list() == words
    loaded = time.perf_counter() - started
    assert checked < loaded / 2, (checked, loaded)

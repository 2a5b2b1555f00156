"""One byte-size grammar with Swift (Tests/Vectors/byte-sizes.json), and the nesting the format
allows (docs/format.md, section 2, step 11): 100 message levels, map entries not counted."""

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


def test_members_nested_past_the_limit_are_refused(tmp_path):
    path = tmp_path / "deeper.dso"
    ds.write(nested(101), path)
    with pytest.raises(ds.FormatError, match=f"{path}.*deeper than 100 levels"):
        ds.read(path)
    ds.write(nested(100), path)
    assert depth(ds.read(path)) == 100

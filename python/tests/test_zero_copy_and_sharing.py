"""Loads that map, not rebuild, and saves that share (issue #17, items 1 and 2), checked by
memory addresses, resident memory and the store's rows, never by timings."""

import json
import os
import sqlite3
import subprocess
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import datasetsdk as ds
from datasetsdk.store.segments import MAPPED


def in_store(store, address, size) -> bool:
    return MAPPED.locate(address, size, store.identifier) is not None


def arrow_buffers(series):
    chunks = pa.array(series).chunks if isinstance(pa.array(series), pa.ChunkedArray) else [pa.array(series)]
    return [buffer for chunk in chunks for buffer in chunk.buffers() if buffer is not None]


def mixed_frame(rows=1000):
    return pd.DataFrame({"i": np.arange(rows, dtype=np.int64), "f": np.where(np.arange(rows) % 7 == 0, np.nan, 1.5),
                         "o": pd.Series(np.where(np.arange(rows) % 5 == 0, None, "abc"), dtype=object),
                         "t": pd.Series(["x", None] * (rows // 2), dtype="str"),
                         "n": pd.array([1, None] * (rows // 2), dtype="Int64")})


def counts(path):
    with sqlite3.connect(f"{path}/store.sqlite") as db:
        return db.execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM segments").fetchone()


def test_numeric_and_text_columns_view_the_segment(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(mixed_frame(), "frame")
        frame = store.load("frame")
        for name in ("i", "f"):
            values = frame[name].to_numpy()
            assert in_store(store, values.__array_interface__["data"][0], values.nbytes), name
        assert in_store(store, frame["n"].array._data.__array_interface__["data"][0], 8000)
        for buffer in arrow_buffers(frame["t"]):  # validity, offsets and bytes: the stored blobs
            assert in_store(store, buffer.address, buffer.size)
        zero_copy = store.load("frame", arrow_strings=True)
        for buffer in arrow_buffers(zero_copy["o"]):
            assert in_store(store, buffer.address, buffer.size)
        assert zero_copy["o"].dtype == pd.StringDtype("pyarrow", na_value=np.nan)
        assert not in_store(store, id(frame), 1)


PROBE = """
import json, sys
import datasetsdk as ds, pandas, pyarrow  # imported before measuring: they are not the load

def rss_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

store = ds.SharedMemoryStore.open(sys.argv[1])
before = rss_kib()
frame = store.load("text", arrow_strings=sys.argv[2] == "arrow")
after = rss_kib()
print(json.dumps({"growth_kib": after - before, "dtype": str(frame["s"].dtype), "rows": len(frame)}))
"""


def test_a_zero_copy_load_of_128_mib_of_text_does_not_grow_resident_memory(store_path):
    rows = 4 << 20  # 4 Mi strings of 24 bytes: 96 MiB of bytes, 32 MiB of offsets
    words = np.array([f"{i:024d}" for i in range(1024)], dtype=object)
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(pd.DataFrame({"s": pd.Series(words[np.arange(rows) % 1024], dtype=object)}), "text")
    for mode, limit in (("arrow", 16 << 10), ("object", None)):
        result = subprocess.run([sys.executable, "-c", PROBE, store_path, mode], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        seen = json.loads(result.stdout)
        assert seen["rows"] == rows
        if limit:
            assert seen["dtype"] == "str" and seen["growth_kib"] < limit, seen
        else:
            # Object columns hold one pointer per row to 1024 shared strings (codes), not a string per cell.
            assert seen["dtype"] == "object" and seen["growth_kib"] < (rows * 8 >> 10) + (24 << 10), seen


def test_saving_a_frame_with_dropped_columns_writes_nothing(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(mixed_frame(), "frame")
        before = counts(store_path)
        store.save(store.load("frame").drop(columns=["i"]), "dropped")
        assert store.last_put_copied_bytes == 0
        assert counts(store_path) == before  # no new segment: every blob is referenced
        with sqlite3.connect(f"{store_path}/store.sqlite") as db:
            assert db.execute("SELECT refcount FROM segments").fetchall() == [(2,)]
        pd.testing.assert_frame_equal(store.load("dropped"), mixed_frame().drop(columns=["i"]))


def test_a_new_column_is_the_only_thing_a_save_writes(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(mixed_frame(), "frame")
        frame = store.load("frame")
        frame["total"] = frame["i"] * 2
        store.save(frame, "with_total")
        assert store.last_put_copied_bytes == 8000  # one int64 column
        assert counts(store_path)[0] == 2
        changed = store.load("frame")
        changed.loc[3, "o"] = "changed"  # a written column is copied, then stored anew
        store.save(changed, "changed")
        assert store.last_put_copied_bytes == ds.frames.from_pandas(changed[["o"]]).total_bytes  # only column o
        assert store.load("changed")["o"].tolist()[3] == "changed" and store.load("frame")["o"].tolist()[3] == "abc"


def test_a_shared_column_outlives_the_object_it_came_from(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(mixed_frame(), "frame")
        store.save(store.load("frame")[["o", "f"]], "part")
        store.delete("frame")
        part = store.load("part")
        assert part["o"].tolist()[:2] == [None, "abc"] and np.isnan(part["f"].iloc[0])
        store.delete("part")
        assert counts(store_path) == (0, 0) and os.listdir(f"{store_path}/segments") == []


def test_loading_remembers_nothing_after_the_frame_is_gone(store_path):
    import gc
    from datasetsdk.frames import sharing
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(mixed_frame(), "frame")
        frame = store.load("frame")
        assert sharing.LOADED._entries
        del frame
        gc.collect()
        assert not sharing.LOADED._entries
        store.delete("frame")
    maps = open("/proc/self/maps").read()
    assert f"{store_path}/segments" not in maps  # the segment was unmapped


@pytest.mark.parametrize("source", ["dso", "dso.zst"])
def test_loads_from_files_view_the_mapping_too(tmp_path, source):
    path = tmp_path / f"f.{source}"
    ds.save(mixed_frame(), path)
    frame = ds.load(path)
    assert not frame["i"].to_numpy().flags.owndata and not frame["i"].to_numpy().flags.writeable
    copy = tmp_path / f"copy.{source}"
    ds.save(frame.drop(columns=["f"]), copy)  # files copy bytes: a save never references another file
    pd.testing.assert_frame_equal(ds.load(copy), mixed_frame().drop(columns=["f"]))

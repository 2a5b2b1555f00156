"""The shared-memory store from Python follows the Swift store's rules: layout and permissions,
atomic rebinding, reference counts and structural sharing, garbage collection, version checks;
and Swift and Python processes share one store."""

import os
import sqlite3
import stat
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import datasetsdk as ds


def segment_rows(path):
    with sqlite3.connect(f"{path}/store.sqlite") as db:
        return dict(db.execute("SELECT key, refcount FROM segments").fetchall())


def test_a_python_created_store_has_the_documented_layout_and_permissions(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(np.arange(10.0), "x")
    assert stat.S_IMODE(os.stat(store_path).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(f"{store_path}/store.sqlite").st_mode) == 0o600
    (segment,) = os.listdir(f"{store_path}/segments")
    assert len(segment) == 32 and all(c in "0123456789abcdef" for c in segment)
    assert stat.S_IMODE(os.stat(f"{store_path}/segments/{segment}").st_mode) == 0o400
    assert os.listdir(f"{store_path}/tmp") == []
    with sqlite3.connect(f"{store_path}/store.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        meta = dict(db.execute("SELECT key, value FROM meta"))
        assert meta["format_version"] == "1" and len(meta["store_id"]) == 32
        assert db.execute("SELECT COUNT(*) FROM reservations").fetchone()[0] == 0


def test_rebinding_a_name_frees_the_old_object_but_keeps_live_views(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(np.full(1000, 1.0), "x")
        old = store.load("x")
        (first,) = segment_rows(store_path)
        store.save(np.full(1000, 2.0), "x")
        assert first not in segment_rows(store_path) and not os.path.exists(f"{store_path}/segments/{first}")
        assert old.sum() == 1000.0  # the unlinked file stays mapped
        assert store.load("x").sum() == 2000.0
        assert store.names() == ["x"]


def test_saving_a_loaded_object_references_its_segment_instead_of_copying(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(pd.DataFrame({"a": np.arange(100), "b": np.arange(100.0)}), "frame")
        loaded = store.get("frame")
        del loaded.members["b"]
        loaded.fields["columns"] = ["a"]
        store.put(loaded, "derived")
        assert list(segment_rows(store_path).values()) == [2]  # one segment, two objects
        store.delete("frame")
        assert list(segment_rows(store_path).values()) == [1]
        assert store.load("derived")["a"].sum() == 4950
        # A numpy view of a loaded array is recognised too.
        array = store.load("derived")["a"].to_numpy()
        store.save(array, "column")
        assert len(segment_rows(store_path)) == 1


def test_unnamed_objects_are_read_by_id_and_deleted_names_are_gone(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        object_id = store.save(np.arange(5, dtype=np.int32), None)
        assert len(object_id) == 16
        assert ds.decode(store.get_by_id(object_id)).tolist() == [0, 1, 2, 3, 4]
        store.save({"a": 1}, "r")
        assert store.delete("r") and not store.delete("r") and "r" not in store
        with pytest.raises(ds.ObjectNotFoundError, match="no object named 'r'"):
            store.load("r")


@pytest.mark.parametrize("name", ["", "a/b", "..", ".", "x\ny", "n" * 256])
def test_invalid_names_are_refused_like_swift(store_path, name):
    with ds.SharedMemoryStore.open(store_path) as store:
        with pytest.raises(ds.StoreError, match="invalid object name"):
            store.save(np.arange(3), name)


def test_a_store_of_another_format_version_is_refused(store_path):
    ds.SharedMemoryStore.open(store_path).close()
    with sqlite3.connect(f"{store_path}/store.sqlite") as db:
        db.execute("UPDATE meta SET value = '2' WHERE key = 'format_version'")
    with pytest.raises(ds.StoreError, match="format version 2.*reads version 1"):
        ds.SharedMemoryStore.open(store_path)


@pytest.mark.parametrize("version, refused", [("1", False), ("1.0", True), ("01", True), (None, False)])
def test_format_version_is_compared_as_text_and_a_missing_row_is_filled_in(store_path, version, refused):
    ds.SharedMemoryStore.open(store_path).close()
    with sqlite3.connect(f"{store_path}/store.sqlite") as db:
        if version is None:
            db.execute("DELETE FROM meta WHERE key = 'format_version'")
        else:
            db.execute("UPDATE meta SET value = ? WHERE key = 'format_version'", (version,))
    if refused:
        with pytest.raises(ds.StoreError, match=f"format version {version}; this datasetsdk reads version 1"):
            ds.SharedMemoryStore.open(store_path)
        return
    ds.SharedMemoryStore.open(store_path).close()
    with sqlite3.connect(f"{store_path}/store.sqlite") as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone() == ("1",)


def test_capacity_is_enforced_with_a_clear_error_and_nothing_is_lost(store_path):
    with ds.SharedMemoryStore.open(store_path, capacity=100_000) as store:
        store.save(np.zeros(5000), "small")
        with pytest.raises(ds.StoreError, match="is full.*small"):
            store.save(np.zeros(20_000), "big")
        assert store.load("small").shape == (5000,) and "big" not in store
        assert os.listdir(f"{store_path}/tmp") == []


def test_lru_eviction_removes_unnamed_objects_first(store_path):
    with ds.SharedMemoryStore.open(store_path, capacity=100_000, eviction="lru") as store:
        scratch = store.save(np.zeros(8000), None)
        store.save(np.zeros(8000), "kept")
        assert store.load("kept").shape == (8000,)
        with pytest.raises(ds.ObjectNotFoundError):
            store.get_by_id(scratch)


def test_gc_removes_what_a_killed_python_writer_left(store_path, tmp_path):
    ds.SharedMemoryStore.open(store_path).close()
    # A writer killed after writing its segment in tmp/ and before publishing.
    script = (f"import os, datasetsdk.store as s\n"
              f"st = s.SharedMemoryStore.open({store_path!r})\n"
              f"def die(*arguments, **options): os._exit(9)\n"
              f"st._database.publish = die  # after the segment is written in tmp/, before publishing\n"
              f"import numpy as np; st.save(np.arange(100000.0), 'x')\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=os.path.dirname(os.path.dirname(__file__)))
    assert result.returncode == 9
    assert len(os.listdir(f"{store_path}/tmp")) == 1
    with ds.SharedMemoryStore.open(store_path) as store:  # gc runs on open when tmp/ is not empty
        assert os.listdir(f"{store_path}/tmp") == [] and "x" not in store
        with sqlite3.connect(f"{store_path}/store.sqlite") as db:
            assert db.execute("SELECT COUNT(*) FROM reservations").fetchone()[0] == 0


def test_swift_and_python_share_one_store(helper, store_path):
    helper.run("store-put-tensor", store_path, "from_swift", 1)
    with ds.SharedMemoryStore.open(store_path) as store:
        values = store.load("from_swift")
        assert values.shape == (131072,) and values[12345] == 12345.0
        store.save(pd.DataFrame({"c0": np.full(100, 7, dtype=np.int64), "c1": np.full(100, 7, dtype=np.int64)}), "versions")
    checked = helper.fields("store-check", store_path, "versions")
    assert (checked["version"], checked["columns"], checked["rows"]) == ("7", "2", "100")
    # Swift derives from the Python object (sharing its segment), Python reads the result.
    helper.run("store-derive", store_path, "versions", "derived", "--drop", "c1", "--add", "row")
    with ds.SharedMemoryStore.open(store_path) as store:
        derived = store.load("derived")
        assert list(derived.columns) == ["c0", "row"] and derived["row"].iloc[-1] == 99
        assert 2 in segment_rows(store_path).values()  # Swift referenced the Python-written segment
        store.delete("versions")
        store.delete("derived")
        store.delete("from_swift")
    assert segment_rows(store_path) == {}  # Python's deletes freed the segments Swift referenced
    assert os.listdir(f"{store_path}/segments") == []
    assert helper.fields("store-gc", store_path)["removed_files"] == "0"


def test_python_rebinds_while_swift_reads_never_tear(helper, store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(pd.DataFrame({f"c{i}": np.full(5000, 1, dtype=np.int64) for i in range(4)}), "v")
    checker = subprocess.Popen([helper.path, "store-rebind", store_path, "v", "3", "3", "5000"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with ds.SharedMemoryStore.open(store_path) as store:
        version = 2
        while checker.poll() is None:
            rows = 5000 + version % 61
            store.save(pd.DataFrame({f"c{i}": np.full(rows, version, dtype=np.int64) for i in range(4)}), "v")
            version += 1
    out, err = checker.communicate()
    assert checker.returncode == 0, err
    assert version > 3, "python saved nothing while swift ran"

"""The Python store follows revision 2 of the store protocol (docs/shared-memory.md): only the
statements of proto/datasetsdk/v1/store.sql, `blobs` rows with each new blob's CRC-32, CRC-32s in
the stored BlobRefs, tier rows deleted with their segment or object, orphans removed by gc, and
older stores upgraded on open."""

import glob
import os
import re
import sqlite3
import zlib

import numpy as np
import pandas as pd

import datasetsdk as ds
from datasetsdk import store_protocol
from datasetsdk.v1 import object_pb2 as pb


def db(path):
    return sqlite3.connect(f"{path}/store.sqlite")


def stored_meta(path, name) -> pb.ObjectMeta:
    with db(path) as connection:
        (metadata,) = connection.execute(store_protocol.OBJECT_BY_NAME, (name,)).fetchone()[:1]
    return pb.ObjectMeta.FromString(metadata)


def refs(meta, path=()):
    for name, ref in meta.blobs.items():
        yield path + (name,), ref
    for name, member in meta.members.items():
        yield from refs(member, path + (name,))


def test_new_blobs_get_blobs_rows_and_their_crc_in_the_metadata(store_path):
    frame = pd.DataFrame({"a": np.arange(1000), "s": pd.Series(["x", None] * 500, dtype=object)})
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(frame, "frame")
    with db(store_path) as connection:
        rows = {(segment, offset, size): crc for segment, offset, size, crc in connection.execute("SELECT * FROM blobs")}
        assert dict(connection.execute(store_protocol.META_ALL))["schema_revision"] == store_protocol.SCHEMA_REVISION
    meta = stored_meta(store_path, "frame")
    for path, ref in refs(meta):
        segment, offset = ref.store_key.split("@")
        data = open(f"{store_path}/segments/{segment}", "rb").read()[int(offset):int(offset) + ref.size]
        assert ref.checksum_kind == pb.CHECKSUM_KIND_CRC32 and ref.checksum == zlib.crc32(data), path
        assert rows[(segment, int(offset), ref.size)] == ref.checksum


def test_shared_blobs_take_the_crc_of_their_row_or_none(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(pd.DataFrame({"a": np.arange(100), "b": np.arange(100.0)}), "frame")
        store.save(store.load("frame")[["a"]], "derived")
        assert stored_meta(store_path, "derived").members["a"].blobs["data"].checksum == \
            stored_meta(store_path, "frame").members["a"].blobs["data"].checksum != 0
        with db(store_path) as connection:  # as a writer of revision 1 leaves it: no rows
            connection.execute("DELETE FROM blobs")
        store.save(store.load("frame")[["b"]], "older")
        ref = stored_meta(store_path, "older").members["b"].blobs["data"]
        assert ref.checksum_kind == pb.CHECKSUM_KIND_NONE and ref.checksum == 0


def test_deletes_remove_blob_and_tier_rows_and_gc_removes_orphans(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        object_id = store.save(np.arange(10.0), "x")
        with db(store_path) as connection:
            (segment,) = connection.execute("SELECT key FROM segments").fetchone()
            connection.execute(store_protocol.TIER_SEGMENT_INSERT, (segment, "s3://b/p/", "t" * 32))
            connection.execute(store_protocol.TIER_OBJECT_INSERT, (object_id, "s3://b/p/", "x"))
        store.delete("x")
        with db(store_path) as connection:
            for table in ("blobs", "tier_segments", "tier_objects", "segments", "objects"):
                assert connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table
            connection.execute(store_protocol.BLOB_INSERT, ("f" * 32, 0, 8, 1))
            connection.execute(store_protocol.TIER_SEGMENT_INSERT, ("f" * 32, "s3://b/p/", "t" * 32))
            connection.execute(store_protocol.TIER_OBJECT_INSERT, (b"\x01" * 16, "s3://b/p/", "gone"))
        store.collect_garbage()
        with db(store_path) as connection:
            for table in ("blobs", "tier_segments", "tier_objects"):
                assert connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0, table


def test_a_revision_1_store_is_upgraded_on_open(store_path):
    ds.SharedMemoryStore.open(store_path).close()
    with db(store_path) as connection:
        for table in ("blobs", "tier_segments", "tier_objects"):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("DELETE FROM meta WHERE key = 'schema_revision'")
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(np.arange(3), "x")
    with db(store_path) as connection:
        assert connection.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 1
        assert dict(connection.execute("SELECT key, value FROM meta"))["schema_revision"] == "2"


def test_a_swift_written_object_shared_by_python_keeps_swifts_checksums(helper, store_path):
    helper.run("store-put-tensor", store_path, "from_swift", 1)
    with db(store_path) as connection:
        swift_revision = int(dict(connection.execute(store_protocol.META_ALL)).get("schema_revision", "1"))
    with ds.SharedMemoryStore.open(store_path) as store:  # upgrades a revision-1 store to 2
        store.save(store.load("from_swift"), "again")
        assert store.last_put_copied_bytes == 0
    swift = stored_meta(store_path, "from_swift").blobs["data"]
    ours = stored_meta(store_path, "again").blobs["data"]
    assert swift.store_key == ours.store_key
    with db(store_path) as connection:
        rows = connection.execute("SELECT crc32 FROM blobs").fetchall()
    if swift_revision >= 2:  # Swift recorded the blob's row and CRC: Python's reference carries it
        assert rows and rows[0][0] is not None
        assert ours.checksum_kind == pb.CHECKSUM_KIND_CRC32 and ours.checksum == rows[0][0] == swift.checksum
    else:  # a revision-1 writer (an older Swift build) recorded no row: the checksum stays unset
        assert rows == []
        assert ours.checksum_kind == pb.CHECKSUM_KIND_NONE and ours.checksum == 0


STATEMENT_TEXT = re.compile(r"[\"']\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|BEGIN|COMMIT|ROLLBACK|PRAGMA|VACUUM)"
                            r"\s+\S")


def test_the_python_store_runs_no_sql_of_its_own():
    """No statement text in the store package (a bare keyword, as in `startswith("PRAGMA")`, is
    not a statement), and every execute() and run() runs a store_protocol constant or a part of
    its schema script."""
    folder = os.path.join(os.path.dirname(ds.__file__), "store")
    paths = glob.glob(f"{folder}/*.py")
    assert len(paths) >= 4
    for path in paths:
        source = open(path).read()
        assert not STATEMENT_TEXT.search(source), (path, STATEMENT_TEXT.search(source).group(0))
        for call in re.finditer(r"\.(?:execute|executemany|executescript|run)\(\s*([^,)]*)", source):
            argument = call.group(1).strip()
            assert argument.startswith("sql.") or argument in ("statement", "pragma"), (path, call.group(0))
        assert len(source.splitlines()) < 400, path


def test_the_schema_parts_the_store_runs_are_the_generated_ones():
    parts = [part.strip() for part in store_protocol.SCHEMA.split(";") if part.strip()]
    assert [part.split()[0].upper() for part in parts[:2]] == ["PRAGMA", "PRAGMA"]
    assert all(part.split()[0].upper() == "CREATE" for part in parts[2:])
    assert {"blobs", "tier_segments", "tier_objects"} <= {
        re.search(r"(?:TABLE|INDEX) IF NOT EXISTS (\w+)", part).group(1) for part in parts[2:]}

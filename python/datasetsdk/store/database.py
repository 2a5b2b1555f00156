"""The store's metadata (docs/shared-memory.md, "Database"): every step of the protocol as one
method, each running only the statements of proto/datasetsdk/v1/store.sql
(:mod:`datasetsdk.store_protocol`), so that a save reads like the documentation: reserve, write,
publish (which drops what the name bound), and, for maintenance, unbind, drop and collect."""

from __future__ import annotations

import os
import sqlite3

from .. import store_protocol as sql
from ..errors import StoreError
from .layout import is_alive, new_key, now, remove_tree


class SegmentGone(Exception):
    """A segment the object references was freed since it was loaded: re-plan, copying it."""

    def __init__(self, segment: str):
        super().__init__(segment)
        self.segment = segment


class StoreDatabase:
    """`store.sqlite` of one store, opened by this process."""

    def __init__(self, store: str):
        self.store = store
        previous = os.umask(0o077)
        try:
            self._db = sqlite3.connect(f"{store}/store.sqlite", timeout=30.0, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise StoreError(f"shared-memory store {store} cannot be used: {error}") from None
        finally:
            os.umask(previous)

    def close(self) -> None:
        self._db.close()

    # ------------------------------------------------------------------------------------------
    # statements and transactions

    def run(self, statement: str, parameters=()) -> list:
        try:
            return self._db.execute(statement, parameters).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"shared-memory store {self.store} cannot be used: SQLite error: {error} "
                             f"(in: {statement.strip()})") from None

    def write(self, body):
        """`body()` under the write lock (`begin_write`), committed on success, rolled back on error."""
        self.run(sql.BEGIN_WRITE)
        try:
            result = body()
        except BaseException:
            try:
                self._db.execute(sql.ROLLBACK)
            except sqlite3.Error:
                pass
            raise
        self.run(sql.COMMIT)
        return result

    def read(self, body):
        """`body()` in one read transaction (a consistent snapshot)."""
        self.run(sql.BEGIN_READ)
        try:
            return body()
        finally:
            try:
                self._db.execute(sql.COMMIT)
            except sqlite3.Error:
                pass

    # ------------------------------------------------------------------------------------------
    # opening

    def open(self, capacity: int | None) -> tuple[str, int | None]:
        """Checks the format version, creates or upgrades the schema (revision 2: run the schema
        script when `schema_revision` is missing or lower) and records `capacity` (None keeps
        the recorded one). Returns (store_id, capacity)."""
        statements = [part.strip() for part in sql.SCHEMA.split(";") if part.strip()]
        try:  # journal_mode cannot change inside a transaction; synchronous is per connection
            for pragma in (s for s in statements if s.upper().startswith("PRAGMA")):
                self._db.execute(pragma)
        except sqlite3.Error as error:
            raise StoreError(f"shared-memory store {self.store} cannot be used: {error}") from None
        try:
            meta = dict(self._db.execute(sql.META_ALL).fetchall())
        except sqlite3.Error:
            meta = None
        if meta is not None:
            self._check_version(meta)
            recorded = int(meta["capacity"]) if "capacity" in meta else None
            # As in Swift, a store missing a meta row (or of an older revision) goes on to create().
            if (_revision(meta) >= int(sql.SCHEMA_REVISION) and "store_id" in meta and "format_version" in meta
                    and (capacity is None or capacity == recorded)):
                return meta["store_id"], recorded

        def create():
            for statement in (s for s in statements if not s.upper().startswith("PRAGMA")):
                self.run(statement)
            meta = dict(self.run(sql.META_ALL))
            self._check_version(meta)
            self.run(sql.META_INSERT, ("format_version", sql.FORMAT_VERSION))
            self.run(sql.META_INSERT, ("store_id", new_key()))
            if _revision(meta) < int(sql.SCHEMA_REVISION):
                self.run(sql.META_SET, ("schema_revision", sql.SCHEMA_REVISION))
            if capacity is not None:
                self.run(sql.META_SET, ("capacity", str(int(capacity))))
            meta = dict(self.run(sql.META_ALL))
            return meta["store_id"], int(meta["capacity"]) if "capacity" in meta else None

        return self.write(create)

    def _check_version(self, meta: dict) -> None:
        version = meta.get("format_version")
        if version is not None and version != sql.FORMAT_VERSION:
            raise StoreError(f"shared-memory store {self.store} has format version {version}; this datasetsdk reads "
                             f"version {sql.FORMAT_VERSION}. Use a new store path or remove the old store")

    # ------------------------------------------------------------------------------------------
    # reading

    def object_by_name(self, name: str):
        """(metadata, id) of the object bound to `name`, or None."""
        rows = self.read(lambda: self.run(sql.OBJECT_BY_NAME, (name,)))
        return (rows[0][0], rows[0][1]) if rows else None

    def object_by_id(self, object_id: bytes):
        """The metadata of the object with this id (marking it used, for `eviction: lru`), or None."""
        def touch():
            self.run(sql.OBJECT_TOUCH, (now(), object_id))
            return self.run(sql.OBJECT_BY_ID, (object_id,))
        rows = self.write(touch)
        return rows[0][0] if rows else None

    def contains(self, name: str) -> bool:
        return bool(self.run(sql.NAME_EXISTS, (name,)))

    def names(self) -> list[str]:
        return [row[0] for row in self.run(sql.NAME_LIST)]

    # ------------------------------------------------------------------------------------------
    # saving: reserve, (write: the caller), publish

    def reserve(self, size: int, token: str, capacity: int | None, evicts: bool) -> list[str]:
        """Step 2: takes `size` bytes of the capacity for this process (evicting unnamed, unpinned
        objects by last use under `eviction: lru`). Returns the segments freed by evictions."""
        def reserve():
            self.forget_dead_reservations()
            freed = []
            if capacity is not None:
                used = self.used_bytes()
                while used + size > capacity:
                    victim = self.run(sql.EVICTION_VICTIM_LRU) if evicts else []
                    if not victim:
                        raise self.full(size, capacity, used)
                    freed += self.drop(victim[0][0])
                    used = self.used_bytes()
            self.run(sql.RESERVATION_INSERT, (token, os.getpid(), size))
            return freed

        return self.write(reserve)

    def release_reservation(self, token: str) -> None:
        try:
            self.write(lambda: self.run(sql.RESERVATION_DELETE, (token,)))
        except StoreError:
            pass

    def publish(self, plan, token: str, move_segment, object_id: bytes, type_name: str, total_bytes: int,
                name: str | None, serialize) -> list[str]:
        """Step 4, under the write lock: every shared segment still exists (else
        :class:`SegmentGone`); `move_segment()` renames the new segment into `segments/`; its row,
        its `blobs` rows and the end of the reservation; the object (`serialize(checksums)`
        gives its metadata, with the CRC-32s of shared blobs from their `blobs` rows) and its
        segment references; the name's binding, dropping what it bound before. Returns the
        segments freed (their files go after the commit)."""
        def body():
            checksums = {}
            for segment in sorted(plan.shared):
                if not self.run(sql.SEGMENT_EXISTS, (segment,)):
                    raise SegmentGone(segment)
            for (segment, offset, size) in plan.shared_blobs:
                row = self.run(sql.BLOB_CHECKSUM, (segment, offset, size))
                if row and row[0][0] is not None:
                    checksums[(segment, offset, size)] = int(row[0][0])
            metadata = serialize(checksums)
            stamp = now()
            if plan.size:
                move_segment()
                self.run(sql.SEGMENT_INSERT, (plan.new_segment, plan.size, stamp))
                for offset, size, crc in plan.written:
                    self.run(sql.BLOB_INSERT, (plan.new_segment, offset, size, crc))
                self.run(sql.RESERVATION_DELETE, (token,))
            self.run(sql.OBJECT_INSERT, (object_id, type_name, metadata, total_bytes, stamp, stamp))
            for segment in plan.referenced():
                self.run(sql.OBJECT_SEGMENT_INSERT, (object_id, segment))
                self.run(sql.SEGMENT_RETAIN, (segment,))
            if name is None:
                return []
            previous = self.run(sql.OBJECT_ID_BY_NAME, (name,))
            self.run(sql.NAME_BIND, (name, object_id, stamp))
            if not previous or previous[0][0] == object_id:
                return []
            return self.drop(previous[0][0])

        return self.write(body)

    # ------------------------------------------------------------------------------------------
    # dropping and maintenance

    def drop(self, object_id: bytes) -> list[str]:
        """Deletes the object unless a name binds it or it is pinned: its segment references
        (deleting segments no object references any more, with their `blobs` and
        `tier_segments` rows), its row and its `tier_objects` rows. Runs inside a write
        transaction; returns the deleted segments."""
        if self.run(sql.OBJECT_IS_KEPT, (object_id,)):
            return []
        segments = [row[0] for row in self.run(sql.OBJECT_SEGMENTS_OF, (object_id,))]
        self.run(sql.OBJECT_SEGMENTS_DELETE, (object_id,))
        self.run(sql.OBJECT_DELETE, (object_id,))
        self.run(sql.OBJECT_TIERS_DELETE, (object_id,))
        freed = []
        for segment in segments:
            self.run(sql.SEGMENT_RELEASE, (segment,))
            row = self.run(sql.SEGMENT_REFCOUNT, (segment,))
            if (row[0][0] if row else 0) <= 0:
                self.delete_segment(segment)
                freed.append(segment)
        return freed

    def delete_segment(self, segment: str) -> None:
        self.run(sql.SEGMENT_DELETE, (segment,))
        self.run(sql.SEGMENT_BLOBS_DELETE, (segment,))
        self.run(sql.SEGMENT_TIERS_DELETE, (segment,))

    def unbind(self, name: str) -> tuple[bool, list[str]]:
        """Removes the name's binding and drops the object when nothing else keeps it."""
        def body():
            row = self.run(sql.OBJECT_ID_BY_NAME, (name,))
            if not row:
                return False, []
            self.run(sql.NAME_UNBIND, (name,))
            return True, self.drop(row[0][0])

        return self.write(body)

    def forget_dead_reservations(self) -> None:
        for token, pid in self.run(sql.RESERVATIONS_ALL):
            if not is_alive(int(pid or 0)):
                self.run(sql.RESERVATION_DELETE, (token,))

    def collect(self) -> int:
        """`gc`: under the write lock, removes temporary folders and reservations of dead
        processes, segments with `refcount <= 0`, rows of revision 2's tables whose segment or
        object is gone (`orphan_*_delete`) and segment files without a row. Returns the number
        of files and folders removed."""
        def body():
            removed = 0
            self.forget_dead_reservations()
            for folder in os.listdir(f"{self.store}/tmp"):
                pid = folder.split("-", 1)[0]
                if pid.isdigit() and not is_alive(int(pid)):
                    removed += remove_tree(f"{self.store}/tmp/{folder}")
            for (key,) in self.run(sql.DEAD_SEGMENTS):
                self.delete_segment(key)
            self.run(sql.ORPHAN_BLOBS_DELETE)
            self.run(sql.ORPHAN_TIER_SEGMENTS_DELETE)
            self.run(sql.ORPHAN_TIER_OBJECTS_DELETE)
            known = {row[0] for row in self.run(sql.SEGMENT_KEYS)}
            for file in os.listdir(f"{self.store}/segments"):
                if file not in known:
                    removed += remove_tree(f"{self.store}/segments/{file}")
            return removed

        return self.write(body)

    # ------------------------------------------------------------------------------------------
    # space

    def used_bytes(self) -> int:
        return int(self.run(sql.USED_BYTES)[0][0])

    def full(self, needed: int, capacity: int, used: int | None = None) -> StoreError:
        from ..sizes import format_size
        used = self.used_bytes() if used is None else used
        largest = self.run(sql.LARGEST_OBJECTS)[:5]
        usage = f" (largest: {', '.join(f'{n} {format_size(b)}' for n, b in largest)})" if largest else ""
        return StoreError(f"shared-memory store {self.store} is full: the object needs {format_size(needed)} but "
                          f"{format_size(used)} of {format_size(capacity)} are used{usage}; delete objects with "
                          "`datasets store rm NAME`, raise `size:`, or set `eviction: lru` to evict unnamed objects")


def _revision(meta: dict) -> int:
    value = meta.get("schema_revision", "1")
    return int(value) if value.isdigit() else 1

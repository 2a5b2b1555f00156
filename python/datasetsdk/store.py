"""The shared-memory store (docs/shared-memory.md) from Python, following the Swift side's rules:
segment files on a tmpfs, SQLite (WAL) metadata, `BEGIN IMMEDIATE` saves, reference counts,
atomic name binding and garbage collection of crashed writers."""

from __future__ import annotations

import errno
import mmap
import os
import sqlite3
import stat
import time

import numpy as np
from google.protobuf.message import DecodeError

from .errors import ObjectNotFoundError, StoreError
from .objects import StoredObject, blob_address
from .types import decode, encode
from .v1 import object_pb2 as pb

FORMAT_VERSION = "1"
MAX_NAME = 255
SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS segments(
    key TEXT PRIMARY KEY, size INTEGER NOT NULL, refcount INTEGER NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS objects(
    id BLOB PRIMARY KEY, type_name TEXT NOT NULL, metadata BLOB NOT NULL, total_bytes INTEGER NOT NULL,
    created REAL NOT NULL, last_used REAL NOT NULL, pinned INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS object_segments(
    object_id BLOB NOT NULL, segment TEXT NOT NULL, PRIMARY KEY(object_id, segment));
CREATE INDEX IF NOT EXISTS object_segments_by_segment ON object_segments(segment);
CREATE TABLE IF NOT EXISTS names(name TEXT PRIMARY KEY, object_id BLOB NOT NULL, bound REAL NOT NULL);
CREATE INDEX IF NOT EXISTS names_by_object ON names(object_id);
CREATE TABLE IF NOT EXISTS reservations(token TEXT PRIMARY KEY, pid INTEGER NOT NULL, bytes INTEGER NOT NULL);
"""


def default_path() -> str:
    """`$DATASETS_SHM_STORE`, else `/dev/shm/datasetsdk-<uid>/default` (as in Swift)."""
    return os.environ.get("DATASETS_SHM_STORE") or f"/dev/shm/datasetsdk-{os.getuid()}/default"


def new_key() -> str:
    return os.urandom(16).hex()


def validate_name(name: str) -> None:
    """The Swift side's name rules: 1-255 UTF-8 bytes, no '/', no '..', no control characters."""
    if not isinstance(name, str):
        raise StoreError(f"invalid object name {name!r}: it must be a string")
    raw = name.encode("utf-8", "surrogatepass")
    if not raw:
        raise StoreError(f"invalid object name '{name}': it is empty")
    if len(raw) > MAX_NAME:
        raise StoreError(f"invalid object name '{name[:40]}...': it is longer than {MAX_NAME} bytes")
    if b".." in raw:
        raise StoreError(f"invalid object name '{name}': '..' is not allowed")
    if b"/" in raw:
        raise StoreError(f"invalid object name '{name}': '/' is not allowed")
    if any(byte < 0x20 or byte == 0x7F for byte in raw):
        raise StoreError(f"invalid object name {name!r}: control characters are not allowed")
    if name == ".":
        raise StoreError(f"invalid object name '{name}': '.' is not allowed")


def prepare_folder(path: str) -> None:
    """Creates `path` (and parents) with mode 0700; an existing folder must be this user's and
    is tightened to 0700."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        parent = os.path.dirname(path.rstrip("/"))
        if parent and parent != path:
            prepare_folder(parent)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError as error:
            raise StoreError(f"shared-memory store {path} cannot be used: cannot create the folder: {error.strerror}") from None
        return
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"shared-memory store {path} cannot be used: it exists and is not a folder")
    if info.st_uid != os.getuid():
        raise StoreError(f"shared-memory store {path} cannot be used: it belongs to user {info.st_uid}, "
                         f"not to this user ({os.getuid()})")
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)


def is_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Segment(mmap.mmap):
    """A sealed segment file mapped read-only; blobs loaded from the store are views of it, and
    it remembers which store and segment it is, so that a later save references those blobs
    instead of copying them."""

    store_id: str
    key: str


class SharedMemoryStore:
    """A shared-memory store folder, opened by this process (no daemon).

    ``get``/``load`` map the object's segment files read-only: numpy arrays and Arrow strings
    view the store's pages, nothing is copied, and the views stay valid after the object is
    deleted or rebound. ``put``/``save`` write the new blobs into one segment file in ``tmp/``,
    seal it read-only and publish the object and its name in one ``BEGIN IMMEDIATE``
    transaction, exactly as the Swift store does; blobs that already live in this store (views
    of its segments) are referenced, not copied.
    """

    def __init__(self, path: str, capacity: int | None = None, eviction: str = "none"):
        if eviction not in ("none", "lru"):
            raise StoreError(f"eviction must be 'none' or 'lru', found {eviction!r}")
        self.path = path
        self.evicts = eviction == "lru"
        prepare_folder(path)
        prepare_folder(f"{path}/segments")
        prepare_folder(f"{path}/tmp")
        previous = os.umask(0o077)
        try:
            self._db = sqlite3.connect(f"{path}/store.sqlite", timeout=30.0, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise StoreError(f"shared-memory store {path} cannot be used: {error}") from None
        finally:
            os.umask(previous)
        self.identifier, self.capacity = self._open_meta(capacity)
        if os.listdir(f"{path}/tmp"):
            self.collect_garbage()

    @classmethod
    def open(cls, path: str | None = None, capacity: int | None = None, eviction: str = "none") -> "SharedMemoryStore":
        """The store at `path` (default: :func:`default_path`), created when missing. `capacity`
        (bytes) is recorded in the store; None keeps the recorded one."""
        return cls(path or default_path(), capacity, eviction)

    def close(self) -> None:
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self) -> str:
        return f"SharedMemoryStore({self.path!r})"

    # ------------------------------------------------------------------------------------------
    # database helpers

    def _query(self, sql: str, parameters=()) -> list:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"shared-memory store {self.path} cannot be used: SQLite error: {error} (in: {sql.strip()})") from None

    def _immediate(self, body):
        """Runs `body()` in a BEGIN IMMEDIATE transaction (the write lock, waiting up to the busy
        timeout), committing on success and rolling back on error."""
        self._query("BEGIN IMMEDIATE")
        try:
            result = body()
        except BaseException:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise
        self._query("COMMIT")
        return result

    def _read(self, body):
        self._query("BEGIN DEFERRED")
        try:
            return body()
        finally:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error:
                pass

    def _open_meta(self, capacity):
        def check(meta):
            version = meta.get("format_version")
            if version is not None and version != FORMAT_VERSION:
                raise StoreError(f"shared-memory store {self.path} has format version {version}; this datasetsdk reads "
                                 f"version {FORMAT_VERSION}. Use a new store path or remove the old store")

        try:
            rows = self._db.execute("SELECT key, value FROM meta").fetchall()
        except sqlite3.Error:
            rows = None
        if rows is not None:
            meta = dict(rows)
            check(meta)
            recorded = int(meta["capacity"]) if "capacity" in meta else None
            if "format_version" in meta and "store_id" in meta and (capacity is None or capacity == recorded):
                return meta["store_id"], recorded
        try:
            self._db.executescript(SCHEMA)
        except sqlite3.Error as error:
            raise StoreError(f"shared-memory store {self.path} cannot be used: {error}") from None

        def create():
            meta = dict(self._query("SELECT key, value FROM meta"))
            check(meta)
            if "format_version" not in meta:
                self._query("INSERT INTO meta(key, value) VALUES ('format_version', ?)", (FORMAT_VERSION,))
            identifier = meta.get("store_id") or new_key()
            if "store_id" not in meta:
                self._query("INSERT INTO meta(key, value) VALUES ('store_id', ?)", (identifier,))
            if capacity is not None:
                self._query("INSERT OR REPLACE INTO meta(key, value) VALUES ('capacity', ?)", (str(int(capacity)),))
                return identifier, int(capacity)
            return identifier, int(meta["capacity"]) if "capacity" in meta else None

        return self._immediate(create)

    # ------------------------------------------------------------------------------------------
    # reading

    def get(self, name: str) -> StoredObject:
        """The object bound to `name`: metadata plus read-only views of the store's files."""
        validate_name(name)
        for _ in range(8):
            rows = self._read(lambda: self._query(
                "SELECT o.metadata FROM names n JOIN objects o ON o.id = n.object_id WHERE n.name = ?", (name,)))
            if not rows:
                raise ObjectNotFoundError(f"no object named '{name}' in the shared-memory store {self.path} "
                                          "(save it first, or check the store path)")
            try:
                return self._decode(rows[0][0])
            except FileNotFoundError:
                continue  # rebound and its files deleted meanwhile: read the name again
        raise StoreError(f"shared-memory store {self.path} is damaged: the files of '{name}' keep disappearing while it is read")

    def get_by_id(self, object_id: bytes) -> StoredObject:
        """The object with this 16-byte id, named or not; marks it used now (for `eviction: lru`)."""
        for _ in range(8):
            def touch():
                self._query("UPDATE objects SET last_used = ? WHERE id = ?", (time.time(), object_id))
                return self._query("SELECT metadata FROM objects WHERE id = ?", (object_id,))
            rows = self._immediate(touch)
            if not rows:
                raise ObjectNotFoundError(f"no object with id {object_id.hex()} in the shared-memory store {self.path}")
            try:
                return self._decode(rows[0][0])
            except FileNotFoundError:
                continue
        raise StoreError(f"shared-memory store {self.path} is damaged: the files of object {object_id.hex()} keep disappearing")

    def load(self, name: str):
        """The Python value of the object bound to `name` (numpy array, pandas DataFrame, ...),
        viewing the store's memory wherever the type allows."""
        return decode(self.get(name), trusted=True)

    def contains(self, name: str) -> bool:
        validate_name(name)
        return bool(self._query("SELECT 1 FROM names WHERE name = ?", (name,)))

    __contains__ = contains

    def names(self) -> list[str]:
        return [row[0] for row in self._query("SELECT name FROM names ORDER BY name")]

    def _decode(self, metadata: bytes) -> StoredObject:
        meta = pb.ObjectMeta()
        try:
            meta.ParseFromString(metadata)
        except (DecodeError, RecursionError) as error:
            raise StoreError(f"shared-memory store {self.path} is damaged: an object's metadata does not decode ({error})") from None
        segments: dict[str, tuple[Segment, memoryview]] = {}

        def resolve(path: tuple, ref: pb.BlobRef) -> memoryview:
            name = "/".join(path)
            key, _, offset_text = ref.store_key.partition("@")
            if (ref.WhichOneof("location") != "store_key" or not key or not offset_text.isdigit()
                    or any(c not in "0123456789abcdefABCDEF" for c in key)):
                raise StoreError(f"shared-memory store {self.path} is damaged: blob '{name}' has an invalid key '{ref.store_key}'")
            if key not in segments:
                segments[key] = self._map(key)
            segment, view = segments[key]
            offset, size = int(offset_text), ref.size
            if offset > view.nbytes or size > view.nbytes - offset:
                raise StoreError(f"shared-memory store {self.path} is damaged: blob '{name}' lies outside segment {key}")
            return view[offset:offset + size]

        return StoredObject.from_meta(meta, resolve)

    def _map(self, key: str):
        path = f"{self.path}/segments/{key}"
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)  # FileNotFoundError: the caller retries
        try:
            size = os.fstat(fd).st_size
            if size == 0:
                return None, memoryview(b"")
            segment = Segment(fd, size, access=mmap.ACCESS_READ)
        finally:
            os.close(fd)
        segment.store_id, segment.key = self.identifier, key
        return segment, memoryview(segment).toreadonly()

    # ------------------------------------------------------------------------------------------
    # writing

    def save(self, value, name: str | None) -> bytes:
        """Stores a Python value (see :func:`datasetsdk.encode`) under `name`; see :meth:`put`."""
        return self.put(encode(value), name)

    def put(self, obj: StoredObject, name: str | None) -> bytes:
        """Stores `obj` and binds it to `name`, replacing atomically what the name bound (the old
        object's space is freed once nothing references it). With `name` None the object is
        unnamed. Returns the new object's 16-byte id (new for every save)."""
        if name is not None:
            validate_name(name)
        must_copy: set[str] = set()
        while True:
            plan = _SegmentPlan(obj, self.identifier, must_copy)
            try:
                return self._put(obj, name, plan)
            except _SegmentGone as gone:
                must_copy.add(gone.segment)

    def _put(self, obj: StoredObject, name, plan: "_SegmentPlan") -> bytes:
        token = new_key()
        folder = f"{self.path}/tmp/{os.getpid()}-{token}"
        temporary = f"{folder}/{plan.new_segment}"
        published = False
        try:
            if plan.size:
                self._reserve(plan.size, token)
                prepare_folder(folder)
                self._write_segment(plan, temporary)
            object_id = os.urandom(16)
            obj_id = obj.id
            obj.id = object_id
            try:
                metadata = obj.to_meta(lambda path, view, ref: setattr(ref, "store_key", plan.key(view))).SerializeToString(
                    deterministic=True)
            finally:
                obj.id = obj_id
            freed = self._immediate(lambda: self._publish(obj, name, plan, token, temporary, object_id, metadata))
            published = True
        finally:
            if not published:
                if plan.size:
                    try:
                        self._immediate(lambda: self._query("DELETE FROM reservations WHERE token = ?", (token,)))
                    except StoreError:
                        pass
                try:
                    os.unlink(temporary)
                except FileNotFoundError:
                    pass
            try:
                os.rmdir(folder)
            except OSError:
                pass
        self._remove_segment_files(freed)
        return object_id

    def _publish(self, obj, name, plan, token, temporary, object_id, metadata) -> list[str]:
        for segment in sorted(plan.shared):
            if not self._query("SELECT 1 FROM segments WHERE key = ?", (segment,)):
                raise _SegmentGone(segment)
        now = time.time()
        if plan.size:
            try:
                os.rename(temporary, f"{self.path}/segments/{plan.new_segment}")
            except OSError as error:
                raise StoreError(f"shared-memory store {self.path} cannot be used: cannot move a new segment into place: "
                                 f"{error.strerror}") from None
            self._query("INSERT INTO segments(key, size, refcount, created) VALUES (?, ?, 0, ?)", (plan.new_segment, plan.size, now))
            self._query("DELETE FROM reservations WHERE token = ?", (token,))
        self._query("INSERT INTO objects(id, type_name, metadata, total_bytes, created, last_used) VALUES (?, ?, ?, ?, ?, ?)",
                    (object_id, obj.type_name, metadata, obj.total_bytes, now, now))
        for segment in plan.referenced():
            self._query("INSERT INTO object_segments(object_id, segment) VALUES (?, ?)", (object_id, segment))
            self._query("UPDATE segments SET refcount = refcount + 1 WHERE key = ?", (segment,))
        if name is None:
            return []
        previous = self._query("SELECT object_id FROM names WHERE name = ?", (name,))
        self._query("INSERT OR REPLACE INTO names(name, object_id, bound) VALUES (?, ?, ?)", (name, object_id, now))
        if not previous or previous[0][0] == object_id:
            return []
        return self._drop_if_unreferenced(previous[0][0])

    def _write_segment(self, plan: "_SegmentPlan", path: str) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            try:
                os.posix_fallocate(fd, 0, plan.size)  # a full tmpfs fails here, before any copy
            except OSError as error:
                if error.errno == errno.ENOSPC:
                    raise self._full(plan.size, self._file_system_size()) from None
                if error.errno not in (errno.EOPNOTSUPP, errno.EINVAL):
                    raise
            for view, offset in plan.new_blobs:
                done = 0
                while done < view.nbytes:
                    done += os.pwrite(fd, view[done:done + (1 << 30)], offset + done)
            os.ftruncate(fd, plan.size)
            os.fchmod(fd, 0o400)
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise self._full(plan.size, self._file_system_size()) from None
            raise StoreError(f"shared-memory store {self.path} cannot be used: cannot write {path}: {error.strerror}") from None
        finally:
            os.close(fd)

    def _reserve(self, size: int, token: str) -> None:
        def reserve():
            self._forget_dead_reservations()
            freed = []
            if self.capacity is not None:
                used = self._used()
                while used + size > self.capacity:
                    victim = self._query("SELECT id FROM objects WHERE pinned = 0 AND id NOT IN (SELECT object_id FROM names) "
                                         "ORDER BY last_used LIMIT 1") if self.evicts else []
                    if not victim:
                        raise self._full(size, self.capacity, used)
                    freed += self._drop_if_unreferenced(victim[0][0])
                    used = self._used()
            self._query("INSERT INTO reservations(token, pid, bytes) VALUES (?, ?, ?)", (token, os.getpid(), size))
            return freed

        self._remove_segment_files(self._immediate(reserve))

    def _drop_if_unreferenced(self, object_id: bytes) -> list[str]:
        if self._query("SELECT 1 FROM names WHERE object_id = ?", (object_id,)):
            return []
        pinned = self._query("SELECT pinned FROM objects WHERE id = ?", (object_id,))
        if pinned and pinned[0][0]:
            return []
        segments = [row[0] for row in self._query("SELECT segment FROM object_segments WHERE object_id = ?", (object_id,))]
        self._query("DELETE FROM object_segments WHERE object_id = ?", (object_id,))
        self._query("DELETE FROM objects WHERE id = ?", (object_id,))
        freed = []
        for segment in segments:
            self._query("UPDATE segments SET refcount = refcount - 1 WHERE key = ?", (segment,))
            row = self._query("SELECT refcount FROM segments WHERE key = ?", (segment,))
            if (row[0][0] if row else 0) <= 0:
                self._query("DELETE FROM segments WHERE key = ?", (segment,))
                freed.append(segment)
        return freed

    def _remove_segment_files(self, segments) -> None:
        for segment in segments:
            try:
                os.unlink(f"{self.path}/segments/{segment}")
            except FileNotFoundError:
                pass

    def _forget_dead_reservations(self) -> None:
        for token, pid in self._query("SELECT token, pid FROM reservations"):
            if not is_alive(int(pid or 0)):
                self._query("DELETE FROM reservations WHERE token = ?", (token,))

    def _used(self) -> int:
        segments = self._query("SELECT COALESCE(SUM(size), 0) FROM segments")[0][0]
        reserved = self._query("SELECT COALESCE(SUM(bytes), 0) FROM reservations")[0][0]
        return int(segments + reserved)

    def _file_system_size(self) -> int:
        info = os.statvfs(self.path)
        return info.f_blocks * info.f_frsize

    def _full(self, needed: int, capacity: int, used: int | None = None) -> StoreError:
        used = self._used() if used is None else used
        largest = self._query("SELECT COALESCE(n.name, '(unnamed ' || hex(o.id) || ')'), o.total_bytes FROM objects o "
                              "LEFT JOIN names n ON n.object_id = o.id ORDER BY o.total_bytes DESC LIMIT 5")
        usage = f" (largest: {', '.join(f'{n} {b} B' for n, b in largest)})" if largest else ""
        return StoreError(f"shared-memory store {self.path} is full: the object needs {needed} B but {used} B of {capacity} B "
                          f"are used{usage}; delete objects with `datasets store rm NAME`, raise `size:`, or set "
                          "`eviction: lru` to evict unnamed objects")

    # ------------------------------------------------------------------------------------------
    # maintenance

    def delete(self, name: str) -> bool:
        """Unbinds `name`; the object and its space go once nothing else references them.
        Returns whether the name was bound."""
        validate_name(name)

        def unbind():
            row = self._query("SELECT object_id FROM names WHERE name = ?", (name,))
            if not row:
                return False, []
            self._query("DELETE FROM names WHERE name = ?", (name,))
            return True, self._drop_if_unreferenced(row[0][0])

        found, freed = self._immediate(unbind)
        self._remove_segment_files(freed)
        return found

    def collect_garbage(self) -> int:
        """Removes what crashed writers left (temporary folders of dead processes, their
        reservations, segment files without a row) under the write lock; returns the number
        of files and folders removed."""
        def collect():
            removed = 0
            self._forget_dead_reservations()
            for folder in os.listdir(f"{self.path}/tmp"):
                pid = folder.split("-", 1)[0]
                if pid.isdigit() and not is_alive(int(pid)):
                    removed += _remove_tree(f"{self.path}/tmp/{folder}")
            for (key,) in self._query("SELECT key FROM segments WHERE refcount <= 0"):
                self._query("DELETE FROM segments WHERE key = ?", (key,))
            known = {row[0] for row in self._query("SELECT key FROM segments")}
            for file in os.listdir(f"{self.path}/segments"):
                if file not in known:
                    removed += _remove_tree(f"{self.path}/segments/{file}")
            return removed

        return self._immediate(collect)


def _remove_tree(path: str) -> int:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return 0
    if stat.S_ISDIR(info.st_mode):
        removed = sum(_remove_tree(f"{path}/{entry}") for entry in os.listdir(path))
        os.rmdir(path)
        return removed + 1
    os.unlink(path)
    return 1


class _SegmentGone(Exception):
    def __init__(self, segment: str):
        super().__init__(segment)
        self.segment = segment


class _SegmentPlan:
    """Which blobs already live in this store (views of its segments: referenced as they are)
    and where the others go in one new segment, at 64-byte aligned offsets."""

    def __init__(self, obj: StoredObject, store_id: str, must_copy: set[str]):
        self.new_segment = new_key()
        self.size = 0
        self.new_blobs: list[tuple[memoryview, int]] = []
        self.shared: set[str] = set()
        self.keys: dict[tuple[int, int], str] = {}
        for _, view in obj.iter_blobs():
            identity = (blob_address(view), view.nbytes)
            if identity in self.keys:
                continue
            origin = _store_origin(view)
            if origin and origin[0].store_id == store_id and origin[0].key not in must_copy:
                segment, offset = origin
                self.keys[identity] = f"{segment.key}@{offset}"
                self.shared.add(segment.key)
            else:
                offset = (self.size + 63) // 64 * 64
                self.size = offset + view.nbytes
                self.new_blobs.append((view, offset))
                self.keys[identity] = f"{self.new_segment}@{offset}"
        if self.size == 0 and self.new_blobs:
            self.size = 64  # only empty blobs: keep a 64-byte segment

    def key(self, view: memoryview) -> str:
        return self.keys[(blob_address(view), view.nbytes)]

    def referenced(self) -> list[str]:
        return sorted(self.shared | ({self.new_segment} if self.size else set()))


def _store_origin(view: memoryview):
    """(segment, offset) when `view` looks into a mapped segment of a store, else None."""
    base = view.obj
    while base is not None and not isinstance(base, Segment):
        base = getattr(base, "obj", None) if isinstance(base, memoryview) else getattr(base, "base", None)
    if base is None or view.nbytes == 0:
        return None
    start = np.frombuffer(base, dtype=np.uint8).__array_interface__["data"][0]
    offset = blob_address(view) - start
    return (base, offset) if 0 <= offset <= len(base) - view.nbytes else None

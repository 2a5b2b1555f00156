"""`SharedMemoryStore` (docs/shared-memory.md) from Python, following the Swift store's rules:
segment files on a tmpfs, SQLite (WAL) metadata, `BEGIN IMMEDIATE` saves, reference counts,
atomic name binding, garbage collection of crashed writers and structural sharing."""

from __future__ import annotations

import os
import zlib

from ..errors import ObjectNotFoundError, StoreError
from ..objects import StoredObject
from ..protobuf import check_writable, parse_meta
from ..types import decode, encode
from ..v1.object_pb2 import CHECKSUM_KIND_CRC32 as CRC32
from .database import SegmentGone, StoreDatabase
from .layout import default_path, new_key, prepare_folder, remove_segment_files, split_blob_key, validate_name
from .segments import SegmentPlan, map_segment, write_segment

RETRIES = 8


class SharedMemoryStore:
    """A shared-memory store folder, opened by this process (no daemon).

    ``get``/``load`` map the object's segment files read-only: numpy arrays and Arrow strings
    view the store's pages, nothing is copied, and the views stay valid after the object is
    deleted or rebound. ``put``/``save`` write the new blobs into one segment file in ``tmp/``,
    seal it read-only and publish the object and its name in one ``BEGIN IMMEDIATE``
    transaction, exactly as the Swift store does; blobs that already live in this store (views
    of its segments) are referenced, not copied.
    """

    def __init__(self, path: str, capacity: int | None = None, eviction: str = "none", create: bool = True):
        if eviction not in ("none", "lru"):
            raise StoreError(f"eviction must be 'none' or 'lru', found {eviction!r}")
        if not create and not os.path.exists(f"{path}/store.sqlite"):
            raise StoreError(f"no shared-memory store at {path} (nothing was saved there yet; check `store:` "
                             "or $DATASETS_SHM_STORE)")
        self.path = path
        self.evicts = eviction == "lru"
        prepare_folder(path)
        prepare_folder(f"{path}/segments")
        prepare_folder(f"{path}/tmp")
        self._database = StoreDatabase(path)
        self.identifier, self.capacity = self._database.open(capacity)
        self.last_put_copied_bytes = 0
        if os.listdir(f"{path}/tmp"):
            self.collect_garbage()

    @classmethod
    def open(cls, path: str | None = None, capacity: int | None = None, eviction: str = "none",
             create: bool = True) -> "SharedMemoryStore":
        """The store at `path` (default: :func:`default_path`), created when missing unless
        `create` is False. `capacity` (bytes) is recorded in the store; None keeps the recorded one."""
        return cls(path or default_path(), capacity, eviction, create)

    def close(self) -> None:
        self._database.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self) -> str:
        return f"SharedMemoryStore({self.path!r})"

    # ------------------------------------------------------------------------------------------
    # reading

    def get(self, name: str, verify: bool = False) -> StoredObject:
        """The object bound to `name`: metadata plus read-only views of the store's files. With
        `verify`, every blob is first checked against the CRC-32 recorded when it was saved
        (docs/shared-memory.md, "Integrity"): a StoreError naming each damaged blob."""
        validate_name(name)
        for _ in range(RETRIES):
            found = self._database.object_by_name(name)
            if found is None:
                raise ObjectNotFoundError(f"no object named '{name}' in the shared-memory store {self.path} "
                                          "(save it first, or check the store path)")
            try:
                checks = [] if verify else None
                obj = self._decode(found[0], f"object '{name}'", checks)
                if checks:
                    self._require_intact(name, checks)
                return obj
            except FileNotFoundError:
                continue  # rebound and its files deleted meanwhile: read the name again
        raise StoreError(f"shared-memory store {self.path} is damaged: the files of '{name}' keep disappearing while it is read")

    def get_by_id(self, object_id: bytes) -> StoredObject:
        """The object with this 16-byte id, named or not; marks it used now (for `eviction: lru`)."""
        for _ in range(RETRIES):
            metadata = self._database.object_by_id(object_id)
            if metadata is None:
                raise ObjectNotFoundError(f"no object with id {object_id.hex()} in the shared-memory store {self.path}")
            try:
                return self._decode(metadata, f"object {object_id.hex()}")
            except FileNotFoundError:
                continue
        raise StoreError(f"shared-memory store {self.path} is damaged: the files of object {object_id.hex()} keep disappearing")

    def load(self, name: str, verify: bool = False, **options):
        """The Python value of the object bound to `name` (numpy array, pandas DataFrame, ...),
        viewing the store's memory wherever the type allows; `verify` checks every blob's CRC-32
        first (see :meth:`get`); `options` go to :func:`datasetsdk.frames.to_pandas` for frames
        (e.g. ``arrow_strings=True``)."""
        return decode(self.get(name, verify=verify), trusted=True, **options)

    def _require_intact(self, name: str, checks: list) -> None:
        """Raises naming every blob of `checks` ((path, store key, recorded CRC-32, view)) whose
        bytes no longer have their CRC-32; a blob used twice is read once."""
        damaged, seen = [], set()
        for path, key, expected, view in checks:
            if key in seen:
                continue
            seen.add(key)
            found = zlib.crc32(view)
            if found != expected:
                damaged.append(f"'{name}' blob {path} at {key}: CRC-32 is {found:x}, saved as {expected:x}")
        if damaged:
            more = f" (and {len(damaged) - 5} more)" if len(damaged) > 5 else ""
            raise StoreError(f"shared-memory store {self.path} holds a damaged copy of '{name}': "
                             f"{'; '.join(damaged[:5])}{more}; save '{name}' again to replace it")

    def contains(self, name: str) -> bool:
        validate_name(name)
        return self._database.contains(name)

    __contains__ = contains

    def names(self) -> list[str]:
        return self._database.names()

    def _decode(self, metadata: bytes, what: str, checks: list | None = None) -> StoredObject:
        meta = parse_meta(metadata, lambda reason: StoreError(
            f"shared-memory store {self.path} is damaged: the metadata of {what} does not decode ({reason})"))
        segments: dict[str, memoryview] = {}

        def resolve(path: tuple, ref) -> memoryview:
            name = "/".join(path)
            location = split_blob_key(ref.store_key) if ref.WhichOneof("location") == "store_key" else None
            if location is None:
                raise StoreError(f"shared-memory store {self.path} is damaged: blob '{name}' of {what} has an invalid "
                                 f"key '{ref.store_key}'")
            key, offset = location
            if key not in segments:
                segments[key] = map_segment(self.path, self.identifier, key)
            view = segments[key]
            if offset > view.nbytes or ref.size > view.nbytes - offset:
                raise StoreError(f"shared-memory store {self.path} is damaged: blob '{name}' of {what} lies outside "
                                 f"segment {key}")
            blob = view[offset:offset + ref.size]
            if checks is not None and ref.checksum_kind == CRC32:
                checks.append((name, ref.store_key, ref.checksum, blob))
            return blob

        return StoredObject.from_meta(meta, resolve)

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
            plan = SegmentPlan(obj, self.identifier, must_copy)
            try:
                return self._put(obj, name, plan)
            except SegmentGone as gone:
                must_copy.add(gone.segment)  # freed since it was loaded: copy its blobs instead

    def _put(self, obj: StoredObject, name, plan: SegmentPlan) -> bytes:
        token = new_key()
        folder = f"{self.path}/tmp/{os.getpid()}-{token}"
        temporary = f"{folder}/{plan.new_segment}"
        published = False
        database = self._database
        try:
            if plan.size:
                remove_segment_files(self.path, database.reserve(plan.size, token, self.capacity, self.evicts))
                prepare_folder(folder)
                write_segment(plan, temporary, lambda: self._full_file_system(plan.size))
            object_id = os.urandom(16)

            def move_segment():
                try:
                    os.rename(temporary, f"{self.path}/segments/{plan.new_segment}")
                except OSError as error:
                    raise StoreError(f"shared-memory store {self.path} cannot be used: cannot move a new segment into "
                                     f"place: {error.strerror}") from None

            def serialize(checksums) -> bytes:
                metadata = obj.to_meta(plan.reference(checksums), object_id=object_id).SerializeToString(deterministic=True)
                return check_writable(metadata, obj.type_name)

            freed = database.publish(plan, token, move_segment, object_id, obj.type_name, obj.total_bytes, name, serialize)
            published = True
        finally:
            if not published:
                if plan.size:
                    database.release_reservation(token)
                try:
                    os.unlink(temporary)
                except FileNotFoundError:
                    pass
            try:
                os.rmdir(folder)
            except OSError:
                pass
        remove_segment_files(self.path, freed)
        self.last_put_copied_bytes = plan.copied_bytes
        return object_id

    def _full_file_system(self, needed: int) -> StoreError:
        info = os.statvfs(self.path)
        return self._database.full(needed, info.f_blocks * info.f_frsize)

    # ------------------------------------------------------------------------------------------
    # maintenance

    def delete(self, name: str) -> bool:
        """Unbinds `name`; the object and its space go once nothing else references them.
        Returns whether the name was bound."""
        validate_name(name)
        found, freed = self._database.unbind(name)
        remove_segment_files(self.path, freed)
        return found

    def collect_garbage(self) -> int:
        """Removes what crashed writers left (temporary folders of dead processes, their
        reservations, segment files without a row) and rows of deleted segments and objects,
        under the write lock; returns the number of files and folders removed."""
        return self._database.collect()

"""Segment files (docs/shared-memory.md, "Writing an object"): mapping them, knowing which
memory of this process views which segment, planning a save and writing its new segment."""

from __future__ import annotations

import bisect
import errno
import mmap
import os
import weakref
import zlib

import numpy as np

from ..objects import StoredObject, blob_address
from .layout import blob_key, new_key

CHUNK = 4 << 20  # CRC-32 and pwrite per chunk: the chunk is still in the cache for the write


class Segment(mmap.mmap):
    """A sealed segment file mapped read-only. Blobs loaded from the store are views of it."""

    store_id: str
    key: str


class _MappedSegments:
    """Every segment this process has mapped and still holds, by address range: a blob whose
    bytes lie inside one (a numpy view, an Arrow buffer, a memoryview, whatever wraps it) is that
    segment's bytes, since sealed segments never change. This is how a save recognises blobs it
    can reference instead of copying, as the Swift side does with a blob's owner."""

    def __init__(self):
        self._starts: list[int] = []
        self._entries: dict[int, list] = {}  # start -> [end, weakref(segment), store_id, key]

    def add(self, segment: Segment, store_id: str, key: str) -> None:
        start = np.frombuffer(segment, dtype=np.uint8).__array_interface__["data"][0]
        segment.store_id, segment.key = store_id, key
        self._entries[start] = [start + len(segment), weakref.ref(segment, lambda _: self._forget(start)), store_id, key]
        bisect.insort(self._starts, start)

    def _forget(self, start: int) -> None:
        entry = self._entries.get(start)
        if entry is not None and entry[1]() is None:
            del self._entries[start]
            index = bisect.bisect_left(self._starts, start)
            if index < len(self._starts) and self._starts[index] == start:
                del self._starts[index]

    def locate(self, address: int, size: int, store_id: str) -> tuple[str, int] | None:
        """(segment key, offset) when `size` bytes at `address` lie in a live segment of the
        store `store_id`, else None."""
        if size == 0 or not self._starts:
            return None
        index = bisect.bisect_right(self._starts, address) - 1
        if index < 0:
            return None
        start = self._starts[index]
        end, ref, owner, key = self._entries[start]
        if owner != store_id or address + size > end or ref() is None:
            return None
        return key, address - start


MAPPED = _MappedSegments()


def map_segment(store: str, store_id: str, key: str) -> memoryview:
    """A read-only view of `segments/<key>` (FileNotFoundError: rebound and deleted meanwhile)."""
    fd = os.open(f"{store}/segments/{key}", os.O_RDONLY | os.O_CLOEXEC)
    try:
        size = os.fstat(fd).st_size
        if size == 0:
            return memoryview(b"")
        segment = Segment(fd, size, access=mmap.ACCESS_READ)
    finally:
        os.close(fd)
    MAPPED.add(segment, store_id, key)
    return memoryview(segment).toreadonly()


class SegmentPlan:
    """Step 1 of a save, in one walk over the object's blobs: blobs that already live in this
    store are referenced where they are; the others get 64-byte aligned offsets in one new
    segment. After :func:`write_segment`, `written` holds (offset, size, crc32) of every new blob."""

    def __init__(self, obj: StoredObject, store_id: str, must_copy: set[str]):
        self.new_segment = new_key()
        self.size = 0
        self.new_blobs: list[tuple[memoryview, int]] = []
        self.written: list[tuple[int, int, int]] = []
        self.shared: set[str] = set()
        self.shared_blobs: set[tuple[str, int, int]] = set()
        self.keys: dict[tuple[int, int], tuple[str, int, int]] = {}  # (address, size) -> (segment, offset, size)
        for _, view in obj.iter_blobs():
            identity = (blob_address(view), view.nbytes)
            if identity in self.keys:
                continue
            found = MAPPED.locate(identity[0], identity[1], store_id)
            if found and found[0] not in must_copy:
                segment, offset = found
                self.shared.add(segment)
                self.shared_blobs.add((segment, offset, view.nbytes))
                self.keys[identity] = (segment, offset, view.nbytes)
            else:
                offset = (self.size + 63) // 64 * 64
                self.size = offset + view.nbytes
                self.new_blobs.append((view, offset))
                self.keys[identity] = (self.new_segment, offset, view.nbytes)
        if self.size == 0 and self.new_blobs:
            self.size = 64  # only empty blobs: keep a 64-byte segment

    @property
    def copied_bytes(self) -> int:
        """Bytes this save writes (the rest is shared)."""
        return sum(view.nbytes for view, _ in self.new_blobs)

    def location(self, view: memoryview) -> tuple[str, int, int]:
        return self.keys[(blob_address(view), view.nbytes)]

    def referenced(self) -> list[str]:
        return sorted(self.shared | ({self.new_segment} if self.size else set()))

    def reference(self, checksums: dict):
        """The `reference(path, view, ref)` callback of :meth:`StoredObject.to_meta`: the store
        key and, when known, the blob's CRC-32 (new blobs: computed while writing; shared ones:
        from `checksums`, their `blobs` rows)."""
        from ..v1 import object_pb2 as pb
        crcs = {(self.new_segment, offset, size): crc for offset, size, crc in self.written}
        crcs.update(checksums)

        def reference(path, view, ref) -> None:
            location = self.location(view)
            ref.store_key = blob_key(location[0], location[1])
            crc = crcs.get(location)
            if crc is not None:
                ref.checksum_kind = pb.CHECKSUM_KIND_CRC32
                ref.checksum = crc

        return reference


def write_segment(plan: SegmentPlan, path: str, full) -> None:
    """Step 3: creates `path` (0600), `posix_fallocate`s it (a full tmpfs fails here, before any
    copy), pwrites every new blob at its offset in chunks, computing each blob's CRC-32 over each
    chunk just before writing it, and seals the file read-only (0400). `full()` makes the error
    for a full file system."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        try:
            os.posix_fallocate(fd, 0, plan.size)
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise full() from None
            if error.errno not in (errno.EOPNOTSUPP, errno.EINVAL):
                raise
        written = []
        for view, offset in plan.new_blobs:
            crc = 0
            for start in range(0, view.nbytes, CHUNK):
                chunk = view[start:start + CHUNK]
                crc = zlib.crc32(chunk, crc)
                done = 0
                while done < chunk.nbytes:
                    done += os.pwrite(fd, chunk[done:], offset + start + done)
            written.append((offset, view.nbytes, crc))
        os.ftruncate(fd, plan.size)
        os.fchmod(fd, 0o400)
        plan.written = written
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise full() from None
        from ..errors import StoreError
        raise StoreError(f"cannot write the segment {path}: {error.strerror}") from None
    finally:
        os.close(fd)

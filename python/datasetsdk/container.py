"""The `.dso` container (docs/format.md, section 2): read by mapping the file, written by
streaming the blobs to a temporary file that is renamed over the target."""

from __future__ import annotations

import mmap
import os
import struct
import tempfile
import zlib
from typing import Callable

from .errors import FormatError
from .objects import StoredObject, blob_address
from .protobuf import check_writable, parse_meta
from .v1 import object_pb2 as pb

MAGIC = b"\x89DSO\r\n\x1a\n"
HEADER_SIZE = FOOTER_SIZE = 64
ALIGNMENT = 64
MAJOR, MINOR = 1, 0
CRC32 = pb.CHECKSUM_KIND_CRC32
CHUNK = 4 << 20


def _pad(offset: int) -> int:
    return (offset + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def _crc(view) -> int:
    crc = 0
    view = memoryview(view)
    for start in range(0, view.nbytes, 1 << 30):  # zlib.crc32 takes at most 4 GiB at a time
        crc = zlib.crc32(view[start:start + (1 << 30)], crc)
    return crc


# ---------------------------------------------------------------------------------------------
# Reading


def read(path, verify: bool = True) -> StoredObject:
    """Reads the container at `path` by mapping it: blobs are views of the mapping.

    With `verify` (the default, as in Swift) every blob's CRC-32 is checked, which reads every
    byte once; ``verify=False`` costs O(metadata) whatever the file's size. Raises
    :class:`FormatError` naming the file and the failed check.
    """
    source = os.fspath(path)
    with open(source, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size < 8:
            raise FormatError(f"{source}: not a DatasetSDK container (the file has {size} bytes, no magic)")
        buffer = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    return read_buffer(buffer, source, verify)


def read_buffer(buffer, source: str, verify: bool = True) -> StoredObject:
    """Reads a container held in `buffer` (an mmap or any bytes-like object); `source` names it
    in errors. Blobs are views of `buffer`."""
    data = memoryview(buffer)
    size = data.nbytes
    if size < 8 or data[:8] != MAGIC:
        raise FormatError(f"{source}: not a DatasetSDK container (bad magic)")
    if size < HEADER_SIZE + FOOTER_SIZE:
        raise FormatError(f"{source}: too small for a container ({size} bytes, at least 128 needed)")
    if zlib.crc32(data[:60]) != struct.unpack_from("<I", data, 60)[0]:
        raise FormatError(f"{source}: header checksum mismatch")
    major, minor, flags = struct.unpack_from("<HHI", data, 8)
    if major != MAJOR:
        raise FormatError(f"{source}: unsupported container version {major}.{minor} (this reader knows {MAJOR}.x)")
    if flags != 0:
        raise FormatError(f"{source}: unknown header flags 0x{flags:08x}")
    if data[size - 8:] != MAGIC:
        raise FormatError(f"{source}: truncated (the footer's magic is missing)")
    footer = size - FOOTER_SIZE
    if zlib.crc32(data[footer:footer + 48]) != struct.unpack_from("<I", data, footer + 48)[0]:
        raise FormatError(f"{source}: footer checksum mismatch")
    metadata_offset, metadata_length, metadata_crc, footer_flags, footer_major = struct.unpack_from("<QQIIH", data, footer)
    # Minor versions are not compared (docs/format.md, section 2, step 8), nor padding and
    # reserved bytes checked.
    if footer_major != major:
        raise FormatError(f"{source}: footer version {footer_major} differs from the header's {major}")
    if footer_flags != 0:
        raise FormatError(f"{source}: unknown footer flags 0x{footer_flags:08x}")
    if (metadata_offset < HEADER_SIZE or metadata_offset % ALIGNMENT or metadata_length > footer
            or metadata_offset != footer - metadata_length):
        raise FormatError(f"{source}: invalid metadata range (offset {metadata_offset}, length {metadata_length}, "
                          f"footer at {footer})")
    metadata = data[metadata_offset:footer]
    if zlib.crc32(metadata) != metadata_crc:
        raise FormatError(f"{source}: metadata checksum mismatch")
    meta = parse_meta(metadata, lambda reason: FormatError(f"{source}: the metadata is not a valid ObjectMeta ({reason})"))
    if meta.format_version // 1000 > 1:
        raise FormatError(f"{source}: metadata format version {meta.format_version} is newer than this reader (1.x)")

    def resolve(path: tuple, ref: pb.BlobRef) -> memoryview:
        name = "/".join(path)
        if ref.WhichOneof("location") != "container_offset":
            raise FormatError(f"{source}: blob '{name}' has no offset inside this container")
        offset, length = ref.container_offset, ref.size
        if offset < HEADER_SIZE or offset % ALIGNMENT or length > metadata_offset or offset > metadata_offset - length:
            raise FormatError(f"{source}: blob '{name}' (offset {offset}, size {length}) lies outside the blob section")
        view = data[offset:offset + length]
        if verify:
            if ref.checksum_kind == CRC32:
                if _crc(view) != ref.checksum:
                    raise FormatError(f"{source}: blob '{name}' checksum mismatch (corrupted data)")
            elif ref.checksum_kind != pb.CHECKSUM_KIND_NONE:
                raise FormatError(f"{source}: blob '{name}' has unknown checksum kind {ref.checksum_kind}")
        return view.toreadonly()

    return StoredObject.from_meta(meta, resolve)


# ---------------------------------------------------------------------------------------------
# Writing


class ContainerPlan:
    """Where every distinct blob goes, its CRC-32, and the serialised metadata: everything a
    writer needs, so that the container's exact size is known before a byte is written (the
    compressed writer records it in the zstd frame)."""

    def __init__(self, obj: StoredObject):
        self.blobs: list[tuple[int, memoryview]] = []  # (offset, view), in file order
        placed: dict[tuple[int, int], tuple[int, int]] = {}  # (address, size) -> (offset, crc)
        end = HEADER_SIZE
        # Distinct blobs are laid out depth-first in sorted name order; a blob used twice (the
        # same bytes in memory) is stored once. Empty blobs point at offset 64 (always valid).
        for _, view in obj.iter_blobs():
            key = (blob_address(view), view.nbytes)
            if view.nbytes == 0 or key in placed:
                continue
            offset = _pad(end)
            placed[key] = (offset, _crc(view))
            self.blobs.append((offset, view))
            end = offset + view.nbytes

        def reference(path: tuple, view: memoryview, ref: pb.BlobRef) -> None:
            ref.checksum_kind = CRC32
            if view.nbytes == 0:
                ref.container_offset, ref.checksum = HEADER_SIZE, 0
            else:
                ref.container_offset, ref.checksum = placed[(blob_address(view), view.nbytes)]

        self.metadata_offset = _pad(end)
        self.metadata = check_writable(obj.to_meta(reference).SerializeToString(deterministic=True), obj.type_name)
        self.size = self.metadata_offset + len(self.metadata) + FOOTER_SIZE

    def chunks(self):
        """The container's bytes, as a sequence of buffers (blob views are not copied)."""
        header = bytearray(HEADER_SIZE)
        header[:8] = MAGIC
        struct.pack_into("<HHI", header, 8, MAJOR, MINOR, 0)
        struct.pack_into("<I", header, 60, zlib.crc32(header[:60]))
        yield bytes(header)
        position = HEADER_SIZE
        for offset, view in self.blobs:
            if offset > position:
                yield bytes(offset - position)
            for start in range(0, view.nbytes, CHUNK):
                yield view[start:start + CHUNK]
            position = offset + view.nbytes
        if self.metadata_offset > position:
            yield bytes(self.metadata_offset - position)
        yield self.metadata
        footer = bytearray(FOOTER_SIZE)
        struct.pack_into("<QQIIHH", footer, 0, self.metadata_offset, len(self.metadata), zlib.crc32(self.metadata), 0, MAJOR, MINOR)
        struct.pack_into("<I", footer, 48, zlib.crc32(footer[:48]))
        footer[56:64] = MAGIC
        yield bytes(footer)


def write(obj: StoredObject, path, durable: bool = False) -> None:
    """Writes `obj` as a container at `path`: to a temporary file in the same folder, renamed
    over `path`, so readers never see a partial file and a crash keeps the previous version."""
    plan = ContainerPlan(obj)
    write_atomically(path, lambda file: write_file(plan, file), durable)


def write_file(obj, file) -> None:
    """Writes `obj` (a :class:`StoredObject` or its :class:`ContainerPlan`) to an open binary file."""
    plan = obj if isinstance(obj, ContainerPlan) else ContainerPlan(obj)
    for chunk in plan.chunks():
        file.write(chunk)


def write_atomically(path, body: Callable, durable: bool = False) -> None:
    """Calls `body(file)` on a temporary file next to `path`, then renames it over `path`."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    os.makedirs(folder, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as file:
            body(file)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, target)
        if durable:
            directory = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

"""Compressed containers (`.dso.zst`, docs/format.md section 5): a container inside a standard
zstd stream. Needs the `zstandard` package."""

from __future__ import annotations

import mmap
import os

from .container import ContainerPlan, MAGIC, read_buffer, write_atomically
from .errors import CompressionError
from .objects import StoredObject

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def _zstandard():
    try:
        import zstandard
    except ImportError:
        raise CompressionError("reading or writing .dso.zst needs the zstandard package: pip install zstandard") from None
    return zstandard


def is_skippable(head: bytes) -> bool:
    return len(head) >= 4 and head[0] & 0xF0 == 0x50 and head[1:4] == b"\x2a\x4d\x18"


SEEKABLE_MAGIC = 0x8F92EAB1
SEEK_TABLE_MAGIC = 0x184D2A5E


def seek_table(data) -> list[tuple[int, int]] | None:
    """The (compressed size, decompressed size) of every frame, from the seek table that ends the
    stream (zstd's seekable format, docs/format.md section 5); None when there is none or it does
    not add up to the stream's length."""
    import struct

    size = len(data)
    if size < 17:
        return None
    count, descriptor, magic = struct.unpack_from("<IBI", data, size - 9)
    if magic != SEEKABLE_MAGIC or descriptor & 0x7C:
        return None
    entry = 12 if descriptor & 0x80 else 8
    start = size - 9 - count * entry - 8
    if start < 0:
        return None
    skippable, length = struct.unpack_from("<II", data, start)
    if skippable != SEEK_TABLE_MAGIC or length != count * entry + 9:
        return None
    entries = [struct.unpack_from("<II", data, start + 8 + i * entry) for i in range(count)]
    return entries if sum(compressed for compressed, _ in entries) == start else None


def read(path, verify: bool = True) -> StoredObject:
    """Reads a compressed container (or a plain one, recognised by its magic).

    The stream is decompressed into one page-aligned anonymous mapping of the exact size (the
    seek table's total, or the first frame's recorded size) and the container is read in place:
    blobs are views of that buffer.
    With `verify`, zstd's content checksum (when the frame has one) is checked by zstandard and
    the blobs' CRC-32s are checked as well.
    """
    source = os.fspath(path)
    with open(source, "rb") as file:
        head = file.read(4)
        if head[:4] == MAGIC[:4]:
            from . import container
            return container.read(source, verify)
        if head != ZSTD_MAGIC and not is_skippable(head):
            raise CompressionError(f"{source}: neither a zstd stream nor a DatasetSDK container (first bytes {head.hex()})")
        size = os.fstat(file.fileno()).st_size
        # A memoryview, not the mmap itself: zstandard would read an mmap as a file, from its
        # current position, which a first pass moves.
        compressed = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    zstandard = _zstandard()
    table = seek_table(compressed)
    if table is not None:
        # DatasetSDK's writers end the stream with a seek table: the frames' total content size.
        declared = sum(content for _, content in table)
    else:
        try:
            declared = zstandard.frame_content_size(compressed) if head == ZSTD_MAGIC else -1
        except zstandard.ZstdError as error:
            raise CompressionError(f"{source}: invalid zstd frame header ({error})") from None
    try:
        decompressor = zstandard.ZstdDecompressor()
        if 0 <= declared <= 32768 * max(size, 1):
            buffer = mmap.mmap(-1, max(declared, 1))
            reader = decompressor.stream_reader(compressed, read_across_frames=True, read_size=4 << 20)
            filled = 0
            view = memoryview(buffer)
            while filled < declared:
                count = reader.readinto(view[filled:declared])
                if count == 0:
                    raise CompressionError(f"{source}: truncated zstd stream ({filled} of {declared} bytes)")
                filled += count
            rest = reader.read(1)
            if rest:
                # More frames follow (concatenated): fall back to reading everything.
                buffer = _read_all(decompressor, compressed, source)
            else:
                buffer = view[:declared]
        else:
            buffer = _read_all(decompressor, compressed, source)
    except zstandard.ZstdError as error:
        raise CompressionError(f"{source}: corrupt zstd stream ({error})") from None
    return read_buffer(buffer, source, verify)


def _read_all(decompressor, compressed, source: str):
    parts = []
    total = 0
    reader = decompressor.stream_reader(compressed, read_across_frames=True, read_size=4 << 20)
    while True:
        chunk = reader.read(16 << 20)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    buffer = mmap.mmap(-1, max(total, 1))
    position = 0
    for chunk in parts:
        buffer[position:position + len(chunk)] = chunk
        position += len(chunk)
    return memoryview(buffer)[:total]


def write(obj: StoredObject, path, level: int = 3, threads: int = -1, checksum: bool = True,
          durable: bool = False) -> None:
    """Writes `obj` as one zstd frame holding its container, with the content size in the frame
    header and (by default) zstd's content checksum; to a temporary file renamed over `path`.
    `threads` is zstandard's worker count (-1: one per core, 0: the calling thread)."""
    zstandard = _zstandard()
    plan = ContainerPlan(obj)
    compressor = zstandard.ZstdCompressor(level=level, threads=threads, write_checksum=checksum, write_content_size=True)

    def body(file):
        with compressor.stream_writer(file, size=plan.size, closefd=False) as writer:
            for chunk in plan.chunks():
                writer.write(chunk)

    write_atomically(path, body, durable)

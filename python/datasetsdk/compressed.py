"""Compressed containers (`.dso.zst`, docs/format.md section 5): a container inside a standard
zstd stream. Needs the `zstandard` package."""

from __future__ import annotations

import mmap
import os
import threading

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
    stream (zstd's seekable format, docs/format.md section 5); None when the stream does not end
    with a valid table (the trailer is then an ordinary skippable frame, or not a frame at all).
    Valid, as in Swift: the seekable magic at the end, descriptor bits 2-6 zero (bit 7: entries
    of 12 bytes, with a checksum that is not read), the skippable magic 0x184D2A5E and a frame
    size of 9 + N entries, and compressed sizes adding up to the table's offset."""
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
    seek table's total, once the table is checked against the frames' headers; or the first
    frame's recorded size) and the container is read in place: blobs are views of that buffer.
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
        # A memoryview, not the mmap itself: zstandard would read an mmap as a file, from its
        # current position, which a first pass moves.
        compressed = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    return read_buffer_compressed(compressed, source, verify)


def read_buffer_compressed(compressed, source: str, verify: bool = True) -> StoredObject:
    """Reads a compressed (or plain) container held in memory (bytes, memoryview); `source`
    names it in errors."""
    compressed = memoryview(compressed).cast("B")
    head = bytes(compressed[:4])
    if head == MAGIC[:4]:
        return read_buffer(compressed, source, verify)
    if head != ZSTD_MAGIC and not is_skippable(head):
        raise CompressionError(f"{source}: neither a zstd stream nor a DatasetSDK container (first bytes {head.hex()})")
    size = compressed.nbytes
    zstandard = _zstandard()
    table = seek_table(compressed)
    # DatasetSDK's writers end the stream with a seek table: the frames' total content size.
    declared = _table_total(zstandard, compressed, table, source) if table is not None else None
    if declared is None:
        table = None
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
            if rest and table is not None:
                raise CompressionError(f"{source}: corrupt zstd stream: the frames hold more than the {declared} bytes "
                                       "their headers and the seek table declare")
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


def _table_total(zstandard, compressed: memoryview, table: list, source: str) -> int | None:
    """The total content size a valid seek table gives, after checking it against the frames as
    Swift does: it must list exactly the data frames, each entry's bytes starting a zstd data
    frame whose header declares the entry's decompressed size (other readers trust the table to
    place the frames). None when a frame does not record its content size: the stream is then
    decoded without the table, as Swift does."""
    offset = total = 0
    for index, (length, content) in enumerate(table):
        frame = compressed[offset:offset + length]
        what = None
        if bytes(frame[:4]) != ZSTD_MAGIC:
            what = "its bytes do not start a zstd data frame"
        else:
            try:
                declared = zstandard.frame_content_size(frame)
            except zstandard.ZstdError as error:
                declared, what = None, f"invalid frame header ({error})"
            if declared == -1:
                return None
            if what is None and declared != content:
                what = f"the frame declares {declared} bytes of content, the table {content}"
        if what is not None:
            raise CompressionError(f"{source}: corrupt zstd stream: the seek table lists {len(table)} frames and "
                                   f"disagrees with frame {index} (at offset {offset}): {what}")
        offset += length
        total += content
    return total


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


FRAME_SIZE = 16 << 20


def write(obj: StoredObject, path, level: int = 3, threads: int = -1, checksum: bool = True,
          durable: bool = False, frame_size: int = FRAME_SIZE) -> None:
    """Writes `obj` as the Swift side does (docs/format.md section 5): its container cut into
    independent zstd frames of `frame_size` bytes, each with its content size and (by default)
    zstd's content checksum, then the seek table; to a temporary file renamed over `path`.
    `threads` frames are compressed at once (-1: one per core, 0: the calling thread);
    `frame_size` is bytes or a size such as "16Mi" (:mod:`datasetsdk.sizes`)."""
    frame_size = _frame_size(frame_size, os.fspath(path))
    _zstandard()
    write_atomically(path, lambda file: write_file(obj, file, level, threads, checksum, frame_size, os.fspath(path)), durable)


def write_file(obj: StoredObject, file, level: int = 3, threads: int = -1, checksum: bool = True,
               frame_size: int = FRAME_SIZE, source: str = "file") -> None:
    """Writes `obj` compressed (see :func:`write`) to an open binary file."""
    import struct
    from concurrent.futures import ThreadPoolExecutor

    zstandard = _zstandard()
    frame_size = _frame_size(frame_size, source)
    workers = (len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count() or 1) if threads < 0 else threads
    plan = ContainerPlan(obj)
    local = threading.local()

    def compress(frame: bytearray) -> bytes:
        # python-zstandard releases the GIL while compressing; one compressor per thread.
        if not hasattr(local, "compressor"):
            local.compressor = zstandard.ZstdCompressor(level=level, write_checksum=checksum, write_content_size=True)
        return local.compressor.compress(frame)

    def frames():
        pending = bytearray()
        for chunk in plan.chunks():
            view = memoryview(chunk).cast("B")
            while view.nbytes:
                take = min(view.nbytes, frame_size - len(pending))
                pending += view[:take]
                view = view[take:]
                if len(pending) == frame_size:
                    yield pending  # handed over whole: a fresh buffer gathers the next frame
                    pending = bytearray()
        if pending:
            yield pending

    entries = []

    def emit(compressed: bytes, content: int):
        file.write(compressed)
        entries.append(struct.pack("<II", len(compressed), content))

    if workers == 0:
        for frame in frames():
            emit(compress(frame), len(frame))
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            in_flight = []
            for frame in frames():
                in_flight.append((pool.submit(compress, frame), len(frame)))
                while len(in_flight) > workers:
                    future, content = in_flight.pop(0)
                    emit(future.result(), content)
            for future, content in in_flight:
                emit(future.result(), content)
    table = b"".join(entries) + struct.pack("<IBI", len(entries), 0, SEEKABLE_MAGIC)
    file.write(struct.pack("<II", SEEK_TABLE_MAGIC, len(table)) + table)


def _frame_size(value, source: str) -> int:
    from .sizes import EXPECTED, try_parse_size
    size = try_parse_size(value)
    if size is None:
        raise CompressionError(f"{source}: frame_size: expected {EXPECTED}, found {value!r}")
    if not 1 << 16 <= size <= 1 << 30:
        raise CompressionError(f"{source}: frame_size must be from 64 KiB to 1 GiB, not {value!r}")
    return size

#!/usr/bin/env python3
"""A standalone reader for DatasetSDK `.dso` container files, written from docs/format.md alone.

Usage: dso_reader.py [--no-verify] FILE

Standard library only (Python 3.11). The protobuf wire format is decoded by hand.

On success, prints one JSON object to stdout:

    {"type": ..., "id": hex, "format_version": ..., "total_bytes": ...,
     "fields": {...}, "labels": {...},
     "blobs": {name: {"size": n, "offset": o}}, "members": {name: {...same shape...}},
     "value": ...}

`fields` maps each field to its JSON form: bool, int (int_value and uint_value), float (NaN and
infinities as the strings "NaN", "Infinity", "-Infinity"), string, bytes as {"bytes_hex": "..."},
list, map (object) and null. `value` decodes the built-in types of section 3 of the spec:

- datasetsdk.Tensor      -> {"dtype", "shape", "data": flat row-major list} (validity applied)
- datasetsdk.StringArray -> list of strings (validity applied: nulls are JSON null)
- datasetsdk.TimestampArray -> {"unit": "s"|"ms"|"us"|"ns", "timezone": name or null (null when
                           the field is absent or empty: wall-clock times without a zone),
                           "data": [raw int64 counts of unit since the epoch, or null]}
- datasetsdk.DurationArray  -> {"unit", "data": [raw int64 counts of unit, or null]}
- datasetsdk.DateArray      -> {"data": [raw int32 days since 1970-01-01, or null]}
- datasetsdk.DecimalArray   -> {"precision", "scale", "data": [decimal text, or null]}; the text is
                           exact: a "-" for negatives, at least one digit before the point and
                           exactly `scale` digits after it ("0.00", "-0.01"); scale 0: no point;
                           a negative scale: an integer ending in -scale zeros (v * 10^-scale)
- datasetsdk.DictionaryArray -> {"ordered": bool, "codes_dtype", "codes": [code, or null],
                           "categories": [the categories column's rows],
                           "data": [the category value of each row, or null]}
- datasetsdk.DataFrame   -> {"columns", "row_count", "data": {name: [values...]}}
- datasetsdk.Series      -> {"name": the name Value's JSON form (string, int, float, bool) or null,
                           "length", "values": [values...],
                           "index": null (the default 0..n-1) or the index frame, as a DataFrame}
- datasetsdk.Record      -> the fields, as above
- datasetsdk.Bytes       -> {"size": n, "crc32": crc}
- anything else          -> null

A column's values (a frame's "data" lists, a series' "values", a dictionary's "categories" and
"data") are the per-row JSON values of its type: the elements of a tensor, the strings of a string
array, and the "data" list of the other column types above. Null rows (validity bit 0) are null.

On failure, prints `error: <file>: <what failed>` to stderr and exits with status 2. The rules the
spec marks **Checked** for the column types (a time unit other than s/ms/us/ns; a `data` size
other than n * width; -2^63 at a present timestamp or duration row; a decimal precision outside
1..38, a scale outside -38..38, a present row with |v| >= 10^precision; codes that are not an
int8..int64 tensor of shape [n], a present row's code outside 0..k-1; a null among the
categories) name the blob or field by its path (`blob 'cat/codes/data'`, `field 'ts/unit'`) and,
for row checks, the first offending row (`row 3`).
"""

from __future__ import annotations

import json
import math
import mmap
import os
import struct
import sys
import zlib

MAGIC = b"\x89DSO\r\n\x1a\n"
HEADER_SIZE = 64
FOOTER_SIZE = 64
MAX_DEPTH = 100
SUPPORTED_MAJOR = 1

CHECKSUM_KIND_NONE = 0
CHECKSUM_KIND_CRC32 = 1


class FormatError(Exception):
    """A check of the specification failed; the message says which."""


# ---------------------------------------------------------------------------------------------
# Protobuf wire format
# ---------------------------------------------------------------------------------------------

WT_VARINT, WT_I64, WT_LEN, WT_SGROUP, WT_EGROUP, WT_I32 = 0, 1, 2, 3, 4, 5


def read_varint(buf, pos: int, end: int) -> tuple[int, int]:
    result = 0
    shift = 0
    for i in range(10):
        if pos >= end:
            raise FormatError("metadata: truncated varint")
        byte = buf[pos]
        pos += 1
        if i == 9 and byte > 1:
            raise FormatError("metadata: varint longer than 64 bits")
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
    raise FormatError("metadata: varint longer than 10 bytes")


def skip_group(buf, pos: int, end: int, field_number: int) -> int:
    """Skips a (deprecated) group whose start tag has just been read; returns the position after
    its end tag."""
    while True:
        tag, pos = read_varint(buf, pos, end)
        number, wire_type = tag >> 3, tag & 7
        if number == 0:
            raise FormatError("metadata: field number 0")
        if wire_type == WT_EGROUP:
            if number != field_number:
                raise FormatError("metadata: mismatched end-group tag")
            return pos
        pos = skip_field(buf, pos, end, number, wire_type)


def skip_field(buf, pos: int, end: int, number: int, wire_type: int) -> int:
    if wire_type == WT_VARINT:
        _, pos = read_varint(buf, pos, end)
    elif wire_type == WT_I64:
        pos += 8
    elif wire_type == WT_I32:
        pos += 4
    elif wire_type == WT_LEN:
        length, pos = read_varint(buf, pos, end)
        pos += length
    elif wire_type == WT_SGROUP:
        pos = skip_group(buf, pos, end, number)
    else:
        raise FormatError(f"metadata: invalid wire type {wire_type}")
    if pos > end:
        raise FormatError("metadata: field runs past the end of its message")
    return pos


def fields_of(buf, start: int, end: int):
    """Yields (field number, wire type, value) for every field of the message in buf[start:end].
    The value is an int for varint/fixed fields and a (start, end) range for length-delimited
    ones. Unknown wire type 3 groups are skipped (yielded as None)."""
    pos = start
    while pos < end:
        tag, pos = read_varint(buf, pos, end)
        number, wire_type = tag >> 3, tag & 7
        if number == 0:
            raise FormatError("metadata: field number 0")
        if wire_type == WT_VARINT:
            value, pos = read_varint(buf, pos, end)
            yield number, wire_type, value
        elif wire_type == WT_I64:
            if pos + 8 > end:
                raise FormatError("metadata: truncated fixed64 field")
            yield number, wire_type, int.from_bytes(buf[pos:pos + 8], "little")
            pos += 8
        elif wire_type == WT_I32:
            if pos + 4 > end:
                raise FormatError("metadata: truncated fixed32 field")
            yield number, wire_type, int.from_bytes(buf[pos:pos + 4], "little")
            pos += 4
        elif wire_type == WT_LEN:
            length, pos = read_varint(buf, pos, end)
            if pos + length > end:
                raise FormatError("metadata: length-delimited field runs past the end of its message")
            yield number, wire_type, (pos, pos + length)
            pos += length
        elif wire_type == WT_SGROUP:
            pos = skip_group(buf, pos, end, number)
            yield number, wire_type, None
        else:
            raise FormatError(f"metadata: invalid wire type {wire_type}")
    if pos != end:
        raise FormatError("metadata: message runs past its end")


def as_int64(value: int) -> int:
    value &= 0xFFFFFFFFFFFFFFFF
    return value - (1 << 64) if value >= (1 << 63) else value


def as_int32(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= (1 << 31) else value


def expect(wire_type: int, wanted: int, what: str) -> None:
    if wire_type != wanted:
        raise FormatError(f"metadata: {what} has wire type {wire_type}, expected {wanted}")


class Segments:
    """The bytes of a singular embedded message, possibly split over several occurrences of the
    field; protobuf merges them, which is the same as parsing their concatenation."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def add(self, buf, rng) -> None:
        self.parts.append(bytes(buf[rng[0]:rng[1]]))

    def joined(self) -> bytes:
        return self.parts[0] if len(self.parts) == 1 else b"".join(self.parts)


def utf8(buf, rng, what: str) -> str:
    try:
        return bytes(buf[rng[0]:rng[1]]).decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError(f"metadata: {what} is not valid UTF-8") from None


def check_depth(depth: int) -> None:
    if depth > MAX_DEPTH:
        raise FormatError(f"metadata: nesting deeper than {MAX_DEPTH}")


# A decoded Value is a tuple (kind, payload): ("null", None), ("bool", b), ("int", i),
# ("uint", u), ("double", d), ("string", s), ("bytes", b), ("list", [...]), ("map", {...}).

NULL = ("null", None)


def decode_value(buf: bytes, depth: int):
    check_depth(depth)
    kind = None        # the oneof member last seen
    scalar = None
    segments: Segments | None = None
    for number, wire_type, v in fields_of(buf, 0, len(buf)):
        if number not in range(1, 10):
            continue  # unknown field
        if number in (7, 8, 9):
            expect(wire_type, WT_LEN, f"Value field {number}")
            if kind != number:
                segments = Segments()
            kind = number
            segments.add(buf, v)
            continue
        kind, segments = number, None
        if number == 1:
            expect(wire_type, WT_VARINT, "Value.bool_value")
            scalar = ("bool", v != 0)
        elif number == 2:
            expect(wire_type, WT_VARINT, "Value.int_value")
            scalar = ("int", as_int64(v))
        elif number == 3:
            expect(wire_type, WT_VARINT, "Value.uint_value")
            scalar = ("uint", v)
        elif number == 4:
            expect(wire_type, WT_I64, "Value.double_value")
            scalar = ("double", struct.unpack("<d", v.to_bytes(8, "little"))[0])
        elif number == 5:
            expect(wire_type, WT_LEN, "Value.string_value")
            scalar = ("string", utf8(buf, v, "Value.string_value"))
        elif number == 6:
            expect(wire_type, WT_LEN, "Value.bytes_value")
            scalar = ("bytes", bytes(buf[v[0]:v[1]]))
    if kind is None:
        return NULL
    if kind == 7:
        return ("list", decode_value_list(segments.joined(), depth + 1))
    if kind == 8:
        return ("map", decode_value_map(segments.joined(), depth + 1))
    if kind == 9:
        check_depth(depth + 1)
        for _ in fields_of(segments.joined(), 0, len(segments.joined())):
            pass  # Null has no fields; unknown ones are ignored
        return NULL
    return scalar


def decode_value_list(buf: bytes, depth: int) -> list:
    check_depth(depth)
    values = []
    for number, wire_type, v in fields_of(buf, 0, len(buf)):
        if number == 1:
            expect(wire_type, WT_LEN, "ValueList.values")
            values.append(decode_value(bytes(buf[v[0]:v[1]]), depth + 1))
    return values


def decode_map_entry(buf, rng, what: str):
    """Returns (key string, value Segments or None) for a map entry message."""
    key = ""
    value: Segments | None = None
    for number, wire_type, v in fields_of(buf, rng[0], rng[1]):
        if number == 1:
            expect(wire_type, WT_LEN, f"{what} key")
            key = utf8(buf, v, f"{what} key")
        elif number == 2:
            expect(wire_type, WT_LEN, f"{what} value")
            if value is None:
                value = Segments()
            value.add(buf, v)
    return key, value


def decode_value_map(buf: bytes, depth: int) -> dict:
    check_depth(depth)
    entries: dict[str, Segments] = {}
    for number, wire_type, v in fields_of(buf, 0, len(buf)):
        if number == 1:
            expect(wire_type, WT_LEN, "ValueMap.entries")
            key, value = decode_map_entry(buf, v, "ValueMap.entries")
            entries[key] = value  # a later entry with the same key replaces an earlier one
    return {key: (decode_value(seg.joined(), depth + 1) if seg else NULL) for key, seg in entries.items()}


class BlobRef:
    def __init__(self) -> None:
        self.size = 0
        self.checksum_kind = CHECKSUM_KIND_NONE
        self.checksum = 0
        self.location = None          # None, "container_offset" or "store_key"
        self.container_offset = 0
        self.store_key = ""


def decode_blob_ref(buf: bytes, depth: int) -> BlobRef:
    check_depth(depth)
    ref = BlobRef()
    for number, wire_type, v in fields_of(buf, 0, len(buf)):
        if number == 1:
            expect(wire_type, WT_VARINT, "BlobRef.size")
            ref.size = v
        elif number == 2:
            expect(wire_type, WT_VARINT, "BlobRef.checksum_kind")
            ref.checksum_kind = as_int32(v)
        elif number == 3:
            expect(wire_type, WT_VARINT, "BlobRef.checksum")
            ref.checksum = v
        elif number == 4:
            expect(wire_type, WT_VARINT, "BlobRef.container_offset")
            ref.location, ref.container_offset = "container_offset", v
        elif number == 5:
            expect(wire_type, WT_LEN, "BlobRef.store_key")
            ref.location, ref.store_key = "store_key", utf8(buf, v, "BlobRef.store_key")
    return ref


class ObjectMeta:
    def __init__(self) -> None:
        self.format_version = 0
        self.type_name = ""
        self.id = b""
        self.total_bytes = 0
        self.fields: dict = {}
        self.members: dict[str, ObjectMeta] = {}
        self.blobs: dict[str, BlobRef] = {}
        self.labels: dict[str, str] = {}


def decode_object_meta(buf: bytes, depth: int = 1) -> ObjectMeta:
    check_depth(depth)
    meta = ObjectMeta()
    fields: dict[str, Segments | None] = {}
    members: dict[str, Segments | None] = {}
    blobs: dict[str, Segments | None] = {}
    for number, wire_type, v in fields_of(buf, 0, len(buf)):
        if number == 1:
            expect(wire_type, WT_VARINT, "ObjectMeta.format_version")
            meta.format_version = v & 0xFFFFFFFF
        elif number == 2:
            expect(wire_type, WT_LEN, "ObjectMeta.type_name")
            meta.type_name = utf8(buf, v, "ObjectMeta.type_name")
        elif number == 3:
            expect(wire_type, WT_LEN, "ObjectMeta.id")
            meta.id = bytes(buf[v[0]:v[1]])
        elif number == 4:
            expect(wire_type, WT_VARINT, "ObjectMeta.total_bytes")
            meta.total_bytes = v
        elif number in (5, 6, 7):
            expect(wire_type, WT_LEN, f"ObjectMeta field {number}")
            name = {5: "fields", 6: "members", 7: "blobs"}[number]
            key, value = decode_map_entry(buf, v, f"ObjectMeta.{name}")
            {5: fields, 6: members, 7: blobs}[number][key] = value
        elif number == 8:
            expect(wire_type, WT_LEN, "ObjectMeta.labels")
            key, value = decode_map_entry(buf, v, "ObjectMeta.labels")
            # A string, not a message: the last occurrence wins.
            meta.labels[key] = utf8(value.parts[-1], (0, len(value.parts[-1])), "label value") if value else ""
    # Each map value is a message one level below this one.
    meta.fields = {k: (decode_value(s.joined(), depth + 1) if s else NULL) for k, s in fields.items()}
    meta.members = {k: decode_object_meta(s.joined() if s else b"", depth + 1) for k, s in members.items()}
    meta.blobs = {k: decode_blob_ref(s.joined() if s else b"", depth + 1) for k, s in blobs.items()}
    return meta

# ---------------------------------------------------------------------------------------------
# The container
# ---------------------------------------------------------------------------------------------


def u16(buf, at: int) -> int:
    return int.from_bytes(buf[at:at + 2], "little")


def u32(buf, at: int) -> int:
    return int.from_bytes(buf[at:at + 4], "little")


def u64(buf, at: int) -> int:
    return int.from_bytes(buf[at:at + 8], "little")


def crc32(data) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


def open_container(data, verify: bool):
    """Runs the checks of "Reading a container, step by step" in order; returns the top-level
    ObjectMeta."""
    size = len(data)
    # 1. magic
    if size < 8 or data[0:8] != MAGIC:
        raise FormatError("not a container (bad magic)")
    # 2. size
    if size < HEADER_SIZE + FOOTER_SIZE:
        raise FormatError(f"too small ({size} bytes, a container has at least 128)")
    # 3. header CRC
    if u32(data, 60) != crc32(data[0:60]):
        raise FormatError("header checksum mismatch")
    # 4. header major version
    major = u16(data, 8)
    if major != SUPPORTED_MAJOR:
        raise FormatError(f"unsupported version {major}.{u16(data, 10)}")
    # 5. header flags
    if u32(data, 12) != 0:
        raise FormatError(f"unknown header flags {u32(data, 12):#x}")
    # 6. trailing magic
    if data[size - 8:size] != MAGIC:
        raise FormatError("truncated (the last 8 bytes are not the magic)")
    footer = size - FOOTER_SIZE
    # 7. footer CRC
    if u32(data, footer + 48) != crc32(data[footer:footer + 48]):
        raise FormatError("footer checksum mismatch")
    # 8. footer flags
    if u32(data, footer + 20) != 0:
        raise FormatError(f"unknown footer flags {u32(data, footer + 20):#x}")
    # 9. metadata placement
    m, length = u64(data, footer), u64(data, footer + 8)
    if m < HEADER_SIZE or m % 64 != 0 or m + length != footer:
        raise FormatError(f"bad metadata range (offset {m}, length {length}, footer at {footer})")
    # 10. metadata CRC
    metadata = data[m:m + length]
    if crc32(metadata) != u32(data, footer + 16):
        raise FormatError("metadata checksum mismatch")
    # 11. decode
    try:
        meta = decode_object_meta(bytes(metadata))
    except RecursionError:
        raise FormatError(f"metadata: nesting deeper than {MAX_DEPTH}") from None
    if meta.format_version // 1000 > SUPPORTED_MAJOR:
        raise FormatError(f"unsupported metadata format version {meta.format_version}")
    # 12. blob locations
    for path, ref in walk_blobs(meta):
        if ref.location != "container_offset":
            raise FormatError(f"blob {path}: not located in the container ({ref.location or 'no location'})")
        o = ref.container_offset
        if o < 64 or o % 64 != 0 or o + ref.size > m:
            raise FormatError(f"blob {path}: bad range (offset {o}, size {ref.size}, metadata at {m})")
    # 13. blob checksums
    if verify:
        seen: dict[tuple[int, int], int] = {}
        for path, ref in walk_blobs(meta):
            if ref.checksum_kind == CHECKSUM_KIND_NONE:
                continue
            if ref.checksum_kind != CHECKSUM_KIND_CRC32:
                raise FormatError(f"blob {path}: unknown checksum kind {ref.checksum_kind}")
            span = (ref.container_offset, ref.size)
            if span not in seen:
                seen[span] = crc32(data[span[0]:span[0] + span[1]])
            if seen[span] != ref.checksum:
                raise FormatError(f"blob {path}: checksum mismatch")
    return meta


def walk_blobs(meta: ObjectMeta, prefix: str = ""):
    """Yields (path, BlobRef) for every blob reference, the object's own first, then members."""
    for name in sorted(meta.blobs):
        yield prefix + name, meta.blobs[name]
    for name in sorted(meta.members):
        yield from walk_blobs(meta.members[name], prefix + name + "/")


# ---------------------------------------------------------------------------------------------
# Built-in types and JSON
# ---------------------------------------------------------------------------------------------

DTYPES = {
    # name: (struct code, width)
    "bool": ("B", 1), "int8": ("b", 1), "int16": ("h", 2), "int32": ("i", 4), "int64": ("q", 8),
    "uint8": ("B", 1), "uint16": ("H", 2), "uint32": ("I", 4), "uint64": ("Q", 8),
    "float32": ("f", 4), "float64": ("d", 8),
}


TIME_UNITS = ("s", "ms", "us", "ns")
NAT = -(1 << 63)  # int64 minimum: pandas' NaT, written at the null rows of timestamps and durations
CODE_DTYPES = ("int8", "int16", "int32", "int64")
SERIES_NAME_KINDS = ("null", "string", "int", "uint", "double", "bool")


def at(path: str, name: str) -> str:
    """The spec's path of blob, field or member `name` of the object at `path` ("" for the
    top-level object; the reader passes member paths with or without a trailing '/')."""
    prefix = path.rstrip("/")
    return f"{prefix}/{name}" if prefix else name


def with_nulls(values: list, valid) -> list:
    return values if valid is None else [v if ok else None for v, ok in zip(values, valid)]


def decimal_text(v: int, scale: int) -> str:
    """The exact text of v * 10^-scale."""
    if scale <= 0:
        return str(v * 10 ** -scale)
    digits = str(abs(v)).rjust(scale + 1, "0")
    return f"{'-' if v < 0 else ''}{digits[:-scale]}.{digits[-scale:]}"


def json_float(x: float):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def value_to_json(value):
    kind, payload = value
    if kind == "double":
        return json_float(payload)
    if kind == "bytes":
        return {"bytes_hex": payload.hex()}
    if kind == "list":
        return [value_to_json(v) for v in payload]
    if kind == "map":
        return {k: value_to_json(v) for k, v in payload.items()}
    return payload  # null, bool, int, uint, string


class Interpreter:
    def __init__(self, data) -> None:
        self.data = data

    def blob(self, meta: ObjectMeta, name: str, path: str):
        ref = meta.blobs.get(name)
        if ref is None:
            raise FormatError(f"{path or 'object'}: missing blob '{name}'")
        return memoryview(self.data)[ref.container_offset:ref.container_offset + ref.size]

    @staticmethod
    def field(meta: ObjectMeta, name: str, kind: str | tuple, path: str):
        value = meta.fields.get(name)
        kinds = (kind,) if isinstance(kind, str) else kind
        if value is None or value[0] not in kinds:
            raise FormatError(f"{path or 'object'}: field '{name}' missing or not {' or '.join(kinds)}")
        return value[1]

    def int_field(self, meta: ObjectMeta, name: str, path: str) -> int:
        n = self.field(meta, name, ("int", "uint"), path)
        if n < 0:
            raise FormatError(f"{path or 'object'}: field '{name}' is negative")
        return n

    def validity(self, meta: ObjectMeta, n: int, path: str):
        if "validity" not in meta.blobs:
            return None
        bits = self.blob(meta, "validity", path)
        if len(bits) < (n + 7) // 8:
            raise FormatError(f"{path or 'object'}: validity blob has {len(bits)} bytes, needs {(n + 7) // 8}")
        return [(bits[i >> 3] >> (i & 7)) & 1 == 1 for i in range(n)]

    def tensor(self, meta: ObjectMeta, path: str):
        dtype = self.field(meta, "dtype", "string", path)
        if dtype not in DTYPES:
            raise FormatError(f"{path or 'object'}: unknown dtype '{dtype}'")
        shape_values = self.field(meta, "shape", "list", path)
        shape = []
        for kind, dim in shape_values:
            if kind not in ("int", "uint") or dim < 0:
                raise FormatError(f"{path or 'object'}: shape holds a value that is not a non-negative int")
            shape.append(dim)
        count = math.prod(shape)
        code, width = DTYPES[dtype]
        data = self.blob(meta, "data", path)
        if len(data) != count * width:
            raise FormatError(f"{path or 'object'}: data blob has {len(data)} bytes, expected {count * width}")
        elements = list(struct.unpack(f"<{count}{code}", data)) if count else []
        if dtype == "bool":
            if any(b > 1 for b in elements):
                raise FormatError(f"{path or 'object'}: bool element that is neither 0 nor 1")
            elements = [b == 1 for b in elements]
        elif dtype.startswith("float"):
            elements = [json_float(x) for x in elements]
        if "validity" in meta.blobs and len(shape) == 1:
            valid = self.validity(meta, shape[0], path)
            elements = [e if ok else None for e, ok in zip(elements, valid)]
        return {"dtype": dtype, "shape": shape, "data": elements}

    def string_array(self, meta: ObjectMeta, path: str) -> list:
        n = self.int_field(meta, "length", path)
        offsets_blob = self.blob(meta, "offsets", path)
        text = self.blob(meta, "bytes", path)
        if len(offsets_blob) != (n + 1) * 8:
            raise FormatError(f"{path or 'object'}: offsets blob has {len(offsets_blob)} bytes, expected {(n + 1) * 8}")
        offsets = struct.unpack(f"<{n + 1}q", offsets_blob)
        if offsets[0] < 0 or offsets[n] > len(text) or any(a > b for a, b in zip(offsets, offsets[1:])):
            raise FormatError(f"{path or 'object'}: string offsets are out of range or decreasing")
        strings = []
        for i in range(n):
            try:
                strings.append(bytes(text[offsets[i]:offsets[i + 1]]).decode("utf-8"))
            except UnicodeDecodeError:
                raise FormatError(f"{path or 'object'}: string {i} is not valid UTF-8") from None
        valid = self.validity(meta, n, path)
        if valid is not None:
            strings = [s if ok else None for s, ok in zip(strings, valid)]
        return strings

    # The column types of "Columns and nulls". Every check marked **Checked** in the spec raises a
    # FormatError naming the blob or field (by its path, see at()) and, for row checks, the first
    # offending row.

    def fixed_width_data(self, meta: ObjectMeta, n: int, width: int, code: str, path: str) -> list:
        """The `n` little-endian elements of blob `data`, whose size must be exactly n * width."""
        data = self.blob(meta, "data", path)
        if len(data) != n * width:
            raise FormatError(f"blob '{at(path, 'data')}': {len(data)} bytes, expected {n * width} "
                              f"({n} rows of {width} bytes)")
        return list(struct.unpack(f"<{n}{code}", data)) if n else []

    def time_unit(self, meta: ObjectMeta, path: str) -> str:
        unit = self.field(meta, "unit", "string", path)
        if unit not in TIME_UNITS:
            raise FormatError(f"field '{at(path, 'unit')}': unit '{unit}' is not one of s, ms, us, ns")
        return unit

    def int64_times(self, meta: ObjectMeta, path: str) -> list:
        """The rows of a TimestampArray or DurationArray: int64 counts, None at null rows. A present
        row may not hold -2^63 (NaT)."""
        n = self.int_field(meta, "length", path)
        values = self.fixed_width_data(meta, n, 8, "q", path)
        valid = self.validity(meta, n, path)
        for i, v in enumerate(values):
            if v == NAT and (valid is None or valid[i]):
                raise FormatError(f"blob '{at(path, 'data')}': row {i} holds -2^63 (NaT) but is not null")
        return with_nulls(values, valid)

    def timestamp_array(self, meta: ObjectMeta, path: str) -> dict:
        unit = self.time_unit(meta, path)
        zone = meta.fields.get("timezone", NULL)
        if zone[0] not in ("null", "string"):
            raise FormatError(f"field '{at(path, 'timezone')}': not a string")
        return {"unit": unit, "timezone": zone[1] or None, "data": self.int64_times(meta, path)}

    def duration_array(self, meta: ObjectMeta, path: str) -> dict:
        unit = self.time_unit(meta, path)
        return {"unit": unit, "data": self.int64_times(meta, path)}

    def date_array(self, meta: ObjectMeta, path: str) -> dict:
        n = self.int_field(meta, "length", path)
        values = self.fixed_width_data(meta, n, 4, "i", path)
        return {"data": with_nulls(values, self.validity(meta, n, path))}

    def decimal_array(self, meta: ObjectMeta, path: str) -> dict:
        n = self.int_field(meta, "length", path)
        precision = self.field(meta, "precision", ("int", "uint"), path)
        if not 1 <= precision <= 38:
            raise FormatError(f"field '{at(path, 'precision')}': precision {precision} is not between 1 and 38")
        scale = self.field(meta, "scale", ("int", "uint"), path)
        if not -38 <= scale <= 38:
            raise FormatError(f"field '{at(path, 'scale')}': scale {scale} is not between -38 and 38")
        data = self.blob(meta, "data", path)
        if len(data) != n * 16:
            raise FormatError(f"blob '{at(path, 'data')}': {len(data)} bytes, expected {n * 16} "
                              f"({n} rows of 16 bytes)")
        valid = self.validity(meta, n, path)
        limit = 10 ** precision
        rows = []
        for i in range(n):
            if valid is not None and not valid[i]:
                rows.append(None)
                continue
            v = int.from_bytes(data[16 * i:16 * i + 16], "little", signed=True)
            if abs(v) >= limit:
                raise FormatError(f"blob '{at(path, 'data')}': row {i}: precision overflow "
                                  f"(unscaled value {v} has more than {precision} digits)")
            rows.append(decimal_text(v, scale))
        return {"precision": precision, "scale": scale, "data": rows}

    def dictionary_array(self, meta: ObjectMeta, path: str) -> dict:
        n = self.int_field(meta, "length", path)
        ordered = meta.fields.get("ordered", NULL)
        if ordered[0] not in ("null", "bool"):
            raise FormatError(f"field '{at(path, 'ordered')}': not a bool")
        # codes: a one-dimensional integer tensor of n rows. Its own validity (if any) is not
        # used: the dictionary's validity marks the nulls.
        codes_path = at(path, "codes")
        codes_meta = meta.members.get("codes")
        if codes_meta is None:
            raise FormatError(f"{path or 'object'}: missing member 'codes'")
        if codes_meta.type_name != "datasetsdk.Tensor":
            raise FormatError(f"member '{codes_path}': type '{codes_meta.type_name}', expected datasetsdk.Tensor")
        dtype = self.field(codes_meta, "dtype", "string", codes_path)
        if dtype not in CODE_DTYPES:
            raise FormatError(f"field '{at(codes_path, 'dtype')}': codes dtype '{dtype}' is not "
                              f"int8, int16, int32 or int64")
        shape = self.field(codes_meta, "shape", "list", codes_path)
        if [kind in ("int", "uint") for kind, _ in shape] != [True] or shape[0][1] != n:
            shown = [value_to_json(v) for v in shape]
            raise FormatError(f"field '{at(codes_path, 'shape')}': shape {shown}, expected [{n}]")
        code, width = DTYPES[dtype]
        codes = self.fixed_width_data(codes_meta, n, width, code, codes_path)
        # categories: a column of any other column type, k rows, no nulls.
        categories_path = at(path, "categories")
        categories_meta = meta.members.get("categories")
        if categories_meta is None:
            raise FormatError(f"{path or 'object'}: missing member 'categories'")
        if categories_meta.type_name == "datasetsdk.DictionaryArray":
            raise FormatError(f"member '{categories_path}': categories may not be a datasetsdk.DictionaryArray")
        categories = self.column(categories_meta, categories_path)
        k = len(categories)
        categories_valid = self.validity(categories_meta, k, categories_path)
        if categories_valid is not None and not all(categories_valid):
            raise FormatError(f"blob '{at(categories_path, 'validity')}': row {categories_valid.index(False)} "
                              f"is null; categories may not hold nulls")
        valid = self.validity(meta, n, path)
        rows = []
        for i, c in enumerate(codes):
            if valid is not None and not valid[i]:
                rows.append(None)
            elif 0 <= c < k:
                rows.append(categories[c])
            else:
                allowed = f"0 to {k - 1}" if k else "none, there are no categories"
                raise FormatError(f"blob '{at(codes_path, 'data')}': row {i}: code {c} is out of range "
                                  f"(valid codes: {allowed})")
        return {"ordered": ordered[1] or False, "codes_dtype": dtype, "codes": with_nulls(codes, valid),
                "categories": categories, "data": rows}

    COLUMN_TYPES = {
        "datasetsdk.TimestampArray": timestamp_array,
        "datasetsdk.DurationArray": duration_array,
        "datasetsdk.DateArray": date_array,
        "datasetsdk.DecimalArray": decimal_array,
        "datasetsdk.DictionaryArray": dictionary_array,
    }

    def column(self, meta: ObjectMeta, path: str) -> list:
        if meta.type_name == "datasetsdk.Tensor":
            t = self.tensor(meta, path)
            if len(t["shape"]) != 1:
                raise FormatError(f"{path}: column tensor is not one-dimensional")
            return t["data"]
        if meta.type_name == "datasetsdk.StringArray":
            return self.string_array(meta, path)
        if meta.type_name in self.COLUMN_TYPES:
            return self.COLUMN_TYPES[meta.type_name](self, meta, path)["data"]
        raise FormatError(f"{path}: column of type '{meta.type_name}'")

    def data_frame(self, meta: ObjectMeta, path: str):
        columns = self.field(meta, "columns", "list", path)
        names = []
        for kind, name in columns:
            if kind != "string":
                raise FormatError(f"{path or 'object'}: column name that is not a string")
            names.append(name)
        if len(set(names)) != len(names):
            raise FormatError(f"{path or 'object'}: duplicate column names")
        rows = self.int_field(meta, "row_count", path)
        data = {}
        for name in names:
            member = meta.members.get(name)
            if member is None:
                raise FormatError(f"{path or 'object'}: no member for column '{name}'")
            values = self.column(member, path + name)
            if len(values) != rows:
                raise FormatError(f"{path + name}: {len(values)} rows, the frame has {rows}")
            data[name] = values
        return {"columns": names, "row_count": rows, "data": data}

    def series(self, meta: ObjectMeta, path: str) -> dict:
        name = meta.fields.get("name", NULL)
        if name[0] not in SERIES_NAME_KINDS:
            raise FormatError(f"field '{at(path, 'name')}': a {name[0]} value, expected a string, int, double or bool")
        n = self.int_field(meta, "length", path)
        values_meta = meta.members.get("values")
        if values_meta is None:
            raise FormatError(f"{path or 'object'}: missing member 'values'")
        values = self.column(values_meta, at(path, "values"))
        if len(values) != n:
            raise FormatError(f"member '{at(path, 'values')}': {len(values)} rows, the series has {n}")
        index = None
        index_meta = meta.members.get("index")
        if index_meta is not None:
            if index_meta.type_name != "datasetsdk.DataFrame":
                raise FormatError(f"member '{at(path, 'index')}': type '{index_meta.type_name}', expected datasetsdk.DataFrame")
            index = self.data_frame(index_meta, at(path, "index") + "/")
            if index["row_count"] != n:
                raise FormatError(f"member '{at(path, 'index')}': {index['row_count']} rows, the series has {n}")
        return {"name": value_to_json(name), "length": n, "values": values, "index": index}

    def value(self, meta: ObjectMeta, path: str):
        t = meta.type_name
        if t == "datasetsdk.Tensor":
            return self.tensor(meta, path)
        if t == "datasetsdk.StringArray":
            return self.string_array(meta, path)
        if t in self.COLUMN_TYPES:
            return self.COLUMN_TYPES[t](self, meta, path)
        if t == "datasetsdk.DataFrame":
            return self.data_frame(meta, path)
        if t == "datasetsdk.Series":
            return self.series(meta, path)
        if t == "datasetsdk.Record":
            return {k: value_to_json(v) for k, v in meta.fields.items()}
        if t == "datasetsdk.Bytes":
            data = self.blob(meta, "data", path)
            return {"size": len(data), "crc32": crc32(data)}
        return None

    def to_json(self, meta: ObjectMeta, path: str = "") -> dict:
        return {
            "type": meta.type_name,
            "id": meta.id.hex(),
            "format_version": meta.format_version,
            "total_bytes": meta.total_bytes,
            "fields": {k: value_to_json(v) for k, v in sorted(meta.fields.items())},
            "labels": dict(sorted(meta.labels.items())),
            "blobs": {k: {"size": r.size, "offset": r.container_offset} for k, r in sorted(meta.blobs.items())},
            "members": {k: self.to_json(m, f"{path}{k}/") for k, m in sorted(meta.members.items())},
            "value": self.value(meta, path),
        }


def main(argv: list[str]) -> int:
    args = argv[1:]
    verify = True
    if "--no-verify" in args:
        verify = False
        args = [a for a in args if a != "--no-verify"]
    if len(args) != 1:
        print("usage: dso_reader.py [--no-verify] FILE", file=sys.stderr)
        return 64
    path = args[0]
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size == 0:
                data = b""
                mapping = None
            else:
                mapping = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                data = mapping
            try:
                meta = open_container(data, verify)
                result = Interpreter(data).to_json(meta)
            finally:
                if mapping is not None:
                    try:
                        mapping.close()
                    except BufferError:
                        pass  # a memoryview is still alive; the process is about to exit
    except FormatError as e:
        print(f"error: {path}: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {path}: cannot read: {e.strerror or e}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, allow_nan=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

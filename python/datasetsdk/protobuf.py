"""Decoding `ObjectMeta` with the nesting limit of docs/format.md (section 2, step 11): 100
message levels, where the top-level object is level 1, every nested message adds one and map
entries do not count.

Python's protobuf runtime (upb) counts map entries as levels and has no option to raise its
limit, so it refuses objects with more than 50 nested members that the format (and Swift)
allow. :func:`parse_meta` lets upb parse (fast) and, only when upb gives up on the depth,
parses member by member: it splits each level's wire bytes into its `members` entries (field
6, parsed here, recursively) and the rest (parsed by upb, which then sees one level only)."""

from __future__ import annotations

from google.protobuf.message import DecodeError

from .v1 import object_pb2 as pb

MAX_LEVELS = 100
MEMBERS = 6


def parse_meta(data, error):
    """The `ObjectMeta` in `data`; `error(reason)` makes the exception raised when it is invalid."""
    try:
        return pb.ObjectMeta.FromString(bytes(data) if isinstance(data, memoryview) else data)
    except (DecodeError, RecursionError) as failure:
        if "Depth" not in str(failure):
            raise error(str(failure)) from None
    try:
        return _parse_level(memoryview(data).cast("B"), 1)
    except (DecodeError, RecursionError, ValueError) as failure:
        raise error(str(failure)) from None


def _varint(data: memoryview, position: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if position >= len(data) or shift > 63:
            raise DecodeError("truncated or overlong varint")
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, position
        shift += 7


def _fields(data: memoryview):
    """(field number, wire type, start of the field, start of its payload, end) of every field."""
    position = 0
    while position < len(data):
        start = position
        tag, position = _varint(data, position)
        number, wire = tag >> 3, tag & 7
        payload = position
        if wire == 0:
            _, position = _varint(data, position)
        elif wire == 1:
            position += 8
        elif wire == 5:
            position += 4
        elif wire == 2:
            length, payload = _varint(data, position)
            position = payload + length
        else:
            raise DecodeError(f"unsupported wire type {wire}")
        if position > len(data) or number == 0:
            raise DecodeError("truncated message")
        yield number, wire, start, payload, position


def _parse_level(data: memoryview, level: int) -> pb.ObjectMeta:
    if level > MAX_LEVELS:
        raise DecodeError(f"members nest deeper than {MAX_LEVELS} levels (docs/format.md, section 2, step 11)")
    rest = bytearray()
    members = []
    for number, wire, start, payload, end in _fields(data):
        if number == MEMBERS and wire == 2:
            members.append(data[payload:end])
        else:
            rest += data[start:end]
    meta = pb.ObjectMeta.FromString(bytes(rest))
    for entry in members:
        key, value = "", memoryview(b"")
        for number, wire, _, payload, end in _fields(entry):
            if number == 1 and wire == 2:
                key = bytes(entry[payload:end]).decode("utf-8")
            elif number == 2 and wire == 2:
                value = entry[payload:end]
        meta.members[key].CopyFrom(_parse_level(value, level + 1))
    return meta

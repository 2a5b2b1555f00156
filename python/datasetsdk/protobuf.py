"""Decoding `ObjectMeta` with the nesting rule of docs/format.md (section 2, step 11), which is
SwiftProtobuf's count with its default limit: at most 100 message levels, where the top-level
object is level 1, every message encoded inside another is one level deeper, map entries are
not levels, and every nested group of an unknown field (wire type 3) is one level.

Python's protobuf runtime (upb) counts differently, with no option to change it: the top-level
message is not a level, every map entry is, and 100 levels are allowed below the top. So it
refuses what the rule allows (more than 50 nested members, a field holding 33 nested maps...).
Every message below the top-level object sits inside at least one map entry, so what upb
accepts the rule accepts too, except 100 unknown groups nested in the top-level message itself,
which :func:`parse_meta` checks. When upb refuses, :func:`parse_meta` walks the wire format
here, message by message with the rule's count, and hands upb only the scalar fields of one
message at a time: slower, and only needed for metadata upb refuses."""

from __future__ import annotations

from google.protobuf.message import DecodeError

from .v1 import object_pb2 as pb

try:
    from google.protobuf.unknown_fields import UnknownFieldSet
except ImportError:  # protobuf before 4.22: the one-level difference for unknown groups is not checked
    UnknownFieldSet = None

MAX_LEVELS = 100
_MESSAGE = 11  # FieldDescriptor.TYPE_MESSAGE


class TooDeep(DecodeError):
    """The metadata nests deeper than the format allows."""


def parse_meta(data, error):
    """The `ObjectMeta` in `data`; `error(reason)` makes the exception raised when it is invalid
    (too deep, or not a valid encoding)."""
    raw = bytes(data) if isinstance(data, memoryview) else data
    reason = None
    try:
        meta = pb.ObjectMeta.FromString(raw)
    except (DecodeError, RecursionError) as failure:
        reason = str(failure)
    else:
        if UnknownFieldSet is None or _group_levels(UnknownFieldSet(meta)) < MAX_LEVELS:
            return meta
    try:
        meta = pb.ObjectMeta()
        _merge(meta, memoryview(raw).cast("B"), 1)
        return meta
    except TooDeep as failure:
        raise error(str(failure)) from None
    except (DecodeError, RecursionError, ValueError) as failure:
        raise error(reason or str(failure)) from None


def check_writable(data: bytes, type_name: str) -> bytes:
    """`data`, the encoded metadata of an object about to be written, after checking that
    readers accept it (the nesting rule above, as the Swift writer checks): an ObjectError naming
    the type otherwise, before anything is written."""
    from .errors import ObjectError
    parse_meta(data, lambda reason: ObjectError(f"{type_name}: cannot be written: {reason}; readers refuse such "
                                                "metadata (flatten the object: fewer nested members or values)"))
    return data


def _group_levels(fields) -> int:
    """How deep the unknown groups of a message nest."""
    return max((1 + _group_levels(field.data) for field in fields if field.wire_type == 3), default=0)


def _too_deep() -> TooDeep:
    return TooDeep(f"messages nest deeper than {MAX_LEVELS} levels (docs/format.md, section 2, step 11)")


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


def _skip(data: memoryview, position: int, wire: int, number: int, level: int) -> int:
    """The position after the body of a field of wire type `wire`; a group is one level below
    the message at `level` that holds it."""
    if wire == 0:
        return _varint(data, position)[1]
    if wire == 1:
        return position + 8
    if wire == 5:
        return position + 4
    if wire == 2:
        length, position = _varint(data, position)
        return position + length
    if wire == 3:
        if level + 1 > MAX_LEVELS:
            raise _too_deep()
        while True:
            tag, position = _varint(data, position)
            if tag & 7 == 4:
                if tag >> 3 != number:
                    raise DecodeError("a group ends with another field number")
                return position
            position = _skip(data, position, tag & 7, tag >> 3, level + 1)
            if position > len(data):
                raise DecodeError("truncated group")
    raise DecodeError(f"invalid wire type {wire}")


def _fields(data: memoryview, level: int):
    """(number, wire type, start of the field, start of its payload, end) of every field of a
    message at `level`."""
    position = 0
    while position < len(data):
        start = position
        tag, payload = _varint(data, position)
        number, wire = tag >> 3, tag & 7
        if number == 0:
            raise DecodeError("field number 0")
        position = _skip(data, payload, wire, number, level)
        if wire == 2:
            payload = _varint(data, payload)[1]
        if position > len(data):
            raise DecodeError("truncated message")
        yield number, wire, start, payload, position


_KINDS: dict = {}


def _kinds(descriptor) -> dict:
    """Field number -> (name, kind) of the fields of `descriptor` that hold messages: kind is
    "map" (a map whose values are messages), "repeated" or "single"."""
    kinds = _KINDS.get(descriptor.full_name)
    if kinds is None:
        kinds = {}
        for field in descriptor.fields:
            if field.type != _MESSAGE:
                continue
            entry = field.message_type
            if entry.GetOptions().map_entry:
                if entry.fields_by_number[2].type == _MESSAGE:
                    kinds[field.number] = (field.name, "map")
            else:
                repeated = getattr(field, "is_repeated", None)
                if repeated is None:  # protobuf before 5
                    repeated = field.label == field.LABEL_REPEATED
                kinds[field.number] = (field.name, "repeated" if repeated else "single")
        _KINDS[descriptor.full_name] = kinds
    return kinds


def _merge(message, data: memoryview, level: int) -> None:
    """Merges the encoded message `data`, at nesting `level`, into `message`, in wire order (so
    the last of repeated singular fields and oneof members wins, as in every runtime)."""
    if level > MAX_LEVELS:
        raise _too_deep()
    kinds = _kinds(message.DESCRIPTOR)
    pending = bytearray()  # scalar fields (and maps of scalars), handed to upb together
    for number, wire, start, payload, end in _fields(data, level):
        kind = kinds.get(number) if wire == 2 else None
        if kind is None:
            pending += data[start:end]
            continue
        if pending:
            message.MergeFromString(bytes(pending))
            pending.clear()
        name, shape = kind
        body = data[payload:end]
        if shape == "map":
            key, values = "", []
            for entry_number, entry_wire, _, entry_payload, entry_end in _fields(body, level):
                if entry_number == 1 and entry_wire == 2:
                    key = bytes(body[entry_payload:entry_end]).decode("utf-8")
                elif entry_number == 2 and entry_wire == 2:
                    values.append(body[entry_payload:entry_end])
            target = getattr(message, name)[key]
            target.Clear()  # a later entry with the same key replaces the earlier one
            for value in values:
                _merge(target, value, level + 1)
        elif shape == "repeated":
            _merge(getattr(message, name).add(), body, level + 1)
        else:
            target = getattr(message, name)
            target.SetInParent()
            _merge(target, body, level + 1)
    if pending:
        message.MergeFromString(bytes(pending))

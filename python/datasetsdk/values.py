"""Conversion between protobuf `Value` messages and Python values.

| `Value` kind   | Python                                   |
|----------------|------------------------------------------|
| bool_value     | bool                                     |
| int_value      | int                                      |
| uint_value     | :class:`uint` (an ``int`` subclass)       |
| double_value   | float                                    |
| string_value   | str                                      |
| bytes_value    | bytes                                    |
| list_value     | list                                     |
| map_value      | dict (string keys)                       |
| null / unset   | None                                     |

Writing, a plain ``int`` becomes ``int_value`` when it fits in 64 signed bits, else
``uint_value`` when it fits in 64 unsigned bits; a :class:`uint` always becomes ``uint_value``,
so values read from Swift (``UInt64`` fields) are written back with the same kind.
"""

from __future__ import annotations

import math

from .errors import ObjectError
from .v1 import object_pb2 as pb

INT64_MIN, INT64_MAX, UINT64_MAX = -(1 << 63), (1 << 63) - 1, (1 << 64) - 1


class uint(int):  # noqa: N801 - reads like the Value kind it marks
    """An integer stored as `uint_value` (Swift's `UInt64`)."""

    def __repr__(self) -> str:
        return f"uint({int(self)})"


def from_value(value: pb.Value):
    """The Python value of a protobuf `Value`."""
    kind = value.WhichOneof("kind")
    if kind is None or kind == "null_value":
        return None
    if kind == "bool_value":
        return value.bool_value
    if kind == "int_value":
        return value.int_value
    if kind == "uint_value":
        return uint(value.uint_value)
    if kind == "double_value":
        return value.double_value
    if kind == "string_value":
        return value.string_value
    if kind == "bytes_value":
        return value.bytes_value
    if kind == "list_value":
        return [from_value(item) for item in value.list_value.values]
    return {key: from_value(item) for key, item in value.map_value.entries.items()}


def fill_value(target: pb.Value, item, where: str) -> None:
    """Sets `target` to the protobuf form of the Python value `item`; `where` names it in errors."""
    # numpy scalars are accepted by value (np.int64(3), np.float32(0.5), np.bool_(True)).
    if hasattr(item, "item") and type(item).__module__ == "numpy":
        item = item.item()
    if item is None:
        target.null_value.SetInParent()
    elif isinstance(item, bool):
        target.bool_value = item
    elif isinstance(item, uint):
        if not 0 <= item <= UINT64_MAX:
            raise ObjectError(f"{where}: {int(item)} does not fit in 64 unsigned bits")
        target.uint_value = int(item)
    elif isinstance(item, int):
        if INT64_MIN <= item <= INT64_MAX:
            target.int_value = item
        elif 0 <= item <= UINT64_MAX:
            target.uint_value = item
        else:
            raise ObjectError(f"{where}: {item} does not fit in 64 bits")
    elif isinstance(item, float):
        target.double_value = item
    elif isinstance(item, str):
        target.string_value = item
    elif isinstance(item, (bytes, bytearray, memoryview)):
        target.bytes_value = bytes(item)
    elif isinstance(item, (list, tuple)):
        values = target.list_value.values
        target.list_value.SetInParent()
        for index, element in enumerate(item):
            fill_value(values.add(), element, f"{where}[{index}]")
    elif isinstance(item, dict):
        target.map_value.SetInParent()
        for key, element in item.items():
            if not isinstance(key, str):
                raise ObjectError(f"{where}: map keys must be strings, found {key!r} ({type(key).__name__})")
            fill_value(target.map_value.entries[key], element, f"{where}.{key}")
    else:
        raise ObjectError(
            f"{where}: cannot store a value of type {type(item).__name__}; use bool, int, float, str, "
            "bytes, list, dict or None")


def to_value(item, where: str = "value") -> pb.Value:
    """A protobuf `Value` holding the Python value `item`."""
    value = pb.Value()
    fill_value(value, item, where)
    return value


def is_nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)

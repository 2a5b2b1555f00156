"""What the column classes of :mod:`datasetsdk.arrays` share: the type names and constants of
docs/format.md section 3, blob and validity readers that name the path, and the base class."""

from __future__ import annotations

import decimal

import numpy as np

from .errors import ObjectError
from .objects import StoredObject
from .types import STRING_ARRAY, TENSOR, validity_blob, validity_mask

TIMESTAMP_ARRAY, DURATION_ARRAY = "datasetsdk.TimestampArray", "datasetsdk.DurationArray"
DATE_ARRAY, DECIMAL_ARRAY, DICTIONARY_ARRAY = "datasetsdk.DateArray", "datasetsdk.DecimalArray", "datasetsdk.DictionaryArray"
COLUMN_TYPES = (TENSOR, STRING_ARRAY, TIMESTAMP_ARRAY, DURATION_ARRAY, DATE_ARRAY, DECIMAL_ARRAY, DICTIONARY_ARRAY)
UNITS = ("s", "ms", "us", "ns")
NAT = int(np.iinfo(np.int64).min)  # -2^63: pandas' NaT, written at every null row of timestamps and durations
CODE_DTYPES = ("int8", "int16", "int32", "int64")
DECIMAL_WORDS = np.dtype([("low", "<u8"), ("high", "<i8")])  # one 128-bit two's-complement integer
MAX_PRECISION = 38
_EXACT = decimal.Context(prec=MAX_PRECISION + 2, Emin=-999999, Emax=999999)


def at(path: tuple, name: str) -> str:
    """The path of a blob, field or member (docs/format.md, section 1: ``cat/codes/data``)."""
    return "/".join(path + (name,))


def _data(obj: StoredObject, count: int, width: int, element: str, path: tuple) -> memoryview:
    data = obj.blob("data")
    if data.nbytes != count * width:
        raise ObjectError(f"{obj.type_name}: blob '{at(path, 'data')}' has {data.nbytes} bytes; {count} rows of {element} "
                          f"need {count * width}")
    return data


def _validity(obj: StoredObject, count: int, path: tuple = ()) -> np.ndarray | None:
    if "validity" not in obj.blobs:
        return None
    return validity_mask(obj.blobs["validity"], count, obj.type_name, at(path, "validity"))


def _finish(obj: StoredObject, valid: np.ndarray | None) -> StoredObject:
    """Adds blob `validity` and field `null_count` when `valid` marks a null."""
    if valid is not None and not valid.all():
        obj.blobs["validity"] = memoryview(validity_blob(valid))
        obj.fields["null_count"] = int(len(valid) - np.count_nonzero(valid))
    return obj


def nulls_hold(values: np.ndarray, valid: np.ndarray | None, fill) -> np.ndarray:
    """`values`, or a read-only copy holding `fill` at the null rows when some null row holds
    another value (a writer may store anything there)."""
    if valid is None or valid.all():
        return values
    nulls = ~valid
    if (values[nulls] == fill).all():
        return values
    copy = values.copy()
    copy[nulls] = fill
    copy.flags.writeable = False
    return copy


class _Column:
    """What every column class has: ``valid`` (None: no nulls), a length, a short repr."""

    __slots__ = ("valid",)

    def __len__(self) -> int:
        return len(self.values)

    def __repr__(self) -> str:
        shown = [str(value) for value in self.to_numpy()[:5]]
        return f"{type(self).__name__}({shown}{', ...' if len(self) > 5 else ''}{self._details()}, count={len(self)})"

    def _details(self) -> str:
        return ""


def first_present(bad: np.ndarray, valid: np.ndarray | None) -> int | None:
    """The first row where `bad` is true and the row is not null (`valid`: None when no row is),
    or None: how every row check of the column types finds the row it names."""
    if valid is not None:
        bad = bad & valid
    return int(np.argmax(bad)) if bad.any() else None

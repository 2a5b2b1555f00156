"""`datasetsdk.DecimalArray` without pandas (see :mod:`datasetsdk.arrays`): 128-bit unscaled
integers with a precision and a scale, their checks and their exact `Decimal` values."""

from __future__ import annotations

import decimal

import numpy as np

from .errors import ObjectError
from .objects import StoredObject

from .column_base import DECIMAL_ARRAY, DECIMAL_WORDS, MAX_PRECISION, _EXACT, _Column, _data, _finish, _validity, at, first_present


def _check_precision_and_scale(precision, scale, where: str, path: tuple = ()) -> None:
    if isinstance(precision, bool) or not isinstance(precision, int) or not 1 <= precision <= MAX_PRECISION:
        raise ObjectError(f"{where}: field '{at(path, 'precision')}' must be an int from 1 to {MAX_PRECISION}, "
                          f"found {precision!r}")
    if isinstance(scale, bool) or not isinstance(scale, int) or not -MAX_PRECISION <= scale <= MAX_PRECISION:
        raise ObjectError(f"{where}: field '{at(path, 'scale')}' must be an int from -{MAX_PRECISION} to {MAX_PRECISION}, "
                          f"found {scale!r}")


def precision_overflow(words: np.ndarray, precision: int) -> np.ndarray:
    """A bool array, True where the 128-bit integer has ``|v| >= 10^precision``."""
    low, high = words["low"], words["high"]
    negative = high < 0
    high_bits = high.view(np.uint64)
    magnitude_low = np.where(negative, ~low + np.uint64(1), low)
    carry = (low == 0).astype(np.uint64)
    magnitude_high = np.where(negative, ~high_bits + carry, high_bits)
    limit = 10 ** precision
    limit_high, limit_low = np.uint64(limit >> 64), np.uint64(limit & 0xFFFF_FFFF_FFFF_FFFF)
    return (magnitude_high > limit_high) | ((magnitude_high == limit_high) & (magnitude_low >= limit_low))


def unscaled(words: np.ndarray, rows=None) -> list[int]:
    """The 128-bit integers as Python ints (at `rows`, or all)."""
    if rows is not None:
        words = words[rows]
    return [(high << 64) | low for low, high in zip(words["low"].tolist(), words["high"].tolist())]


class DecimalArray(_Column):
    """Fixed-point decimals (Arrow's decimal128): ``values`` 128-bit two's-complement integers
    (fields ``low``, ``high``), row ``i`` meaning ``values[i] * 10^-scale``."""

    __slots__ = ("values", "precision", "scale")
    type_name = DECIMAL_ARRAY

    def __init__(self, values: np.ndarray, precision: int, scale: int, valid: np.ndarray | None = None):
        _check_precision_and_scale(precision, scale, DECIMAL_ARRAY)
        self.values, self.precision, self.scale, self.valid = values, precision, scale, valid

    def _details(self) -> str:
        return f", precision={self.precision}, scale={self.scale}"

    def to_list(self) -> list:
        """The values as ``decimal.Decimal`` (exactly ``scale`` digits after the point), None at
        null rows."""
        values = [decimal.Decimal(v).scaleb(-self.scale, _EXACT) for v in unscaled(self.values)]
        if self.valid is not None:
            for row in np.flatnonzero(~self.valid).tolist():
                values[row] = None
        return values

    def to_numpy(self) -> np.ndarray:
        """The values as an object array of ``decimal.Decimal`` (None at null rows)."""
        array = np.empty(len(self), dtype=object)
        array[:] = self.to_list()
        return array

    @classmethod
    def from_object(cls, obj: StoredObject, trusted: bool = False, path: tuple = ()) -> "DecimalArray":
        count = obj.int_field("length")
        precision, scale = obj.field("precision"), obj.field("scale")
        _check_precision_and_scale(precision, scale, obj.type_name, path)
        words = np.frombuffer(_data(obj, count, 16, "128-bit integers", path), dtype=DECIMAL_WORDS)
        valid = _validity(obj, count, path)
        if not trusted and count:
            row = first_present(precision_overflow(words, precision), valid)
            if row is not None:
                raise ObjectError(f"{obj.type_name}: blob '{at(path, 'data')}': row {row} holds {unscaled(words, [row])[0]} "
                                  f"(unscaled), {precision} digits cannot hold it: precision overflow")
        return cls(words, int(precision), int(scale), valid)

    def to_object(self) -> StoredObject:
        """The stored object, 0 at null rows (copied only when a null row held another value)."""
        words = np.ascontiguousarray(self.values, dtype=DECIMAL_WORDS)
        if self.valid is not None and not self.valid.all():
            nulls = ~self.valid
            if (words["low"][nulls] != 0).any() or (words["high"][nulls] != 0).any():
                words = words.copy()
                words[nulls] = 0
        obj = StoredObject(DECIMAL_ARRAY, fields={"length": len(words), "precision": self.precision, "scale": self.scale},
                           blobs={"data": words})
        return _finish(obj, self.valid)

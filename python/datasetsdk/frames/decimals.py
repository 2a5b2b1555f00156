"""Decimals between pandas and `datasetsdk.DecimalArray` (Arrow's decimal128).

- ``ArrowDtype(pa.decimal128(p, s))`` columns store Arrow's 16-byte values as they are (a view;
  a copy only to put 0 at null rows or to join an offset slice) and load as the same dtype,
  an Arrow array over the stored blob.
- Object columns whose values are all ``decimal.Decimal`` (and missing values) are stored with
  the smallest scale that holds every value exactly (digits after the point; at least 0) and
  the precision that scale needs, with the label ``pandas.dtype: object``; they load as an
  object column of ``Decimal`` with the missing value each null row held (label
  ``pandas.null``, and blob ``pandas.null_kinds`` when they differ). A value needing more than
  38 digits, and NaN or infinite ``Decimal`` values that are not missing values, are refused.
  Each value comes back with its own exponent (``Decimal("1.5")`` in a column of scale 2 loads
  as ``Decimal("1.5")``, not ``Decimal("1.50")``): when some value's exponent is not ``-scale``,
  the blob ``pandas.decimal_exponents`` holds every row's exponent (int8; 0 at null rows), and
  ``pandas.decimal_negative_zeros`` (one byte per row, 1 at a ``Decimal("-0")``) keeps the sign
  of negative zeros.

Saves check that every value fits its precision (the store does not check it again on load).
"""

from __future__ import annotations

import decimal

import numpy as np

from ..column_base import _EXACT, DECIMAL_WORDS, MAX_PRECISION, first_present
from ..decimal_array import DecimalArray, precision_overflow, unscaled
from ..errors import ObjectError
from ..objects import StoredObject
from . import sharing
from .text import NULL_LABEL

DTYPE_LABEL = "pandas.dtype"
NULL_KINDS_BLOB = "pandas.null_kinds"
EXPONENTS_BLOB = "pandas.decimal_exponents"
NEGATIVE_ZEROS_BLOB = "pandas.decimal_negative_zeros"
NULL_KINDS = ("nan", "none", "na", "decimal_nan")  # pandas.null_kinds holds 1 + the index of the row's kind
_MASK = (1 << 64) - 1


def _pyarrow(pa, where: str):
    if pa is not None:
        return pa
    try:
        import pyarrow
    except ImportError:
        raise ObjectError(f"{where}: decimal columns are Arrow-backed in pandas (ArrowDtype(decimal128)) and need "
                          "pyarrow: pip install pyarrow") from None
    return pyarrow


def _null_objects(pd):
    return (np.nan, None, pd.NA, decimal.Decimal("NaN"))


# ---------------------------------------------------------------------------------------------
# loading


def to_series(pd, pa, values: DecimalArray, member: StoredObject, where: str):
    """A stored decimal column as a pandas Series (see the module)."""
    if member.labels.get(DTYPE_LABEL) == "object":
        return _objects(pd, pa, values, member, where)
    pa = _pyarrow(pa, where)
    return pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array([arrow_view(pa, values, member)])), copy=False)


def arrow_view(pa, values: DecimalArray, member: StoredObject):
    """A pyarrow decimal128 array over the stored `data` and `validity` blobs (no copy)."""
    validity = member.blobs.get("validity") if values.valid is not None else None
    bitmap = pa.py_buffer(validity) if validity is not None else None
    data = pa.py_buffer(values.values.view(np.uint8)) if len(values) else pa.py_buffer(b"")
    return pa.Array.from_buffers(pa.decimal128(values.precision, values.scale), len(values), [bitmap, data],
                                 null_count=-1 if bitmap is not None else 0)


def _objects(pd, pa, values: DecimalArray, member: StoredObject, where: str):
    try:
        import pyarrow
    except ImportError:
        pyarrow = None
    if pyarrow is not None:  # built in C++; the same Decimals as values.to_numpy()
        objects = arrow_view(pyarrow, values, member).to_numpy(zero_copy_only=False)
        if not objects.flags.writeable:
            objects = objects.copy()
    else:
        objects = values.to_numpy()
    exponents = member.blobs.get(EXPONENTS_BLOB)
    if exponents is not None and exponents.nbytes == len(values):
        _restore_exponents(objects, np.frombuffer(exponents, dtype=np.int8), values, where)
    negative_zeros = member.blobs.get(NEGATIVE_ZEROS_BLOB)
    if negative_zeros is not None and negative_zeros.nbytes == len(values):
        for row in np.flatnonzero(np.frombuffer(negative_zeros, dtype=np.uint8)).tolist():
            if (values.valid is None or values.valid[row]) and objects[row].is_zero():
                objects[row] = objects[row].copy_negate()
    if values.valid is not None and not values.valid.all():
        nulls = np.flatnonzero(~values.valid)
        kind = member.labels.get(NULL_LABEL)
        kinds = member.blobs.get(NULL_KINDS_BLOB)
        if kind in NULL_KINDS:
            objects[nulls] = _null_objects(pd)[NULL_KINDS.index(kind)]
        elif kind == "mixed" and kinds is not None and kinds.nbytes == len(values):
            codes = np.frombuffer(kinds, dtype=np.uint8)[nulls].astype(np.intp) - 1
            if len(codes) and (codes.min() < 0 or codes.max() >= len(NULL_KINDS)):
                raise ObjectError(f"{where}: blob '{NULL_KINDS_BLOB}' holds a code outside 1...{len(NULL_KINDS)} at a null row")
            table = np.empty(len(NULL_KINDS), dtype=object)
            table[:] = _null_objects(pd)
            objects[nulls] = table[codes]
    objects.flags.writeable = False
    sharing.LOADED.remember(objects, member)
    return pd.Series(objects, dtype=object, copy=False)


def _restore_exponents(objects: np.ndarray, exponents: np.ndarray, values: DecimalArray, where: str) -> None:
    """Gives each present value the exponent it was saved with (the same number: only trailing
    zeros after the point, or the exponent form, differ)."""
    rows = np.flatnonzero(exponents != -values.scale)
    if values.valid is not None:
        rows = rows[values.valid[rows]]
    if not len(rows):
        return
    if exponents[rows].max() > MAX_PRECISION or exponents[rows].min() < -MAX_PRECISION:
        raise ObjectError(f"{where}: blob '{EXPONENTS_BLOB}' holds an exponent outside -{MAX_PRECISION}...{MAX_PRECISION}")
    for row, exponent in zip(rows.tolist(), exponents[rows].tolist()):
        objects[row] = objects[row].quantize(decimal.Decimal(1).scaleb(exponent), context=_EXACT)


# ---------------------------------------------------------------------------------------------
# saving


def is_decimal(pd, dtype) -> bool:
    arrow_dtype = getattr(pd, "ArrowDtype", None)
    if arrow_dtype is None or not isinstance(dtype, arrow_dtype):
        return False
    import pyarrow as pa
    return pa.types.is_decimal(dtype.pyarrow_dtype)


def arrow_member(pd, series) -> StoredObject:
    """The stored column of an ``ArrowDtype(decimal128(p, s))`` Series."""
    import pyarrow as pa
    from .temporal import single_array
    if not pa.types.is_decimal128(series.dtype.pyarrow_dtype):
        raise ObjectError(f"dtype {series.dtype} cannot be stored; a DecimalArray holds decimal128 with at most 38 digits "
                          "(convert with .astype(pd.ArrowDtype(pa.decimal128(precision, scale))))")
    arrow = single_array(pa, series)
    count = len(arrow)
    if count:
        words = np.frombuffer(arrow.buffers()[1], dtype=DECIMAL_WORDS)[arrow.offset:arrow.offset + count]
    else:
        words = np.zeros(0, dtype=DECIMAL_WORDS)
    valid = ~np.asarray(arrow.is_null(), dtype=bool) if arrow.null_count else None
    _check_fits(words, valid, arrow.type.precision)
    return DecimalArray(words, arrow.type.precision, arrow.type.scale, valid).to_object()


def _check_fits(words, valid, precision: int) -> None:
    row = first_present(precision_overflow(words, precision), valid) if len(words) else None
    if row is not None:
        raise ObjectError(f"row {row} holds {unscaled(words, [row])[0]} (unscaled), more digits than the dtype's precision "
                          f"{precision}: precision overflow")


def object_member(pd, values: np.ndarray) -> StoredObject:
    """The stored column of an object column of ``decimal.Decimal`` values (see the module)."""
    rows = len(values)
    missing = np.asarray(pd.isna(values), dtype=bool)
    present = np.flatnonzero(~missing).tolist()
    decimals = values[present].tolist()
    exponents = []
    for row, value in zip(present, decimals):
        if not isinstance(value, decimal.Decimal):
            raise ObjectError(f"row {row} holds {type(value).__name__} {value!r}; a decimal column must hold only "
                              "decimal.Decimal and missing values")
        if not value.is_finite():
            raise ObjectError(f"row {row} holds {value!r}, which a DecimalArray cannot hold (use None for a missing value)")
        exponents.append(value.as_tuple().exponent)
    scale = max([0] + [-exponent for exponent in exponents])
    if scale > MAX_PRECISION:
        row = present[exponents.index(-scale)]
        raise ObjectError(f"row {row} holds {values[row]!r}, which needs {scale} digits after the point; a DecimalArray "
                          f"holds at most {MAX_PRECISION} (round the column, e.g. .map(lambda d: d.quantize(...)))")
    digits = [len(value.as_tuple().digits) + exponent + scale if value else 1
              for value, exponent in zip(decimals, exponents)]
    precision = max([1] + digits)
    if precision > MAX_PRECISION:
        row = present[digits.index(precision)]
        raise ObjectError(f"row {row} holds {values[row]!r}, which needs {precision} digits at the column's scale {scale} "
                          f"(the most digits after the point a value has); a DecimalArray holds at most {MAX_PRECISION} "
                          "digits: round the column, e.g. .map(lambda d: d.quantize(Decimal('0.01')))")
    integers = [int(value.scaleb(scale, _EXACT)) for value in decimals]
    words = np.zeros(rows, dtype=DECIMAL_WORDS)
    if present:
        words["low"][present] = np.array([integer & _MASK for integer in integers], dtype=np.uint64)
        words["high"][present] = np.array([integer >> 64 for integer in integers], dtype=np.int64)
    member = DecimalArray(words, precision, scale, None if not missing.any() else ~missing).to_object()
    member.labels[DTYPE_LABEL] = "object"
    if any(exponent != -scale for exponent in exponents):
        stored = np.zeros(rows, dtype=np.int8)
        stored[present] = exponents
        member.blobs[EXPONENTS_BLOB] = memoryview(stored)
    negative_zeros = [row for row, value in zip(present, decimals) if value.is_zero() and value.is_signed()]
    if negative_zeros:
        flags = np.zeros(rows, dtype=np.uint8)
        flags[negative_zeros] = 1
        member.blobs[NEGATIVE_ZEROS_BLOB] = memoryview(flags)
    if missing.any():
        _record_null_kinds(pd, member, values, missing)
    return member


def _record_null_kinds(pd, member: StoredObject, values: np.ndarray, missing: np.ndarray) -> None:
    nulls = np.flatnonzero(missing)
    kinds = np.array([_null_kind(pd, value) for value in values[nulls].tolist()], dtype=np.uint8)
    if (kinds == kinds[0]).all():
        member.labels[NULL_LABEL] = NULL_KINDS[int(kinds[0])]
        return
    member.labels[NULL_LABEL] = "mixed"
    codes = np.zeros(len(values), dtype=np.uint8)
    codes[nulls] = kinds + 1
    member.blobs[NULL_KINDS_BLOB] = memoryview(codes)


def _null_kind(pd, value) -> int:
    if value is None:
        return 1
    if value is pd.NA:
        return 2
    if isinstance(value, decimal.Decimal):
        return 3
    return 0  # NaN (float or numpy), or another missing value pandas treats as NaN

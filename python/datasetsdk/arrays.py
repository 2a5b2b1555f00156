"""The column types of docs/format.md, section 3 ("Columns and nulls"), without pandas.

:func:`read_column` reads any column object (a one-dimensional `datasetsdk.Tensor`, a
`datasetsdk.StringArray`, or one of the types below) as ``(values, valid)``: ``values`` views
the stored blobs (nothing is copied) and ``valid`` is a bool array, True at present rows (None:
no nulls). The types numpy has no dtype for come back as these classes, each holding its raw
values plus what the type says about them:

| type name                    | class               | raw values (``.values``)                        |
|------------------------------|---------------------|-------------------------------------------------|
| `datasetsdk.TimestampArray`  | :class:`TimestampArray` | int64 counts of ``unit`` since the epoch; ``timezone`` |
| `datasetsdk.DurationArray`   | :class:`DurationArray`  | int64 counts of ``unit``                     |
| `datasetsdk.DateArray`       | :class:`DateArray`      | int32 days since 1970-01-01                  |
| `datasetsdk.DecimalArray`    | :class:`DecimalArray`   | 128-bit integers (``low`` uint64, ``high`` int64); ``precision``, ``scale`` |
| `datasetsdk.DictionaryArray` | :class:`DictionaryArray` | ``codes`` (int8...int64) into ``categories`` (a column's values); ``ordered`` |

``to_numpy()`` gives numpy's form (``datetime64[unit]``, ``timedelta64[unit]``,
``datetime64[D]``, ``Decimal`` objects, the categories' values), NaT or None at null rows.

Reading from a file (``trusted=False``) checks every rule the spec marks **checked**, naming the
blob or field by its path (``cat/codes/data``: the `path` argument names the column) and the
first offending row; store objects (``trusted=True``) skip the row-by-row checks, which their
writer made. Sizes, units, precision, scale and nulls among categories are checked always.
"""

from __future__ import annotations

import numpy as np

from .errors import ObjectError
from .objects import StoredObject
from .types import STRING_ARRAY, TENSOR, numpy_to_tensor, string_array_from, tensor_to_numpy
from .column_base import (CODE_DTYPES, COLUMN_TYPES, DATE_ARRAY, DICTIONARY_ARRAY, DURATION_ARRAY, NAT, TIMESTAMP_ARRAY, UNITS,
                          _Column, _data, _finish, _validity, at, first_present, nulls_hold)
from .decimal_array import DecimalArray


# ---------------------------------------------------------------------------------------------
# Timestamps and durations


class DurationArray(_Column):
    """Elapsed times: ``values`` int64 counts of ``unit`` (``s``, ``ms``, ``us``, ``ns``)."""

    __slots__ = ("values", "unit")
    type_name, numpy_code = DURATION_ARRAY, "m8"

    def __init__(self, values: np.ndarray, unit: str, valid: np.ndarray | None = None):
        if unit not in UNITS:
            raise ObjectError(f"{self.type_name}: unit must be one of {', '.join(UNITS)}, found {unit!r}")
        self.values, self.unit, self.valid = values, unit, valid

    def _details(self) -> str:
        return f", unit={self.unit!r}" + (f", timezone={self.timezone!r}" if getattr(self, "timezone", None) else "")

    @property
    def numpy_dtype(self) -> np.dtype:
        return np.dtype(f"{self.numpy_code}[{self.unit}]")

    def to_numpy(self) -> np.ndarray:
        """The values as ``timedelta64[unit]`` (``datetime64[unit]`` for timestamps: UTC instants
        when the array has a time zone), NaT at null rows; a view unless a null row held
        another value than -2^63."""
        return nulls_hold(self.values, self.valid, NAT).view(self.numpy_dtype)

    @classmethod
    def from_object(cls, obj: StoredObject, trusted: bool = False, path: tuple = ()):
        count = obj.int_field("length")
        unit = obj.field("unit")
        if unit not in UNITS:
            raise ObjectError(f"{obj.type_name}: field '{at(path, 'unit')}' must be one of {', '.join(UNITS)}, found {unit!r}")
        values = np.frombuffer(_data(obj, count, 8, "int64", path), dtype="<i8")
        valid = _validity(obj, count, path)
        if not trusted:
            row = first_present(values == NAT, valid)
            if row is not None:
                raise ObjectError(f"{obj.type_name}: blob '{at(path, 'data')}': row {row} is present but holds -2^63, which "
                                  "marks null rows only (pandas reads it as NaT)")
        return cls._build(obj, values, unit, valid, path)

    @classmethod
    def _build(cls, obj, values, unit, valid, path):
        return cls(values, unit, valid)

    def to_object(self) -> StoredObject:
        """The stored object: -2^63 at null rows (the values are copied only when a null row
        held another value)."""
        values = np.ascontiguousarray(nulls_hold(np.asarray(self.values, dtype="<i8"), self.valid, NAT))
        obj = StoredObject(self.type_name, fields={"length": len(values), "unit": self.unit}, blobs={"data": values})
        return _finish(obj, self.valid)


class TimestampArray(DurationArray):
    """Points in time: ``values`` int64 counts of ``unit`` since 1970-01-01T00:00:00;
    ``timezone`` (an IANA name or ``+HH:MM``) when they are instants shown in that zone, None
    for wall-clock times without a zone."""

    __slots__ = ("timezone",)
    type_name, numpy_code = TIMESTAMP_ARRAY, "M8"

    def __init__(self, values: np.ndarray, unit: str, timezone: str | None = None, valid: np.ndarray | None = None):
        super().__init__(values, unit, valid)
        self.timezone = timezone or None

    @classmethod
    def _build(cls, obj, values, unit, valid, path):
        timezone = obj.fields.get("timezone")
        if timezone is not None and not isinstance(timezone, str):
            raise ObjectError(f"{obj.type_name}: field '{at(path, 'timezone')}' must be a string, found {timezone!r}")
        return cls(values, unit, timezone, valid)

    def to_object(self) -> StoredObject:
        obj = super().to_object()
        if self.timezone:
            obj.fields["timezone"] = self.timezone
        return obj


# ---------------------------------------------------------------------------------------------
# Dates


class DateArray(_Column):
    """Calendar dates: ``values`` int32 days since 1970-01-01 (Arrow's date32)."""

    __slots__ = ("values",)
    type_name = DATE_ARRAY

    def __init__(self, values: np.ndarray, valid: np.ndarray | None = None):
        self.values, self.valid = values, valid

    def to_numpy(self) -> np.ndarray:
        """The dates as ``datetime64[D]`` (widened: a copy), NaT at null rows."""
        days = self.values.astype("M8[D]")
        if self.valid is not None:
            days[~self.valid] = np.datetime64("NaT")
        return days

    @classmethod
    def from_object(cls, obj: StoredObject, trusted: bool = False, path: tuple = ()) -> "DateArray":
        count = obj.int_field("length")
        return cls(np.frombuffer(_data(obj, count, 4, "int32", path), dtype="<i4"), _validity(obj, count, path))

    def to_object(self) -> StoredObject:
        """The stored object, 0 at null rows (copied only when a null row held another value)."""
        values = np.ascontiguousarray(nulls_hold(np.asarray(self.values, dtype="<i4"), self.valid, 0))
        return _finish(StoredObject(DATE_ARRAY, fields={"length": len(values)}, blobs={"data": values}), self.valid)


# ---------------------------------------------------------------------------------------------
# Dictionaries


class DictionaryArray(_Column):
    """A categorical column: ``codes`` (int8, int16, int32 or int64) index ``categories`` (the
    values of a column: numpy array, :class:`StringArray` or one of this module's arrays);
    ``ordered`` when their order is meaningful. Null rows are ``valid``'s, whatever their code."""

    __slots__ = ("codes", "categories", "ordered")
    type_name = DICTIONARY_ARRAY

    def __init__(self, codes: np.ndarray, categories, ordered: bool = False, valid: np.ndarray | None = None):
        self.codes, self.categories, self.ordered, self.valid = codes, categories, bool(ordered), valid

    def __len__(self) -> int:
        return len(self.codes)

    def _details(self) -> str:
        return f", categories={len(self.categories)}, ordered={self.ordered}"

    def codes_with_nulls(self) -> np.ndarray:
        """The codes with -1 at null rows (pandas' code for a missing value); a view unless a
        null row held another code."""
        return nulls_hold(self.codes, self.valid, -1)

    def to_numpy(self) -> np.ndarray:
        """Each row's category (an object array), None at null rows."""
        categories = self.categories
        categories = categories if isinstance(categories, np.ndarray) else categories.to_numpy()
        result = np.empty(len(self), dtype=object)
        codes = self.codes_with_nulls()
        present = codes >= 0
        result[present] = categories.astype(object)[codes[present]]
        result[~present] = None
        return result

    @classmethod
    def from_object(cls, obj: StoredObject, trusted: bool = False, path: tuple = ()) -> "DictionaryArray":
        count = obj.int_field("length")
        ordered = obj.fields.get("ordered", False)
        if ordered is None:
            ordered = False
        if not isinstance(ordered, bool):
            raise ObjectError(f"{obj.type_name}: field '{at(path, 'ordered')}' must be a bool, found {ordered!r}")
        codes_obj = obj.member("codes")
        try:
            if codes_obj.type_name != TENSOR:
                raise ObjectError(f"must be a {TENSOR}, found {codes_obj.type_name}")
            codes = tensor_to_numpy(codes_obj, trusted)
            if codes.dtype.name not in CODE_DTYPES:
                raise ObjectError(f"dtype must be one of {', '.join(CODE_DTYPES)}, found {codes.dtype.name}")
            if codes.shape != (count,):
                raise ObjectError(f"shape must be [{count}] (the dictionary's length), found {list(codes.shape)}")
        except ObjectError as error:
            raise ObjectError(f"{obj.type_name}: member '{at(path, 'codes')}': {error}") from None
        categories_obj = obj.member("categories")
        where = f"{obj.type_name}: member '{at(path, 'categories')}'"
        if categories_obj.type_name == DICTIONARY_ARRAY:
            raise ObjectError(f"{where}: categories cannot be a {DICTIONARY_ARRAY}")
        try:
            categories, categories_valid = read_column(categories_obj, trusted, path + ("categories",))
        except ObjectError as error:
            raise ObjectError(f"{where}: {error}") from None
        if categories_valid is not None and not categories_valid.all():
            row = int(np.argmin(categories_valid))
            raise ObjectError(f"{obj.type_name}: blob '{at(path, 'categories/validity')}': row {row} is null; categories "
                              "must not be null")
        valid = _validity(obj, count, path)
        if not trusted and count:
            row = first_present((codes < 0) | (codes >= len(categories)), valid)
            if row is not None:
                raise ObjectError(f"{obj.type_name}: blob '{at(path, 'codes/data')}': row {row} holds code {int(codes[row])}, "
                                  f"outside 0...{len(categories) - 1} ({len(categories)} categories)")
        return cls(codes, categories, ordered, valid)

    def to_object(self, categories: StoredObject | None = None) -> StoredObject:
        """The stored object, -1 at null rows; `categories` is the categories' stored column
        (default: the categories encoded as a column)."""
        from .types import encode
        codes = nulls_hold(np.asarray(self.codes), self.valid, -1)
        if categories is None:
            categories = encode(self.categories)
        obj = StoredObject(DICTIONARY_ARRAY, fields={"length": len(codes), "ordered": self.ordered},
                           members={"codes": numpy_to_tensor(codes, "codes"), "categories": categories})
        return _finish(obj, self.valid)


# ---------------------------------------------------------------------------------------------
# Any column

TYPED = (TimestampArray, DurationArray, DateArray, DecimalArray, DictionaryArray)
_CLASSES = {cls.type_name: cls for cls in TYPED}


def read_column(obj: StoredObject, trusted: bool = False, path: tuple = ()):
    """``(values, valid)`` of a column object of any column type (see the module); an object of
    another type is an error naming it. `path` (the column's name, ...) prefixes the names of
    blobs and fields in errors."""
    if obj.type_name == TENSOR:
        values = tensor_to_numpy(obj, trusted)
        if values.ndim != 1:
            raise ObjectError(f"a column must have one dimension, found shape {list(values.shape)}")
        return values, _validity(obj, len(values), path)
    if obj.type_name == STRING_ARRAY:
        values = string_array_from(obj, trusted)
        return values, values.valid
    cls = _CLASSES.get(obj.type_name)
    if cls is None:
        raise ObjectError(f"a column must be one of {', '.join(COLUMN_TYPES)}, found {obj.type_name}")
    values = cls.from_object(obj, trusted, path)
    return values, values.valid

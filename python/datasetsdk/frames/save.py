"""Saving a pandas frame as a `datasetsdk.DataFrame` (docs/python.md).

A column that is still the array a load made (unchanged: loaded arrays are read-only, writes
copy) is stored as the member it came from, so the store references its blobs. Otherwise:
numeric numpy columns are stored as they are (NaN in a float column marks a null: the value is
kept, a validity bit says null); pandas' nullable integer, float and boolean columns store their
values and mask; ``str``, ``string`` and Arrow text columns store their Arrow buffers; object
columns of str and missing values are stored by :func:`.text.object_member`. The label
``pandas.dtype`` records the dtype, so that Python reads back the dtype it wrote (Swift ignores
labels). Timestamps, durations and dates are :mod:`.temporal`'s, decimals :mod:`.decimals`',
categoricals :mod:`.categorical`'s, Arrow-backed numbers, bools, timestamps and durations
:mod:`.arrow_dtypes`'. A non-default index is stored as extra columns listed in
the frame label ``pandas.index``. Anything else (periods, intervals, complex numbers, mixed
objects, non-string column names) is refused with an error naming the column.
"""

from __future__ import annotations

import json

import numpy as np

from ..errors import ObjectError
from ..objects import StoredObject
from ..types import DATA_FRAME, StringArray, numpy_to_tensor, string_array_to_object, validity_blob
from . import arrow_dtypes, categorical, decimals, sharing, temporal, text
from .load import DTYPE_LABEL, INDEX_LABEL, NULLABLE, pandas_module

NUMPY_OF_NULLABLE = {nullable: name for name, nullable in NULLABLE.items()}


def from_pandas(frame, use_pyarrow: bool | None = None) -> StoredObject:
    """A `datasetsdk.DataFrame` object holding `frame` (see the module)."""
    pd = pandas_module()
    pa = None if use_pyarrow is False else text.pyarrow_or_warn()
    frame, index_columns = _with_index_as_columns(pd, frame)
    names = list(frame.columns)
    for name in names:
        if not isinstance(name, str):
            raise ObjectError(f"DataFrame column names must be strings; found {name!r} ({type(name).__name__}); "
                              "rename with df.columns = df.columns.astype(str)")
    if len(set(names)) != len(names):
        repeated = sorted({name for name in names if names.count(name) > 1})
        raise ObjectError(f"DataFrame column names must be unique; repeated: {repeated}")
    members = {}
    for position, name in enumerate(names):
        try:
            members[name] = column_member(pd, pa, frame.iloc[:, position])
        except ObjectError as error:
            raise ObjectError(f"DataFrame column '{name}': {error}") from None
    labels = {INDEX_LABEL: json.dumps(index_columns)} if index_columns else {}
    return StoredObject(DATA_FRAME, fields={"columns": names, "row_count": len(frame)}, members=members, labels=labels)


def _with_index_as_columns(pd, frame):
    index = frame.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None:
        return frame, []
    stored = []
    for level, label in enumerate(index.names):
        column = f"__index_level_{level}__" if label is None else str(label)
        if column in frame.columns:
            column = f"__index_level_{level}__"
        stored.append([column, label])
    frame = frame.reset_index(drop=False)
    frame.columns = [entry[0] for entry in stored] + list(frame.columns[len(stored):])
    return frame, stored


def column_member(pd, pa, series) -> StoredObject:
    """The stored column of one pandas Series."""
    loaded = sharing.LOADED.recall(series._values)
    if loaded is not None:
        return loaded
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        values = series.to_numpy(copy=False)
        member = numpy_to_tensor(values, "column")
        if dtype.kind == "f":
            missing = np.isnan(values)
            if missing.any():
                _add_validity(member, ~missing)
        return member
    if isinstance(dtype, np.dtype) and dtype.kind == "O":
        values = series.to_numpy(copy=False)
        try:  # text, the common case, costs no extra pass: other objects are looked at when it fails
            return _strings_in_python(series, "object") if pa is None else text.object_member(pd, pa, values, "column")
        except ObjectError:
            kind = pd.api.types.infer_dtype(values, skipna=True)
            if kind == "decimal":
                return decimals.object_member(pd, values)
            _refuse_dates(kind)
            raise
    if temporal.is_temporal(pd, dtype):
        return temporal.member(pd, series)
    if isinstance(dtype, pd.CategoricalDtype):
        return categorical.member(pd, pa, series)
    if temporal.is_date(pd, dtype):
        return temporal.date_member(pd, series)
    if decimals.is_decimal(pd, dtype):
        return decimals.arrow_member(pd, series)
    if arrow_dtypes.is_arrow_column(pd, dtype):
        return arrow_dtypes.member(pd, series)
    label = _text_label(pd, dtype)
    if label is not None:
        if pa is None:
            return _strings_in_python(series, label)
        member = text.arrow_member(pa, pa.array(series, from_pandas=True))
        member.labels[DTYPE_LABEL] = label
        return member
    name = str(dtype)
    if name in NUMPY_OF_NULLABLE:
        array = series.array
        mask = np.asarray(array.isna(), dtype=bool)
        numpy_dtype = NUMPY_OF_NULLABLE[name]
        values = array.to_numpy(dtype=numpy_dtype, na_value=0 if numpy_dtype != "bool" else False)
        member = numpy_to_tensor(np.ascontiguousarray(values), "column")
        if mask.any():
            _add_validity(member, ~mask)
        member.labels[DTYPE_LABEL] = name
        return member
    raise ObjectError(f"dtype {dtype} cannot be stored; DatasetSDK stores numeric, bool, string, datetime64, "
                      "timedelta64, category, and ArrowDtype number, bool, timestamp, duration, date32 and decimal128 "
                      "columns (convert it first, e.g. .astype(str))")


def _refuse_dates(kind: str) -> None:
    """Object columns of dates or datetimes (pandas' `infer_dtype` `kind`) get an error saying
    how to convert them."""
    if kind == "date":
        raise ObjectError("an object column of datetime.date values cannot be stored as it is; convert it to Arrow dates "
                          "with .astype(pd.ArrowDtype(pa.date32())) (stored as a DateArray)")
    if kind in ("datetime", "datetime64"):
        raise ObjectError("an object column of datetime values cannot be stored as it is; convert it with pd.to_datetime "
                          "(e.g. pd.to_datetime(column, utc=True)), stored as a TimestampArray")
    if kind in ("timedelta", "timedelta64"):
        raise ObjectError("an object column of timedelta values cannot be stored as it is; convert it with "
                          "pd.to_timedelta(column), stored as a DurationArray")


def _text_label(pd, dtype) -> str | None:
    """The ``pandas.dtype`` label of a text dtype, None for other dtypes."""
    if isinstance(dtype, pd.StringDtype):
        nan = dtype.na_value is not pd.NA
        if nan:
            return "str" if dtype.storage == "pyarrow" else "str[python]"
        return f"string[{dtype.storage}]"
    arrow_dtype = getattr(pd, "ArrowDtype", None)
    if arrow_dtype is not None and isinstance(dtype, arrow_dtype):
        import pyarrow as pa
        if pa.types.is_large_string(dtype.pyarrow_dtype):
            return "large_string[pyarrow]"
        if pa.types.is_string(dtype.pyarrow_dtype):
            return "utf8[pyarrow]"
    return None


def _add_validity(member: StoredObject, valid: np.ndarray) -> None:
    member.blobs["validity"] = memoryview(validity_blob(valid))
    member.fields["null_count"] = int(len(valid) - np.count_nonzero(valid))


def _strings_in_python(series, label: str) -> StoredObject:
    """Without pyarrow: the strings encoded one by one (slow, but the same stored column)."""
    values = series.to_numpy(dtype=object)
    missing = np.asarray(series.isna(), dtype=bool)
    for row in np.flatnonzero(~missing).tolist():
        if not isinstance(values[row], str):
            raise ObjectError(f"row {row} holds {type(values[row]).__name__} {values[row]!r}; an object column must hold "
                              "only str and missing values (convert it with .astype(str) or pick a numeric dtype)")
    try:
        strings = StringArray.from_strings(None if gone else value for value, gone in zip(values.tolist(), missing.tolist()))
    except UnicodeEncodeError as error:
        raise ObjectError(f"a string is not valid Unicode ({error.reason})") from None
    member = string_array_to_object(strings)
    if missing.any():
        _add_validity(member, ~missing)
    member.labels[DTYPE_LABEL] = label
    if label == "object" and missing.any():
        import pandas as pd
        kinds = {text.NULL_KINDS[text._null_kind(pd, values[row])] for row in np.flatnonzero(missing).tolist()}
        member.labels[text.NULL_LABEL] = kinds.pop() if len(kinds) == 1 else "mixed"
    return member

"""`datasetsdk.DataFrame` objects to and from pandas.

Loading views the stored blobs wherever pandas can hold them without a copy:

- numeric columns without nulls: a read-only numpy view of the `data` blob;
- float columns with nulls: a copy with NaN at the null rows (pandas' own convention);
- int, uint and bool columns with nulls: pandas' nullable arrays (``Int64``, ``UInt8``,
  ``boolean``, ...) over the values, with the mask from the validity bitmap;
- string columns: pandas' string dtype (``str`` in pandas 3, ``object`` before); with pyarrow
  installed the Arrow array views the stored offsets and bytes, without it the strings are
  decoded into Python objects. Nulls are missing values (NaN / None / pd.NA).

Saving: numeric numpy columns are stored as they are (NaN in float columns marks a null: the
value is kept, a validity bit says null); pandas' nullable integer, float and boolean columns
store their values and mask; string and object columns of str (with None/NaN/NA) become string
arrays. A column label ``pandas.dtype`` records an extension dtype so that Python reads back the
same dtype (Swift ignores labels). A non-default index is stored as extra columns listed in the
frame label ``pandas.index``. Anything else (datetimes, categoricals, mixed objects, non-string
column names) is refused with an error naming the column.
"""

from __future__ import annotations

import json

import numpy as np

from .errors import ObjectError
from .objects import StoredObject
from .types import (DATA_FRAME, STRING_ARRAY, TENSOR, StringArray, dtype_name, numpy_to_tensor,
                    string_array_from, string_array_to_object, tensor_to_numpy, validity_blob, validity_mask)

DTYPE_LABEL = "pandas.dtype"
INDEX_LABEL = "pandas.index"
NULLABLE = {"int8": "Int8", "int16": "Int16", "int32": "Int32", "int64": "Int64", "uint8": "UInt8",
            "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64", "bool": "boolean",
            "float32": "Float32", "float64": "Float64"}


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ObjectError("converting a DataFrame needs pandas: pip install pandas "
                          "(or read the columns with datasetsdk.frames.columns)") from None
    return pandas


def _pyarrow():
    try:
        import pyarrow
    except ImportError:
        return None
    return pyarrow


# ---------------------------------------------------------------------------------------------
# Loading


def columns(obj: StoredObject, trusted: bool = False) -> dict:
    """The frame's columns in order, without pandas: name -> (values, valid), where values is a
    numpy array or a :class:`StringArray` and valid a bool array (None: no nulls)."""
    if obj.type_name != DATA_FRAME:
        raise ObjectError(f"expected a datasetsdk.DataFrame, found {obj.type_name}")
    names = obj.field("columns")
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ObjectError(f"{DATA_FRAME}: field 'columns' must be a list of strings")
    if len(set(names)) != len(names):
        raise ObjectError(f"{DATA_FRAME}: field 'columns' repeats a name")
    rows = obj.int_field("row_count") if names else 0
    result = {}
    for name in names:
        member = obj.member(name)
        try:
            if member.type_name == TENSOR:
                values = tensor_to_numpy(member, trusted)
                if values.ndim != 1:
                    raise ObjectError(f"a column must have one dimension, found shape {list(values.shape)}")
            elif member.type_name == STRING_ARRAY:
                values = string_array_from(member, trusted)
            else:
                raise ObjectError(f"a column must be a datasetsdk.Tensor or datasetsdk.StringArray, found {member.type_name}")
            if len(values) != rows:
                raise ObjectError(f"{len(values)} rows, the frame's row_count is {rows}")
            valid = validity_mask(member.blobs["validity"], rows, "column") if "validity" in member.blobs else None
        except ObjectError as error:
            raise ObjectError(f"{DATA_FRAME}: column '{name}': {error}") from None
        if isinstance(values, StringArray):
            values.valid = valid
        result[name] = (values, valid)
    return result


def to_pandas(obj: StoredObject, trusted: bool = False, use_pyarrow: bool | None = None):
    """The frame as a ``pandas.DataFrame`` (see the module's notes on copies and dtypes).
    `use_pyarrow` forces (True) or avoids (False) Arrow-backed strings; None uses pyarrow when
    it is installed."""
    pd = _pandas()
    pa = _pyarrow() if use_pyarrow in (None, True) else None
    if use_pyarrow and pa is None:
        raise ObjectError("use_pyarrow=True needs pyarrow: pip install pyarrow")
    data = {}
    for name, (values, valid) in columns(obj, trusted).items():
        hint = obj.members[name].labels.get(DTYPE_LABEL)
        try:
            data[name] = _column_to_pandas(pd, pa, values, valid, hint)
        except (TypeError, ValueError) as error:
            raise ObjectError(f"{DATA_FRAME}: column '{name}': cannot convert to pandas ({error})") from None
    frame = pd.DataFrame(data, copy=False)
    rows = obj.int_field("row_count") if obj.field("columns") else 0
    if not data:
        frame = pd.DataFrame(index=pd.RangeIndex(rows))
    index = obj.labels.get(INDEX_LABEL)
    if index:
        names = json.loads(index)
        frame = frame.set_index([column for column, _ in names])
        frame.index.names = [label for _, label in names]
    return frame


def _column_to_pandas(pd, pa, values, valid, hint):
    if isinstance(values, StringArray):
        if hint == "object":
            return pd.Series(values.to_numpy(), dtype=object)
        dtype = pd.api.types.pandas_dtype(hint) if hint else _default_string_dtype(pd)
        if pa is not None and getattr(dtype, "storage", None) == "pyarrow":
            nulls = 0 if valid is None else int(len(valid) - np.count_nonzero(valid))
            bitmap = None if valid is None else pa.py_buffer(validity_blob(valid))
            arrow = pa.LargeStringArray.from_buffers(len(values), pa.py_buffer(values.offsets), pa.py_buffer(values.data),
                                                     bitmap, nulls)
            return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([arrow]), dtype=dtype), copy=False)
        if getattr(dtype, "storage", None) == "pyarrow":
            dtype = pd.StringDtype("python", na_value=dtype.na_value)
        return pd.Series(values.to_numpy(), dtype=dtype)
    name = values.dtype.name
    if hint and hint in NULLABLE.values():
        mask = np.zeros(len(values), dtype=bool) if valid is None else ~valid
        return pd.Series(pd.array(values, dtype=hint) if valid is None else _masked(pd, values, mask, hint), copy=False)
    if valid is None:
        return pd.Series(values, copy=False)
    if values.dtype.kind == "f":
        filled = values.copy()
        filled[~valid] = np.nan
        return pd.Series(filled, copy=False)
    return pd.Series(_masked(pd, values, ~valid, NULLABLE[name]), copy=False)


def _masked(pd, values, mask, dtype_name_):
    if dtype_name_ == "boolean":
        return pd.arrays.BooleanArray(values.view(bool), mask)
    if dtype_name_.startswith("Float"):
        return pd.arrays.FloatingArray(values, mask)
    return pd.arrays.IntegerArray(values, mask)


def _default_string_dtype(pd):
    try:
        return pd.api.types.pandas_dtype("str")  # pandas 3 (and 2.x with future.infer_string)
    except TypeError:
        return np.dtype(object)


# ---------------------------------------------------------------------------------------------
# Saving


def from_pandas(frame, use_pyarrow: bool | None = None) -> StoredObject:
    """A `datasetsdk.DataFrame` object holding `frame` (see the module's notes)."""
    pd = _pandas()
    pa = _pyarrow() if use_pyarrow in (None, True) else None
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
            members[name] = _column_from_pandas(pd, pa, frame.iloc[:, position])
        except ObjectError as error:
            raise ObjectError(f"DataFrame column '{name}': {error}") from None
    labels = {INDEX_LABEL: json.dumps(index_columns)} if index_columns else {}
    return StoredObject(DATA_FRAME, fields={"columns": names, "row_count": len(frame)}, members=members, labels=labels)


def _with_index_as_columns(pd, frame):
    index = frame.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None:
        return frame, []
    stored = []
    labels = list(index.names)
    for level, label in enumerate(labels):
        column = f"__index_level_{level}__" if label is None else str(label)
        if column in frame.columns:
            column = f"__index_level_{level}__"
        stored.append([column, label])
    frame = frame.reset_index(drop=False)
    frame.columns = [entry[0] for entry in stored] + list(frame.columns[len(stored):])
    return frame, stored


def _column_from_pandas(pd, pa, series) -> StoredObject:
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        values = series.to_numpy(copy=False)
        member = numpy_to_tensor(values, "column")
        if dtype.kind == "f":
            missing = np.isnan(values)
            if missing.any():
                _add_validity(member, ~missing)
        return member
    if isinstance(dtype, np.dtype) and dtype.kind == "O" or isinstance(dtype, pd.StringDtype):
        member = _strings_from_pandas(pd, pa, series)
        if isinstance(dtype, np.dtype):
            member.labels[DTYPE_LABEL] = "object"
        elif not _is_default_string_dtype(pd, dtype):
            member.labels[DTYPE_LABEL] = str(dtype) if dtype.storage == "python" or str(dtype) != "str" else "str"
            if str(dtype) == "string":
                member.labels[DTYPE_LABEL] = f"string[{dtype.storage}]"
        return member
    name = str(dtype)
    if name in NULLABLE.values():
        array = series.array
        mask = np.asarray(array.isna(), dtype=bool)
        numpy_dtype = {v: k for k, v in NULLABLE.items()}[name]
        values = array.to_numpy(dtype=numpy_dtype, na_value=0 if numpy_dtype != "bool" else False)
        member = numpy_to_tensor(np.ascontiguousarray(values), "column")
        if mask.any():
            _add_validity(member, ~mask)
        member.labels[DTYPE_LABEL] = name
        return member
    raise ObjectError(f"dtype {dtype} cannot be stored; DatasetSDK stores numeric, bool and string columns "
                      "(convert it first, e.g. .astype(str) for categories, .astype('int64') for datetimes)")


def _is_default_string_dtype(pd, dtype) -> bool:
    try:
        return dtype == pd.api.types.pandas_dtype("str")
    except TypeError:
        return False


def _add_validity(member: StoredObject, valid: np.ndarray) -> None:
    member.blobs["validity"] = memoryview(validity_blob(valid))
    member.fields["null_count"] = int(len(valid) - np.count_nonzero(valid))


def _strings_from_pandas(pd, pa, series) -> StoredObject:
    missing = np.asarray(series.isna(), dtype=bool)
    if pa is not None:
        try:
            arrow = pa.array(series, type=pa.large_string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
            raise ObjectError(_not_strings(series, missing)) from error
        if isinstance(arrow, pa.ChunkedArray):
            arrow = arrow.combine_chunks()
        _, offsets_buffer, data_buffer = arrow.buffers()
        offsets = np.frombuffer(offsets_buffer, dtype="<i8")[arrow.offset:arrow.offset + len(arrow) + 1]
        data = memoryview(data_buffer) if data_buffer is not None else memoryview(b"")
        strings = StringArray(offsets, data)
    else:
        values = series.to_numpy(dtype=object, copy=False)
        for row in np.flatnonzero(~missing).tolist():
            if not isinstance(values[row], str):
                raise ObjectError(_not_strings(series, missing))
        strings = StringArray.from_strings(None if gone else value for value, gone in zip(values.tolist(), missing.tolist()))
    member = string_array_to_object(strings)
    if missing.any():
        _add_validity(member, ~missing)
    return member


def _not_strings(series, missing) -> str:
    values = series.to_numpy(dtype=object)
    for row, (value, gone) in enumerate(zip(values, missing)):
        if not gone and not isinstance(value, str):
            return (f"row {row} holds {type(value).__name__} {value!r}; an object column must hold only str and "
                    "missing values (convert it with .astype(str) or pick a numeric dtype)")
    return "the column holds values that are not strings"

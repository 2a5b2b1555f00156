"""Loading a `datasetsdk.DataFrame` as pandas, mapping rather than rebuilding (docs/python.md):

- numeric columns: read-only numpy views of the stored `data` blob; float columns with nulls
  too when the stored values at the null rows are NaN (as Python writes them), else a copy with
  NaN there;
- int, uint and bool columns with nulls (and the nullable dtypes the label ``pandas.dtype``
  names): pandas' masked arrays over the stored values;
- ``str``, ``string[pyarrow]`` and ``large_string[pyarrow]`` columns (and text Swift wrote):
  Arrow arrays over the stored offsets, bytes and validity bitmap (pyarrow's foreign buffers),
  no Python object per cell;
- object columns: built in C (see :mod:`.text`), with the missing value the saved column held;
  with ``arrow_strings=True`` they load as Arrow-backed ``str`` columns instead, zero-copy;
- timestamps, durations, dates, decimals and dictionaries: ``datetime64``, ``DatetimeTZDtype``,
  ``timedelta64``, ``ArrowDtype(date32)``, ``ArrowDtype(decimal128)`` (or object ``Decimal``s)
  and ``category`` columns over the stored blobs (:mod:`.temporal`, :mod:`.decimals`,
  :mod:`.categorical`);
- columns labelled with an Arrow-backed number, bool, timestamp or duration dtype
  (``int64[pyarrow]``, ``timestamp[ms, tz=UTC][pyarrow]``...): that ``ArrowDtype``, Arrow
  arrays over the stored blobs (:mod:`.arrow_dtypes`).

Every loaded frame behaves as an ordinary pandas frame under copy-on-write (writing to a column
copies it) and remembers where its columns came from (:mod:`.sharing`).
"""

from __future__ import annotations

import json

import numpy as np

from ..arrays import DateArray, DecimalArray, DictionaryArray, DurationArray, read_column
from ..errors import ObjectError
from ..objects import StoredObject
from ..types import DATA_FRAME, StringArray
from . import arrow_dtypes, categorical, decimals, sharing, temporal, text

DTYPE_LABEL = "pandas.dtype"
INDEX_LABEL = "pandas.index"
NULLABLE = {"int8": "Int8", "int16": "Int16", "int32": "Int32", "int64": "Int64", "uint8": "UInt8",
            "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64", "bool": "boolean",
            "float32": "Float32", "float64": "Float64"}
ARROW_TEXT = ("str", "string[pyarrow]", "large_string[pyarrow]", "utf8[pyarrow]")


def pandas_module():
    try:
        import pandas
    except ImportError:
        raise ObjectError("converting a DataFrame needs pandas: pip install pandas "
                          "(or read the columns with datasetsdk.frames.columns)") from None
    return pandas


def columns(obj: StoredObject, trusted: bool = False) -> dict:
    """The frame's columns in order, without pandas: name -> (values, valid), where values is a
    numpy array, a :class:`StringArray` or one of :mod:`datasetsdk.arrays`' classes
    (timestamps, durations, dates, decimals, dictionaries: the raw values plus their unit, time
    zone, precision and scale, or codes and categories; ``to_numpy()`` converts), and valid a
    bool array (None: no nulls). Untrusted objects are checked as docs/format.md says."""
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
            values, valid = read_column(member, trusted, (name,))
            if len(values) != rows:
                raise ObjectError(f"{len(values)} rows, the frame's row_count is {rows}")
        except ObjectError as error:
            raise ObjectError(f"{DATA_FRAME}: column '{name}': {error}") from None
        result[name] = (values, valid)
    return result


def to_pandas(obj: StoredObject, trusted: bool = False, use_pyarrow: bool | None = None, arrow_strings: bool = False):
    """The frame as a ``pandas.DataFrame`` (see the module). `use_pyarrow` forces (True) or
    avoids (False) pyarrow; None uses it when installed. `arrow_strings` loads object-dtype text
    as Arrow-backed ``str`` columns (zero-copy) instead of object columns."""
    pd = pandas_module()
    pa = pyarrow_for(use_pyarrow)
    data = {}
    for name, (values, valid) in columns(obj, trusted).items():
        member = obj.members[name]
        data[name] = load_column(pd, pa, values, valid, member, f"{DATA_FRAME}: column '{name}'", trusted, arrow_strings)
    rows = obj.int_field("row_count") if obj.field("columns") else 0
    frame = pd.DataFrame(data, copy=False) if data else pd.DataFrame(index=pd.RangeIndex(rows))
    index = obj.labels.get(INDEX_LABEL)
    if index:
        names = json.loads(index)
        frame = frame.set_index([column for column, _ in names])
        frame.index.names = [label for _, label in names]
    sharing.protect(frame)
    return frame


def pyarrow_for(use_pyarrow: bool | None):
    """pyarrow, or None when `use_pyarrow` is False or (None) pyarrow is missing."""
    if use_pyarrow is False:
        return None
    pa = text.pyarrow_or_warn()
    if use_pyarrow and pa is None:
        raise ObjectError("use_pyarrow=True needs pyarrow: pip install pyarrow")
    return pa


def load_column(pd, pa, values, valid, member, where, trusted, arrow_strings):
    """One stored column as a pandas Series with the default index (see the module); `values`
    and `valid` are :func:`datasetsdk.arrays.read_column`'s."""
    try:
        return _column(pd, pa, values, valid, member, where, trusted, arrow_strings)
    except (TypeError, ValueError) as error:
        raise ObjectError(f"{where}: cannot convert to pandas ({error})") from None


def _column(pd, pa, values, valid, member, where, trusted, arrow_strings):
    hint = member.labels.get(DTYPE_LABEL)
    if isinstance(values, StringArray):
        return _text_column(pd, pa, values, valid, member, hint, where, trusted, arrow_strings)
    if arrow_dtypes.is_arrow_label(hint) and isinstance(values, (np.ndarray, DurationArray)):
        return arrow_dtypes.to_series(pd, pa, values, valid, member, hint, where)
    if isinstance(values, (DurationArray, DateArray)):  # timestamps are durations' subclass
        return temporal.to_series(pd, pa, values, member, where)
    if isinstance(values, DecimalArray):
        return decimals.to_series(pd, pa, values, member, where)
    if isinstance(values, DictionaryArray):
        return categorical.to_series(pd, pa, values, member, where, trusted, arrow_strings)
    if hint in NULLABLE.values() or (valid is not None and values.dtype.kind in "biu"):
        mask = np.zeros(len(values), dtype=bool) if valid is None else ~valid
        mask.flags.writeable = False
        masked = _masked(pd, values, mask, hint or NULLABLE[values.dtype.name])
        sharing.LOADED.remember(masked, member)
        return pd.Series(masked, copy=False)
    if valid is not None and values.dtype.kind == "f" and not np.isnan(values[~valid]).all():
        values = values.copy()  # Swift writes 0 at null rows: NaN marks them in pandas
        values[~valid] = np.nan
        values.flags.writeable = False
    sharing.LOADED.remember(values, member)
    return pd.Series(values, copy=False)


def _text_column(pd, pa, values, valid, member, hint, where, trusted, arrow_strings):
    if hint == "object" and not arrow_strings:
        array = text.object_column(pa, values, member, valid, where, trusted)
        array.flags.writeable = False
        sharing.LOADED.remember(array, member)
        return pd.Series(array, dtype=object, copy=False)
    if hint in (None, "object") or (arrow_strings and hint == "str[python]"):
        hint = "str"
    if pa is not None and hint in ARROW_TEXT:
        arrow = text.arrow_view(pa, values, member.blobs.get("validity"))
        if hint == "large_string[pyarrow]":
            return pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array([arrow])), copy=False)
        if hint == "utf8[pyarrow]":
            return pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array([arrow.cast(pa.string())])), copy=False)
        dtype = pd.StringDtype("pyarrow", na_value=np.nan if hint == "str" else pd.NA)
        return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([arrow]), dtype=dtype), copy=False)
    dtype = {"str": "str", "str[python]": pd.StringDtype("python", na_value=np.nan),
             "string[python]": pd.StringDtype("python"), "string[pyarrow]": pd.StringDtype("python")}.get(hint)
    if dtype is None:
        raise ObjectError(f"{where}: label {DTYPE_LABEL} = {hint!r} is not a text dtype this reader knows"
                          + (" (it needs pyarrow: pip install pyarrow)" if pa is None and hint in ARROW_TEXT else ""))
    if pa is None and dtype == "str":
        dtype = pd.StringDtype("python", na_value=np.nan)
    return pd.Series(values.to_numpy(), dtype=dtype)


def _masked(pd, values, mask, dtype_name):
    if dtype_name == "boolean":
        return pd.arrays.BooleanArray(values.view(bool), mask)
    if dtype_name.startswith("Float"):
        return pd.arrays.FloatingArray(values, mask)
    return pd.arrays.IntegerArray(values, mask)

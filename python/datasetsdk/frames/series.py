"""pandas Series as `datasetsdk.Series` objects (docs/format.md, "datasetsdk.Series").

- field ``name``: the Series' name (str, int, float or bool; absent for None);
- field ``length``: the number of rows;
- member ``values``: the column, stored by the same column writer as a frame's columns (so
  every dtype a frame column takes, with its ``pandas.dtype`` label);
- member ``index``: when the index is not the default ``RangeIndex`` (0, 1, ..., n-1, unnamed),
  a `datasetsdk.DataFrame` whose columns are the index levels, named as a frame's index columns
  are (unnamed levels as ``__index_level_K__``), with the real names in the Series object's
  label ``pandas.index`` (a JSON list of ``[column, name]`` for every level).

A loaded Series views the stored blobs as a loaded frame's columns do, and behaves as an
ordinary Series under copy-on-write (writing to it copies first).
"""

from __future__ import annotations

import json

from ..arrays import read_column
from ..errors import ObjectError
from ..objects import StoredObject
from ..types import DATA_FRAME, SERIES
from . import sharing
from .load import INDEX_LABEL, load_column, pandas_module, pyarrow_for, to_pandas
from .save import column_member, from_pandas
from .text import pyarrow_or_warn

NAME_TYPES = (str, int, float, bool)


def _name_text(name) -> str:
    return "Series" if name is None else f"Series {name!r}"


def from_series(series, use_pyarrow: bool | None = None) -> StoredObject:
    """A `datasetsdk.Series` object holding `series` (see the module)."""
    pd = pandas_module()
    pa = None if use_pyarrow is False else pyarrow_or_warn()
    name = series.name
    if hasattr(name, "item") and type(name).__module__ == "numpy":
        name = name.item()
    if name is not None and not isinstance(name, NAME_TYPES):
        raise ObjectError(f"a Series name must be a str, int, float, bool or None, found {type(name).__name__} {name!r}; "
                          "rename it first (e.g. series.rename(str(series.name)))")
    try:
        values = column_member(pd, pa, series)
    except ObjectError as error:
        raise ObjectError(f"{_name_text(name)}: {error}") from None
    fields = {"length": len(series)}
    if name is not None:
        fields["name"] = name
    members, labels = {"values": values}, {}
    index = series.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None):
        try:
            members["index"] = from_pandas(pd.DataFrame(index=index), use_pyarrow)
        except ObjectError as error:
            raise ObjectError(f"{_name_text(name)}: index: {error}") from None
        labels[INDEX_LABEL] = members["index"].labels.pop(INDEX_LABEL)
    return StoredObject(SERIES, fields=fields, members=members, labels=labels)


def to_series(obj: StoredObject, trusted: bool = False, use_pyarrow: bool | None = None, arrow_strings: bool = False):
    """The `datasetsdk.Series` object as a ``pandas.Series`` (see the module); the options are
    :func:`datasetsdk.frames.to_pandas`'."""
    pd = pandas_module()
    pa = pyarrow_for(use_pyarrow)
    if obj.type_name != SERIES:
        raise ObjectError(f"expected a {SERIES}, found {obj.type_name}")
    name = obj.fields.get("name")
    if name is not None and not isinstance(name, NAME_TYPES):
        raise ObjectError(f"{SERIES}: field 'name' must be a string, int, double or bool, found {name!r}")
    length = obj.int_field("length")
    member = obj.member("values")
    where = f"{SERIES}: member 'values'"
    try:
        values, valid = read_column(member, trusted, ("values",))
        if len(values) != length:
            raise ObjectError(f"{len(values)} rows, the series' length is {length}")
    except ObjectError as error:
        raise ObjectError(f"{where}: {error}") from None
    series = load_column(pd, pa, values, valid, member, where, trusted, arrow_strings)
    if "index" in obj.members:
        series.index = _index(pd, obj, length, trusted, use_pyarrow, arrow_strings)
    series.name = name
    sharing.protect(series)
    return series


def _index(pd, obj: StoredObject, length: int, trusted: bool, use_pyarrow, arrow_strings: bool):
    """The pandas index of a stored Series: the columns of its member ``index``, in order, are
    the levels, named by the label ``pandas.index`` (the Series'; the index frame's is read too)
    where it lists them, else by the column names (as Swift writes them)."""
    where = f"{SERIES}: member 'index'"
    frame = obj.members["index"]
    if frame.type_name != DATA_FRAME:
        raise ObjectError(f"{where} must be a {DATA_FRAME}, found {frame.type_name}")
    try:
        listed = json.loads(obj.labels.get(INDEX_LABEL) or frame.labels.get(INDEX_LABEL) or "[]")
        names = {column: label for column, label in listed}
    except (ValueError, TypeError):
        raise ObjectError(f"{SERIES}: label {INDEX_LABEL} is not a JSON list of [column, name] pairs") from None
    labels = {key: value for key, value in frame.labels.items() if key != INDEX_LABEL}
    plain = StoredObject(frame.type_name, frame.fields, frame.members, frame.blobs, labels)
    try:
        levels = to_pandas(plain, trusted, use_pyarrow, arrow_strings)
    except ObjectError as error:
        raise ObjectError(f"{where}: {error}") from None
    if len(levels.columns) == 0:
        raise ObjectError(f"{where} has no columns; an index frame holds one column per index level")
    if len(levels) != length:
        raise ObjectError(f"{where} has {len(levels)} rows, the series' length is {length}")
    index = levels.set_index(list(levels.columns)).index
    index.names = [names.get(column, column) for column in levels.columns]
    return index


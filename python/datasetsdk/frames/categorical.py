"""pandas ``category`` columns as `datasetsdk.DictionaryArray` objects.

A categorical column is stored as its codes (member ``codes``: a `datasetsdk.Tensor` of pandas'
own codes, int8, int16, int32 or int64, -1 at null rows, plus a validity bitmap) and its
categories (member ``categories``: a column of the categories' dtype, stored by the same column
writer as any frame column, so text, numbers, nullable integers, timestamps... keep their dtype
through its ``pandas.dtype`` label), and field ``ordered``. Nothing is copied: the codes blob is
the Categorical's own array.

A load checks the codes of untrusted objects (every present row's code names a category), then
builds ``pd.Categorical.from_codes(codes, dtype, validate=False)`` over the stored codes: no copy
when the null rows hold -1 (as pandas writes them) and the codes have the width pandas picks
for that many categories, else one copy.
"""

from __future__ import annotations

import numpy as np

from ..arrays import DictionaryArray
from ..errors import ObjectError
from ..objects import StoredObject


def to_series(pd, pa, values: DictionaryArray, member: StoredObject, where: str, trusted: bool, arrow_strings: bool):
    """A stored dictionary column as a pandas ``category`` Series."""
    from .load import load_column
    categories_member = member.members["categories"]
    categories_where = f"{where}: member 'categories'"
    categories = load_column(pd, pa, values.categories, None, categories_member, categories_where, trusted, arrow_strings)
    try:
        dtype = pd.CategoricalDtype(pd.Index(categories, dtype=categories.dtype, copy=False), ordered=values.ordered)
    except (TypeError, ValueError) as error:
        raise ObjectError(f"{categories_where}: not usable as pandas categories ({error})") from None
    codes = values.codes_with_nulls()
    try:
        array = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)  # the codes were checked (or trusted)
    except TypeError:  # pandas before 2.1 validates always
        array = pd.Categorical.from_codes(codes, dtype=dtype)
    return pd.Series(array, copy=False)


def member(pd, pa, series) -> StoredObject:
    """The stored column of a ``category`` Series (see the module)."""
    from .save import column_member
    dtype = series.dtype
    codes = np.asarray(series.array.codes)
    present = codes >= 0
    categories = pd.Series(dtype.categories, copy=False)
    try:
        categories_member = column_member(pd, pa, categories)
    except ObjectError as error:
        raise ObjectError(f"categories: {error}") from None
    return DictionaryArray(codes, None, dtype.ordered, None if present.all() else present).to_object(categories_member)


"""`datasetsdk.DataFrame` and `datasetsdk.Series` objects to and from pandas (docs/python.md):
loads map the stored blobs instead of rebuilding them (:mod:`.load`), saves reference what a
load mapped and write the rest once (:mod:`.save`); text columns and their null kinds are
:mod:`.text`'s, timestamps, durations and dates :mod:`.temporal`'s, decimals :mod:`.decimals`',
categoricals :mod:`.categorical`'s, Arrow-backed numbers, bools, timestamps and durations
:mod:`.arrow_dtypes`', Series :mod:`.series`', and the copy-on-write and sharing bookkeeping
:mod:`.sharing`'s."""

from .load import DTYPE_LABEL, INDEX_LABEL, NULLABLE, columns, to_pandas
from .save import from_pandas
from .series import from_series, to_series
from .text import CODES_BLOB, NULL_LABEL, ROWS_BLOB

__all__ = ["CODES_BLOB", "DTYPE_LABEL", "INDEX_LABEL", "NULLABLE", "NULL_LABEL", "ROWS_BLOB", "columns", "from_pandas",
           "from_series", "to_pandas", "to_series"]

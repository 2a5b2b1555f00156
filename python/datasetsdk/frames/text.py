"""Text columns: Arrow views of stored string arrays, object columns built and stored in C
(pyarrow and numpy), and the null kinds of object columns (the UTF-8 check of loaded strings
is :func:`datasetsdk.types.check_utf8`).

An object column is stored as an ordinary `datasetsdk.StringArray` (any reader sees its strings
and validity), plus what Python needs to give back exactly the column it saved, which other
readers ignore (docs/python.md, "What Python adds to the format"):

- label ``pandas.null``: ``nan``, ``none``, ``na`` (the one missing value every null row held)
  or ``mixed``;
- blob ``pandas.codes``: one unsigned code per row (1, 2 or 4 bytes, little-endian, the width
  is size / row_count): code ``c < k`` is the string at row ``pandas.dictionary_rows[c]``; codes
  ``k``, ``k + 1``, ``k + 2`` are a null that held NaN, None, pd.NA;
- blob ``pandas.dictionary_rows``: ``k`` int64 rows, the first row of each distinct string.

The codes are written when the column repeats its strings (at most half as many distinct
strings as rows) or mixes null kinds; a load then builds `k` Python strings and one
``numpy.take``, instead of one string per cell.
"""

from __future__ import annotations

import ctypes
import warnings

import numpy as np

from ..errors import ObjectError
from ..objects import StoredObject
from ..types import StringArray, string_array_to_object

NULL_LABEL = "pandas.null"
CODES_BLOB = "pandas.codes"
ROWS_BLOB = "pandas.dictionary_rows"
NULL_KINDS = ("nan", "none", "na")  # codes k, k + 1, k + 2
_WARNED = []


def pyarrow_or_warn():
    """pyarrow, or None after one warning per process that text columns are decoded in Python."""
    try:
        import pyarrow
    except ImportError:
        if not _WARNED:
            _WARNED.append(True)
            warnings.warn("datasetsdk: pyarrow is not installed; text columns are decoded one string at a time "
                          "in Python (slow for large frames): pip install pyarrow", stacklevel=3)
        return None
    return pyarrow


def null_objects():
    import pandas as pd
    return (np.nan, None, pd.NA)


# ---------------------------------------------------------------------------------------------
# loading


def arrow_view(pa, strings: StringArray, validity: memoryview | None):
    """A pyarrow large_string array over the stored offsets, bytes and validity bitmap (the
    format's bitmap is Arrow's): no copy, no Python object per cell."""
    bitmap = pa.py_buffer(validity) if validity is not None else None
    return pa.LargeStringArray.from_buffers(len(strings), pa.py_buffer(strings.offsets), pa.py_buffer(strings.data),
                                            bitmap, -1 if bitmap is not None else 0)


def object_column(pa, strings: StringArray, member: StoredObject, valid, where: str, trusted: bool) -> np.ndarray:
    """The object array of a stored text column: str values, and at null rows the missing value
    the saved column held (NaN, None or pd.NA; None when the writer did not record it)."""
    rows = len(strings)
    codes_blob, rows_blob = member.blobs.get(CODES_BLOB), member.blobs.get(ROWS_BLOB)
    if codes_blob is not None and rows_blob is not None and rows and codes_blob.nbytes % rows == 0 \
            and codes_blob.nbytes // rows in (1, 2, 4) and rows_blob.nbytes % 8 == 0:
        codes = np.frombuffer(codes_blob, dtype=f"<u{codes_blob.nbytes // rows}")
        firsts = np.frombuffer(rows_blob, dtype="<i8")
        count = len(firsts)
        if not trusted and count and (firsts.min() < 0 or firsts.max() >= rows):
            raise ObjectError(f"{where}: blob '{ROWS_BLOB}' names rows outside the column")
        if not trusted and len(codes) and int(codes.max()) >= count + 3:
            raise ObjectError(f"{where}: blob '{CODES_BLOB}' holds a code above {count + 2}")
        words = np.empty(count + 3, dtype=object)
        words[:count] = strings_at(pa, strings, firsts)
        words[count:] = null_objects()
        return words.take(codes)
    if pa is not None:
        values = arrow_view(pa, strings, member.blobs.get("validity")).to_numpy(zero_copy_only=False)
    else:
        values = strings.to_numpy()
        values.flags.writeable = True
    kind = member.labels.get(NULL_LABEL)
    if valid is not None and kind in NULL_KINDS:
        values[~valid] = null_objects()[NULL_KINDS.index(kind)]
    return values


def strings_at(pa, strings: StringArray, rows: np.ndarray) -> np.ndarray:
    """The strings at `rows` as an object array."""
    if pa is not None:
        return arrow_view(pa, strings, None).take(pa.array(rows)).to_numpy(zero_copy_only=False)
    result = np.empty(len(rows), dtype=object)
    result[:] = [strings[int(row)] for row in rows]
    return result


# ---------------------------------------------------------------------------------------------
# saving


def _pointers(values: np.ndarray) -> np.ndarray:
    """The PyObject pointers of an object array, as integers (a view: no copy, no refcounts)."""
    return np.frombuffer((ctypes.c_ssize_t * len(values)).from_address(values.ctypes.data), dtype=np.intp)


def object_member(pd, pa, values: np.ndarray, where: str) -> StoredObject:
    """The stored form of an object column of str and missing values, built without a Python
    step per cell: objects are told apart by identity (their pointers, factorised by pandas'
    integer hash table), only the distinct objects are looked at, and Arrow gathers the bytes."""
    values = np.ascontiguousarray(values, dtype=object)
    rows = len(values)
    codes, _ = pd.factorize(_pointers(values))
    # Codes are numbered in order of first appearance: a row is the first of its code where the
    # running maximum grows.
    if rows:
        running = np.maximum.accumulate(codes)
        firsts = np.concatenate(([0], np.flatnonzero(running[1:] > running[:-1]) + 1))
    else:
        firsts = np.zeros(0, np.intp)
    distinct = values[firsts]
    try:
        dictionary = pa.array(distinct, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        raise ObjectError(not_strings(distinct, firsts, where)) from None
    except UnicodeEncodeError as error:
        row = int(firsts[next(i for i, v in enumerate(distinct) if isinstance(v, str) and not _encodes(v))])
        raise ObjectError(f"{where}: row {row} is not valid Unicode ({error.reason})") from None
    is_null = np.asarray(dictionary.is_null(), dtype=bool) if dictionary.null_count else np.zeros(len(distinct), bool)
    present = np.flatnonzero(~is_null)
    # New codes: the distinct strings first (0...k-1), then one code per null kind.
    remap = np.empty(len(distinct), dtype=np.int64)
    remap[present] = np.arange(len(present))
    kinds_seen = set()
    for index in np.flatnonzero(is_null).tolist():
        kind = _null_kind(pd, distinct[index])
        kinds_seen.add(kind)
        remap[index] = len(present) + kind
    stored = remap[codes] if rows else np.zeros(0, np.int64)
    nulls = stored >= len(present)
    strings_dictionary = dictionary.filter(pa.array(~is_null)) if dictionary.null_count else dictionary
    indices = pa.array(np.minimum(stored, max(len(present) - 1, 0)), mask=nulls if nulls.any() else None)
    # The column's bytes are written once and dropped after the save: glibc's allocator hands
    # out fresh memory much faster than pyarrow's default mimalloc pool in a new process (x500
    # frame: 0.20 s against 1.19 s for the 43 text columns), so save buffers bypass the pool.
    if len(present):
        import pyarrow.compute as compute
        column = compute.take(strings_dictionary, indices, memory_pool=pa.system_memory_pool())
    else:
        column = pa.nulls(rows, pa.large_string())
    member = arrow_member(pa, column)
    member.labels["pandas.dtype"] = "object"
    if kinds_seen:
        member.labels[NULL_LABEL] = NULL_KINDS[kinds_seen.pop()] if len(kinds_seen) == 1 else "mixed"
    if member.labels.get(NULL_LABEL) == "mixed" or (rows and 2 * len(present) <= rows):
        total = len(present) + 3
        width = 1 if total <= 1 << 8 else 2 if total <= 1 << 16 else 4
        member.blobs[CODES_BLOB] = memoryview(stored.astype(f"<u{width}"))
        member.blobs[ROWS_BLOB] = memoryview(np.ascontiguousarray(firsts[present], dtype="<i8"))
    return member


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _null_kind(pd, value) -> int:
    if value is None:
        return 1
    if value is pd.NA:
        return 2
    return 0  # NaN (float or numpy), or another missing value pandas treats as NaN


def single_chunk(pa, arrow):
    """`arrow` as one array: a chunked array's chunks joined once (in glibc-allocated memory,
    see :func:`object_member`), a one-chunk array's chunk as it is."""
    if not isinstance(arrow, pa.ChunkedArray):
        return arrow
    return arrow.chunk(0) if arrow.num_chunks == 1 else arrow.combine_chunks(memory_pool=pa.system_memory_pool())


def arrow_member(pa, arrow) -> StoredObject:
    """A stored string array viewing a pyarrow string array's buffers (large_string; others are
    cast), with its validity bitmap when it has nulls."""
    arrow = single_chunk(pa, arrow)
    if not pa.types.is_large_string(arrow.type):
        arrow = arrow.cast(pa.large_string(), memory_pool=pa.system_memory_pool())
    validity_buffer, offsets_buffer, data_buffer = arrow.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype="<i8")[arrow.offset:arrow.offset + len(arrow) + 1]
    data = memoryview(data_buffer) if data_buffer is not None else memoryview(b"")
    member = string_array_to_object(StringArray(offsets, data))
    if arrow.null_count:
        if arrow.offset == 0 and validity_buffer is not None:
            member.blobs["validity"] = memoryview(validity_buffer)[:(len(arrow) + 7) // 8]
        else:
            valid = ~np.asarray(arrow.is_null(), dtype=bool)
            member.blobs["validity"] = memoryview(np.packbits(valid, bitorder="little"))
        member.fields["null_count"] = int(arrow.null_count)
    return member


def not_strings(distinct, firsts, where: str) -> str:
    import pandas as pd
    for value, row in zip(distinct, firsts):
        if not isinstance(value, str) and not (value is None or value is pd.NA or _is_nan(value)):
            return (f"{where}: row {int(row)} holds {type(value).__name__} {value!r}; an object column must hold only str "
                    "and missing values, or only decimal.Decimal and missing values (convert it with .astype(str) or pick "
                    "a numeric dtype)")
    return f"{where}: the column holds values that are not strings"


def _is_nan(value) -> bool:
    try:
        return value != value
    except Exception:  # noqa: BLE001 - an object whose comparison fails is not NaN
        return False

"""Arrow-backed pandas numbers, bools, timestamps and durations (``pd.ArrowDtype(pa.int64())``,
``pa.bool_()``, ``pa.float32()``, ``pa.timestamp(unit, tz)``, ``pa.duration(unit)``...) as the
column types numpy's dtypes already use, with the label ``pandas.dtype`` holding pandas' name of
the dtype (Arrow's type name + ``[pyarrow]``: ``int64[pyarrow]``, ``double[pyarrow]``,
``bool[pyarrow]``, ``timestamp[ms, tz=Europe/Paris][pyarrow]``, ``duration[us][pyarrow]``), so
that a load gives back the ``ArrowDtype``:

| pandas dtype                               | stored as                                     |
|--------------------------------------------|-----------------------------------------------|
| ``ArrowDtype(int8...uint64, float, double)`` | a `datasetsdk.Tensor` of that dtype (0 at nulls) + validity |
| ``ArrowDtype(bool_())``                      | a ``bool`` tensor, one byte per row (Arrow's bits unpacked, 0 at nulls) + validity |
| ``ArrowDtype(timestamp(unit, tz))``          | `datasetsdk.TimestampArray` (``timezone``: Arrow's zone string; none when naive), -2^63 at nulls |
| ``ArrowDtype(duration(unit))``               | `datasetsdk.DurationArray`, -2^63 at nulls    |

Saves view Arrow's buffers: the validity bitmap as it is (unless the array is an offset slice)
and the values unless a null row holds something else than the format writes there (-2^63 for
timestamps and durations, 0 otherwise): Arrow leaves null slots undefined (pyarrow writes 0), so
timestamps and durations with nulls are copied once. Bools are unpacked (one conversion). A
present timestamp or duration holding -2^63 is refused: the format reserves that value for null
rows. Half floats (no format dtype) are refused.

Loads are Arrow arrays over the stored ``data`` and ``validity`` blobs (numbers: views, whatever
a null row holds), except that timestamps and durations get 0 at their null rows, as pyarrow
itself writes them: Arrow's checked temporal kernels, which pandas' arithmetic uses
(``ts + dur``, ``dur * 2``, ``ts - Timestamp``), compute null slots too and fail with
"overflow" on the -2^63 the format puts there. So timestamps and durations without nulls are
views, and those with nulls are copied once. Bools are packed into Arrow's bits again (one
conversion).
A label naming another type than the stored column's (``int64[pyarrow]`` on a float64 tensor)
is an error. A loaded column that is saved again unchanged stores the member it came from
(:mod:`.sharing`): nothing is unpacked or copied again.
"""

from __future__ import annotations

import numpy as np

from ..arrays import NAT, DurationArray, TimestampArray
from ..column_base import first_present, nulls_hold
from ..errors import ObjectError
from ..objects import StoredObject
from ..types import numpy_to_tensor, validity_blob
from . import sharing

DTYPE_LABEL = "pandas.dtype"
SUFFIX = "[pyarrow]"
TEXT_LABELS = ("string[pyarrow]", "large_string[pyarrow]", "utf8[pyarrow]")


def _pyarrow(pa, where: str):
    if pa is not None:
        return pa
    try:
        import pyarrow
    except ImportError:
        raise ObjectError(f"{where}: the column was saved with an Arrow-backed pandas dtype (ArrowDtype), which needs "
                          "pyarrow: pip install pyarrow") from None
    return pyarrow


def is_arrow_label(hint) -> bool:
    """Whether the label ``pandas.dtype`` `hint` asks for one of this module's ArrowDtypes."""
    return isinstance(hint, str) and hint.endswith(SUFFIX) and hint not in TEXT_LABELS


# ---------------------------------------------------------------------------------------------
# loading


def stored_type(pa, values):
    """The Arrow type of a stored column's values (a numpy array or a timestamp / duration
    array), None for a numpy dtype Arrow has no type for."""
    if isinstance(values, TimestampArray):
        return pa.timestamp(values.unit, values.timezone)
    if isinstance(values, DurationArray):
        return pa.duration(values.unit)
    try:
        return pa.from_numpy_dtype(values.dtype)
    except (pa.ArrowNotImplementedError, TypeError):
        return None


def to_series(pd, pa, values, valid, member: StoredObject, hint: str, where: str):
    """A stored tensor, timestamp or duration column labelled with an ArrowDtype's name, as a
    Series of that dtype viewing the stored blobs (see the module)."""
    pa = _pyarrow(pa, where)
    arrow_type = stored_type(pa, values)
    if arrow_type is None or f"{arrow_type}{SUFFIX}" != hint:
        stored = f"{arrow_type}{SUFFIX}" if arrow_type is not None else f"dtype {values.dtype}"
        raise ObjectError(f"{where}: label {DTYPE_LABEL} = {hint!r} does not name the stored column's type "
                          f"({member.type_name}: {stored})")
    data = values
    if isinstance(values, DurationArray):  # 0 at null rows, as pyarrow has it (its temporal kernels read them)
        data = nulls_hold(values.values, valid, 0)
    if pa.types.is_boolean(arrow_type):
        data = np.packbits(data, bitorder="little")  # Arrow's bits from the format's bytes
        data.flags.writeable = False
    validity = member.blobs.get("validity") if valid is not None else None
    bitmap = pa.py_buffer(validity) if validity is not None else None
    arrow = pa.Array.from_buffers(arrow_type, len(values), [bitmap, pa.py_buffer(data)],
                                  null_count=-1 if bitmap is not None else 0)
    array = pd.arrays.ArrowExtensionArray(pa.chunked_array([arrow], type=arrow_type))
    sharing.LOADED.remember(array, member, memory=data)
    return pd.Series(array, copy=False)


# ---------------------------------------------------------------------------------------------
# saving


def is_arrow_column(pd, dtype) -> bool:
    """Whether :func:`member` stores columns of `dtype`."""
    arrow_dtype = getattr(pd, "ArrowDtype", None)
    if arrow_dtype is None or not isinstance(dtype, arrow_dtype):
        return False
    import pyarrow as pa
    kind = dtype.pyarrow_dtype
    return (pa.types.is_boolean(kind) or pa.types.is_integer(kind) or pa.types.is_floating(kind)
            or pa.types.is_timestamp(kind) or pa.types.is_duration(kind))


def member(pd, series) -> StoredObject:
    """The stored column of an Arrow-backed number, bool, timestamp or duration Series (see the
    module)."""
    import pyarrow as pa
    from .temporal import single_array
    arrow_type = series.dtype.pyarrow_dtype
    if pa.types.is_float16(arrow_type):
        raise ObjectError(f"dtype {series.dtype} cannot be stored; the format has no 16-bit floats "
                          "(convert with .astype(pd.ArrowDtype(pa.float32())))")
    arrow = single_array(pa, series)
    valid, bitmap = _validity(arrow)
    if pa.types.is_timestamp(arrow_type) or pa.types.is_duration(arrow_type):
        values = _values(arrow, np.dtype("<i8"))
        row = first_present(values == NAT, valid)
        if row is not None:
            raise ObjectError(f"row {row} holds -2^63, which the format reserves for null rows "
                              "(pandas reads it as NaT); make the row null or change its value")
        if pa.types.is_timestamp(arrow_type):
            obj = TimestampArray(values, arrow_type.unit, arrow_type.tz, valid).to_object()
        else:
            obj = DurationArray(values, arrow_type.unit, valid).to_object()
    else:
        if pa.types.is_boolean(arrow_type):
            values = _bools(arrow)
            if valid is not None:
                values[~valid] = False
        else:
            values = nulls_hold(_values(arrow, np.dtype(arrow_type.to_pandas_dtype()).newbyteorder("<")), valid, 0)
        obj = numpy_to_tensor(np.ascontiguousarray(values), "column")
        if valid is not None:
            obj.fields["null_count"] = int(arrow.null_count)
    if valid is not None:
        obj.blobs["validity"] = bitmap
    obj.labels[DTYPE_LABEL] = str(series.dtype)
    return obj


def _validity(arrow):
    """(present rows as a bool array, the bitmap to store), (None, None) without nulls; the
    bitmap is Arrow's own unless the array is an offset slice."""
    if not arrow.null_count:
        return None, None
    count, offset = len(arrow), arrow.offset
    buffer = arrow.buffers()[0]
    bits = np.frombuffer(buffer, dtype=np.uint8, count=(offset + count + 7) // 8)
    valid = np.unpackbits(bits, bitorder="little", count=offset + count)[offset:].astype(bool)
    bitmap = memoryview(buffer)[:(count + 7) // 8] if offset == 0 else memoryview(validity_blob(valid))
    return valid, bitmap


def _values(arrow, dtype: np.dtype) -> np.ndarray:
    """A view of the values of a fixed-width Arrow array (its offset applied)."""
    count, offset = len(arrow), arrow.offset
    if count == 0:
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(arrow.buffers()[1], dtype=dtype, count=offset + count)[offset:]


def _bools(arrow) -> np.ndarray:
    """Arrow's bits as one writable byte per row (the format's bool elements)."""
    count, offset = len(arrow), arrow.offset
    if count == 0:
        return np.zeros(0, dtype=bool)
    bits = np.frombuffer(arrow.buffers()[1], dtype=np.uint8, count=(offset + count + 7) // 8)
    return np.unpackbits(bits, bitorder="little", count=offset + count)[offset:].view(bool)

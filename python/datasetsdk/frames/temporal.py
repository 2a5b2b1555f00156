"""Timestamps, durations and dates between pandas and the stored column types
(`datasetsdk.TimestampArray`, `datasetsdk.DurationArray`, `datasetsdk.DateArray`).

| pandas dtype                         | stored as                                   | loaded as          |
|--------------------------------------|---------------------------------------------|--------------------|
| ``datetime64[s|ms|us|ns]`` (naive)    | TimestampArray without ``timezone``          | the same dtype     |
| ``datetime64[unit, tz]``              | TimestampArray with ``timezone`` (IANA name, ``UTC``, or ``+HH:MM`` for a fixed offset) | the same dtype |
| ``timedelta64[s|ms|us|ns]``           | DurationArray                                | the same dtype     |
| ``ArrowDtype(pa.date32())``           | DateArray                                   | the same dtype     |

Saves store the int64 (int32) values as they are: pandas holds -2^63 (NaT) at null rows, as the
format asks, so nothing is copied; Arrow's date buffers are copied only when a null row holds
something else than 0. Loads are read-only views of the stored blob (numpy's ``datetime64`` /
``timedelta64``, and pandas' ``DatetimeArray`` over it for a time zone; Arrow arrays over the
stored buffers for dates), copied once when a null row holds another value than -2^63.
"""

from __future__ import annotations

import datetime

import numpy as np

from ..arrays import NAT, DateArray, DurationArray, TimestampArray
from ..errors import ObjectError
from ..objects import StoredObject
from .text import single_chunk


def _pyarrow(pa, where: str):
    if pa is not None:
        return pa
    try:
        import pyarrow
    except ImportError:
        raise ObjectError(f"{where}: dates are Arrow-backed in pandas (ArrowDtype(date32)) and need pyarrow: "
                          "pip install pyarrow") from None
    return pyarrow


# ---------------------------------------------------------------------------------------------
# time zones


def timezone_name(tz, where: str = "column") -> str:
    """The stored name of a pandas time zone: the IANA name (``Europe/Paris``, ``UTC``), or
    ``+HH:MM`` / ``-HH:MM`` for a fixed offset."""
    if tz is datetime.timezone.utc:
        return "UTC"
    for attribute in ("key", "zone"):  # zoneinfo.ZoneInfo, pytz
        name = getattr(tz, attribute, None)
        if isinstance(name, str) and name:
            return name
    offset = tz.utcoffset(None) if hasattr(tz, "utcoffset") else None
    if isinstance(offset, datetime.timedelta):
        seconds = offset.days * 86400 + offset.seconds
        if offset.microseconds or seconds % 60:
            raise ObjectError(f"{where}: the time zone {tz!r} is an offset of {offset}, which is not a whole number of "
                              "minutes; a TimestampArray stores +HH:MM (convert with .dt.tz_convert('UTC'))")
        if seconds == 0:
            return "UTC"
        minutes = abs(seconds) // 60
        return f"{'-' if seconds < 0 else '+'}{minutes // 60:02d}:{minutes % 60:02d}"
    raise ObjectError(f"{where}: the time zone {tz!r} has no IANA name or fixed offset that a TimestampArray could store; "
                      "convert it, e.g. with .dt.tz_convert('Europe/Paris') or .dt.tz_convert('UTC')")


def pandas_dtype(pd, unit: str, timezone: str, where: str):
    """``DatetimeTZDtype(unit, timezone)``, or an error naming the zone when this Python's time
    zone database does not know it."""
    try:
        return pd.DatetimeTZDtype(unit, timezone)
    except Exception as error:  # noqa: BLE001 - pytz, zoneinfo and dateutil raise different errors
        raise ObjectError(f"{where}: field 'timezone': {timezone!r} is not a time zone this Python knows ({error}); "
                          "install the time zone database (pip install tzdata), or read the stored UTC instants "
                          "with datasetsdk.frames.columns") from None


# ---------------------------------------------------------------------------------------------
# loading


def to_series(pd, pa, values, member: StoredObject, where: str):
    """A stored timestamp, duration or date column as a pandas Series (see the module)."""
    if isinstance(values, DateArray):
        return _dates(pd, _pyarrow(pa, where), values, member)
    view = values.to_numpy()  # datetime64 / timedelta64 over the blob; copied only to put NaT at null rows
    if isinstance(values, TimestampArray) and values.timezone:
        dtype = pandas_dtype(pd, values.unit, values.timezone, where)
        try:
            array = pd.arrays.DatetimeArray._simple_new(view, dtype=dtype)  # a view: the values are UTC instants
        except (AttributeError, TypeError):  # another pandas: the public way (a copy)
            array = pd.array(view).tz_localize("UTC").tz_convert(dtype.tz)
        return pd.Series(array, copy=False)
    return pd.Series(view, copy=False)


def _dates(pd, pa, values: DateArray, member: StoredObject):
    validity = member.blobs.get("validity") if values.valid is not None else None
    bitmap = pa.py_buffer(validity) if validity is not None else None
    arrow = pa.Array.from_buffers(pa.date32(), len(values), [bitmap, pa.py_buffer(values.values)],
                                  null_count=-1 if bitmap is not None else 0)
    return pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array([arrow], type=pa.date32())), copy=False)


# ---------------------------------------------------------------------------------------------
# saving


def is_temporal(pd, dtype) -> bool:
    """Whether :func:`member` stores columns of `dtype` (dates: see :func:`is_date`)."""
    return isinstance(dtype, pd.DatetimeTZDtype) or (isinstance(dtype, np.dtype) and dtype.kind in "mM")


def member(pd, series) -> StoredObject:
    """The stored column of a ``datetime64``, ``DatetimeTZDtype`` or ``timedelta64`` Series: a
    view of its int64 values (NaT is already -2^63)."""
    dtype = series.dtype
    array = series.array
    values = np.asarray(array.asi8) if hasattr(array, "asi8") else series.to_numpy(copy=False).view("i8")
    present = values != NAT
    valid = None if present.all() else present
    if isinstance(dtype, pd.DatetimeTZDtype):
        return TimestampArray(values, dtype.unit, timezone_name(dtype.tz), valid).to_object()
    unit, count = np.datetime_data(dtype)
    if count != 1 or unit not in ("s", "ms", "us", "ns"):
        raise ObjectError(f"dtype {dtype} cannot be stored; timestamps and durations count s, ms, us or ns "
                          "(convert with .astype('datetime64[s]'))")
    cls = TimestampArray if dtype.kind == "M" else DurationArray
    return cls(values, unit, valid=valid).to_object()


def is_date(pd, dtype) -> bool:
    arrow_dtype = getattr(pd, "ArrowDtype", None)
    if arrow_dtype is None or not isinstance(dtype, arrow_dtype):
        return False
    import pyarrow as pa
    return pa.types.is_date(dtype.pyarrow_dtype)


def date_member(pd, series) -> StoredObject:
    """The stored column of an ``ArrowDtype(date32)`` Series: its Arrow values (a view unless
    a null row holds something else than 0 or the array is an offset slice)."""
    import pyarrow as pa
    if not pa.types.is_date32(series.dtype.pyarrow_dtype):
        raise ObjectError(f"dtype {series.dtype} cannot be stored; a DateArray holds date32 "
                          "(convert with .astype(pd.ArrowDtype(pa.date32())))")
    arrow = single_array(pa, series)
    data = arrow.buffers()[1]
    values = np.frombuffer(data, dtype="<i4")[arrow.offset:arrow.offset + len(arrow)] if len(arrow) else np.zeros(0, "<i4")
    valid = ~np.asarray(arrow.is_null(), dtype=bool) if arrow.null_count else None
    return DateArray(values, valid).to_object()


def single_array(pa, series):
    """The Arrow array of an Arrow-backed Series, as one chunk."""
    return single_chunk(pa, pa.array(series.array))

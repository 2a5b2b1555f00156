"""Arrow-backed pandas numbers, bools, timestamps and durations (pd.ArrowDtype of pa.int8()...
pa.uint64(), pa.float32(), pa.float64(), pa.bool_(), pa.timestamp(unit[, tz]), pa.duration(unit))
go through .dso, .dso.zst and the store exactly: the same dtype, values (NaN apart from null,
-0.0, extremes) and nulls as the original and as pickle, stored as the existing column types
(tensors with validity, TimestampArray, DurationArray) with the label pandas.dtype, viewed (not
copied) on load, and what later pandas code does with them is what it does with the pickled
frame. Real files, the real store, and Swift's decoders reading what Python wrote."""

import os
import pickle
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import datasetsdk as ds
from datasetsdk.store.segments import MAPPED
from through import assert_same_results, put_and_load, write_and_describe

os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "1")

SOURCES = ["dso", "dso.zst", "store"]
NAT = int(np.iinfo(np.int64).min)
NULL_ROWS = [1, 5, 9]
SECONDS = [1_585_443_599, None, -1, 0, 951_782_400, None, 32_503_680_000, -2_208_988_800, 1, None, 86_399]
SPANS = [1, None, -3, 0, 86_400, None, 10 ** 9, -10 ** 9, 7, None, 3_600]
FLOATS = [1.5, None, float("nan"), float("inf"), -0.0, None, float("-inf"), 1e-30, 3.25, None, -2.5]
INTEGERS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
SCALE = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def arrow(values, arrow_type) -> pd.Series:
    return pd.Series(pa.array(values, type=arrow_type), dtype=pd.ArrowDtype(arrow_type))


def scaled(values, unit, plus=0):
    return [None if value is None else value * SCALE[unit] + plus for value in values]


def integers(name):
    info = np.iinfo(name)
    extremes = [int(info.min), int(info.max)] if name != "int64" else [-3, 2 ** 40]  # int64: sums stay in range
    return [1, None, *extremes, 0, None, 2, 5, 6, None, 7]


def arrow_frame() -> pd.DataFrame:
    """One column of every Arrow dtype this covers, 11 rows (two bitmap bytes), nulls at rows 1, 5, 9."""
    columns = {
        "ts_s": arrow(SECONDS, pa.timestamp("s")), "ts_ms": arrow(scaled(SECONDS, "ms", 123), pa.timestamp("ms")),
        "ts_us": arrow(scaled(SECONDS, "us", 456), pa.timestamp("us")),
        "ts_ns": arrow(scaled([value if value is None or abs(value) < 9e9 else 1 for value in SECONDS], "ns", 789),
                       pa.timestamp("ns")),
        "ts_utc": arrow(scaled(SECONDS, "us"), pa.timestamp("us", "UTC")),
        "ts_paris": arrow(scaled(SECONDS, "ms", 1), pa.timestamp("ms", "Europe/Paris")),
        "ts_tokyo": arrow(SECONDS, pa.timestamp("s", "Asia/Tokyo")),
        "ts_plus": arrow(scaled(SECONDS, "us"), pa.timestamp("us", "+05:30")),
        "ts_minus": arrow(SECONDS, pa.timestamp("s", "-03:00")),
        **{f"dur_{unit}": arrow(SPANS, pa.duration(unit)) for unit in ("s", "ms", "us", "ns")},
        "bool": arrow([True, None, False, True, False, None, False, True, True, None, True], pa.bool_()),
        **{name: arrow(integers(name), pa.from_numpy_dtype(np.dtype(name))) for name in INTEGERS},
        "float32": arrow(FLOATS, pa.float32()), "float64": arrow(FLOATS, pa.float64()),
    }
    return pd.DataFrame(columns)


def cells(series) -> list:
    """Every cell spelled exactly: null (None) apart from NaN, -0.0 apart from 0.0, the zone."""
    return [repr(value) for value in pa.array(series.array).to_pylist()]


def assert_same_frame(back: pd.DataFrame, frame: pd.DataFrame) -> None:
    pickled = pickle.loads(pickle.dumps(frame))
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    pd.testing.assert_frame_equal(back, pickled, check_exact=True)
    assert back.dtypes.to_dict() == frame.dtypes.to_dict()
    for name in frame.columns:
        assert cells(back[name]) == cells(frame[name]), name


@pytest.mark.parametrize("source", SOURCES)
def test_every_arrow_dtype_round_trips_exactly_with_its_nulls(round_trip, source):
    frame = arrow_frame()
    back = round_trip(source, frame)
    assert_same_frame(back, frame)
    assert all(isinstance(dtype, pd.ArrowDtype) for dtype in back.dtypes)
    for name in frame.columns:
        assert back[name].isna().tolist() == [row in NULL_ROWS for row in range(11)], name
    assert str(back["ts_paris"].dtype) == "timestamp[ms, tz=Europe/Paris][pyarrow]"
    assert back["ts_plus"].iloc[0] == pd.Timestamp(SECONDS[0], unit="s", tz="UTC")
    floats = pa.array(back["float64"].array)
    assert floats.is_null().to_pylist()[1:3] == [True, False] and np.isnan(floats[2].as_py())  # NaN is not null
    assert back["uint64"].iloc[3] == 2 ** 64 - 1 and back["int8"].iloc[2] == -128


def later(frame: pd.DataFrame) -> dict:
    """What later code does with a frame of :func:`arrow_frame`'s columns."""
    return {
        "year": frame["ts_ns"].dt.year, "hour_paris": frame["ts_paris"].dt.hour, "day_tokyo": frame["ts_tokyo"].dt.day,
        "floor": frame["ts_us"].dt.floor("D"), "to_tokyo": frame["ts_utc"].dt.tz_convert("Asia/Tokyo"),
        "wall": frame["ts_paris"].dt.tz_localize(None), "strftime": frame["ts_s"].dt.strftime("%Y-%m-%d %H:%M"),
        "elapsed": frame["ts_s"] - frame["ts_s"].min(), "shifted": frame["ts_us"] + frame["dur_us"],
        "later_than": frame["ts_utc"] > pd.Timestamp("2000-01-01", tz="UTC"), "ts_max": frame["ts_ms"].max(),
        "seconds": frame["dur_us"].dt.total_seconds(), "doubled": frame["dur_s"] * 2, "dur_sum": frame["dur_ms"].sum(),
        "dur_diff": frame["dur_ns"] - frame["dur_ns"].shift(1), "negative": frame["dur_ns"] < pd.Timedelta(0),
        "int_sum": frame["int64"].sum(), "int_mean": frame["int32"].mean(), "int_times": frame["int64"] * 3,
        "int16_half": frame["int16"] // 2, "uint_max": frame["uint64"].max(), "int_cumsum": frame["int64"].cumsum(),
        "int_dropped": frame["int8"].dropna(), "float_sum": frame["float64"].sum(),
        "finite_sum": frame["float32"].iloc[[0, 4, 7, 8, 10]].sum(), "float_na": frame["float32"].isna(),
        "float_fill": frame["float64"].fillna(0.0),
        "bool_any": frame["bool"].any(), "bool_all": frame["bool"].all(), "bool_sum": frame["bool"].sum(),
        "bool_filled": frame["bool"].fillna(False), "bool_not": ~frame["bool"], "where": frame["int64"].where(frame["bool"]),
        "grouped": frame.groupby("bool")["int64"].sum(), "sorted": frame.sort_values("ts_utc")["int64"],
        "described": frame[["int64", "float64"]].describe(), "as_numpy": frame["int64"].astype("float64"),
    }


@pytest.mark.parametrize("source", SOURCES)
def test_later_code_gives_what_it_gives_on_the_pickled_frame(round_trip, source):
    frame = arrow_frame()
    assert_same_results(later(round_trip(source, frame)), later(pickle.loads(pickle.dumps(frame))))


def test_they_are_stored_as_the_existing_column_types_with_the_dtype_label():
    obj = ds.encode(arrow_frame())
    members = obj.members
    paris = members["ts_paris"]
    assert paris.type_name == "datasetsdk.TimestampArray" and paris.fields["unit"] == "ms"
    assert paris.fields["timezone"] == "Europe/Paris"
    assert paris.labels["pandas.dtype"] == "timestamp[ms, tz=Europe/Paris][pyarrow]"
    assert "timezone" not in members["ts_ns"].fields and members["ts_minus"].fields["timezone"] == "-03:00"
    assert np.frombuffer(paris.blobs["data"], "<i8")[NULL_ROWS].tolist() == [NAT] * 3  # pyarrow held 0 there
    duration = members["dur_us"]
    assert duration.type_name == "datasetsdk.DurationArray" and duration.labels["pandas.dtype"] == "duration[us][pyarrow]"
    assert np.frombuffer(duration.blobs["data"], "<i8").tolist() == [NAT if value is None else value for value in SPANS]
    flags = members["bool"]
    assert (flags.type_name, flags.fields["dtype"], flags.fields["shape"]) == ("datasetsdk.Tensor", "bool", [11])
    assert bytes(flags.blobs["data"]) == bytes([1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1])  # one byte per row, 0 at nulls
    assert flags.labels["pandas.dtype"] == "bool[pyarrow]"
    for name in INTEGERS + ["float32", "float64"]:
        member = members[name]
        assert member.type_name == "datasetsdk.Tensor" and member.fields["dtype"] == name, name
        assert np.frombuffer(member.blobs["data"], name)[NULL_ROWS].tolist() == [0, 0, 0], name
    assert members["float32"].labels["pandas.dtype"] == "float[pyarrow]"
    assert members["float64"].labels["pandas.dtype"] == "double[pyarrow]"
    assert members["uint16"].labels["pandas.dtype"] == "uint16[pyarrow]"
    for name, member in members.items():
        assert member.fields["null_count"] == 3, name
        assert np.unpackbits(np.frombuffer(member.blobs["validity"], np.uint8), bitorder="little", count=11).tolist() \
            == [0 if row in NULL_ROWS else 1 for row in range(11)], name
    stamps, valid = ds.frames.columns(obj)["ts_utc"]  # without pandas: the ordinary column classes
    assert isinstance(stamps, ds.TimestampArray) and stamps.timezone == "UTC" and valid.tolist()[:2] == [True, False]


def test_arrow_null_slots_get_what_the_format_writes_there(tmp_path):
    """Arrow leaves null slots undefined: here they hold junk, which the save replaces."""
    bitmap = pa.py_buffer(np.packbits([1, 0, 1, 0], bitorder="little"))

    def junk(arrow_type, data):
        return pd.Series(pd.arrays.ArrowExtensionArray(pa.Array.from_buffers(arrow_type, 4, [bitmap, pa.py_buffer(data)])))
    frame = pd.DataFrame({
        "t": junk(pa.timestamp("ns", "UTC"), np.array([1, 99, 3, 4], "<i8")),
        "d": junk(pa.duration("s"), np.array([-1, 99, 3, NAT], "<i8")),
        "i": junk(pa.int32(), np.array([1, 99, 3, -4], "<i4")), "f": junk(pa.float64(), np.array([1.5, np.nan, 3, 9])),
        "b": junk(pa.bool_(), np.packbits([1, 1, 0, 1], bitorder="little")),
    })
    members = ds.encode(frame).members
    assert np.frombuffer(members["t"].blobs["data"], "<i8").tolist() == [1, NAT, 3, NAT]
    assert np.frombuffer(members["d"].blobs["data"], "<i8").tolist() == [-1, NAT, 3, NAT]
    assert np.frombuffer(members["i"].blobs["data"], "<i4").tolist() == [1, 0, 3, 0]
    assert np.frombuffer(members["f"].blobs["data"], "<f8").tolist() == [1.5, 0.0, 3.0, 0.0]
    assert bytes(members["b"].blobs["data"]) == bytes([1, 0, 0, 0])
    ds.save(frame, tmp_path / "junk.dso")
    back = ds.load(tmp_path / "junk.dso")
    assert back.isna().sum().to_dict() == {"t": 2, "d": 2, "i": 2, "f": 2, "b": 2}
    assert back["b"].tolist()[:3] == [True, pd.NA, False] and back["i"].tolist()[:3] == [1, pd.NA, 3]
    pd.testing.assert_frame_equal(back, frame, check_exact=True)


@pytest.mark.parametrize("source", SOURCES)
def test_slices_several_chunks_empty_and_all_null_columns(round_trip, source):
    frame = arrow_frame()
    tail = frame.iloc[3:].reset_index(drop=True)  # Arrow arrays with an offset (bits not on a byte boundary)
    assert frame["bool"].iloc[3:].array._pa_array.chunk(0).offset == 3
    assert_same_frame(round_trip(source, tail, name="tail"), tail)
    chunked = pd.DataFrame({name: pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array(
        [pa.array(frame[name].array)[:4], pa.array(frame[name].array)[4:]]))) for name in ("ts_paris", "bool", "int8")})
    assert_same_frame(round_trip(source, chunked, name="chunked"), chunked)
    empty = frame.iloc[:0]
    assert_same_frame(round_trip(source, empty, name="empty"), empty)
    nulls = pd.DataFrame({str(dtype): pd.Series(pa.nulls(3, dtype.pyarrow_dtype), dtype=dtype) for dtype in frame.dtypes})
    back = round_trip(source, nulls, name="nulls")
    assert_same_frame(back, nulls)
    assert back.isna().all().all()


@pytest.mark.parametrize("source", SOURCES)
def test_series_index_and_categories_keep_their_arrow_dtypes(round_trip, source):
    frame = arrow_frame()
    for name in ("ts_tokyo", "dur_ms", "bool", "uint32", "float32"):
        series = frame[name].rename(name)
        pd.testing.assert_series_equal(round_trip(source, series, name=f"s_{name}"), series, check_exact=True)
    indexed = pd.Series(frame["float64"].array, name="x", index=pd.Index(frame["ts_utc"].array, name="when"))
    back = round_trip(source, indexed, name="indexed")
    pd.testing.assert_series_equal(back, indexed, check_exact=True)
    assert back.index.dtype == pd.ArrowDtype(pa.timestamp("us", "UTC"))
    keyed = frame.set_index(["int16", "bool"])
    pd.testing.assert_frame_equal(round_trip(source, keyed, name="keyed"), keyed, check_exact=True)
    categories = pd.Index(pa.array([30, 10, 20], pa.int64()), dtype=pd.ArrowDtype(pa.int64()))
    categorical = pd.DataFrame({"c": pd.Categorical([10, None, 30, 10], categories=categories, ordered=True)})
    back = round_trip(source, categorical, name="categorical")
    pd.testing.assert_frame_equal(back, categorical, check_exact=True)
    assert back["c"].cat.categories.dtype == pd.ArrowDtype(pa.int64()) and back["c"].max() == 10


def in_store(store, buffer) -> bool:
    return MAPPED.locate(buffer.address, buffer.size, store.identifier) is not None


def copied(name) -> bool:
    """Whether a load copies the values of a column of arrow_frame() (with its nulls): bools are
    packed into bits, timestamps and durations get 0 instead of -2^63 at their null rows (pyarrow's
    temporal kernels compute null slots: `dur * 2` fails with "overflow" on -2^63)."""
    return name == "bool" or name.startswith(("ts_", "dur_"))


def test_loads_view_the_store_and_saving_them_again_copies_nothing(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(pd.concat([arrow_frame()] * 100, ignore_index=True), "frame")
        written = store.last_put_copied_bytes
        back = store.load("frame")
        for name in back.columns:
            [chunk] = back[name].array._pa_array.chunks
            validity, data = chunk.buffers()
            assert in_store(store, validity), name
            assert in_store(store, data) != copied(name), name
        store.save(back, "again")  # every column is still the array the load built: its member is stored again
        assert store.last_put_copied_bytes == 0 < written
        pd.testing.assert_frame_equal(store.load("again"), back, check_exact=True)
        store.save(back[["int64", "float32"]].iloc[:50], "slice")  # sliced: rebuilt, the views' bytes are referenced
        assert store.last_put_copied_bytes < 50
        full = arrow_frame().dropna().reset_index(drop=True)  # without nulls every column but bools is a view
        store.save(full, "full")
        loaded = store.load("full")
        for name in loaded.columns:
            [chunk] = loaded[name].array._pa_array.chunks
            validity, data = chunk.buffers()
            assert validity is None and in_store(store, data) == (name != "bool"), name
        assert_same_frame(loaded, full)


def test_a_dso_load_views_the_mapped_file(tmp_path):
    frame = arrow_frame()
    ds.save(frame, tmp_path / "frame.dso")
    obj = ds.read(tmp_path / "frame.dso")
    back = ds.frames.to_pandas(obj)
    for name in (name for name in frame.columns if not copied(name)):
        [chunk] = back[name].array._pa_array.chunks
        validity, data = chunk.buffers()
        assert data.address == np.frombuffer(obj.members[name].blobs["data"], np.uint8).ctypes.data, name
        assert validity.address == np.frombuffer(obj.members[name].blobs["validity"], np.uint8).ctypes.data, name


@pytest.mark.parametrize("source", SOURCES)
def test_writing_to_a_loaded_column_leaves_the_stored_object(round_trip, source):
    frame = arrow_frame()
    back = round_trip(source, frame)
    back.loc[0, "int64"] = 99
    back.loc[1, "ts_utc"] = pd.Timestamp("2001-01-01", tz="UTC")
    back["dur_s"] = back["dur_s"] + pd.Timedelta("1s")
    back.loc[0, "bool"] = False
    assert back.loc[0, "int64"] == 99 and back.loc[1, "ts_utc"].year == 2001 and not back.loc[0, "bool"]
    assert back.loc[0, "dur_s"] == pd.Timedelta("2s") and back["int64"].dtype == pd.ArrowDtype(pa.int64())
    again = round_trip(source, back, name="written")
    pd.testing.assert_frame_equal(again, back, check_exact=True)
    assert_same_frame(round_trip(source, frame, name="again"), frame)


@pytest.mark.parametrize("source", SOURCES)
def test_null_rows_holding_other_values_load_as_nulls(tmp_path, store_path, source):
    """Another writer may store anything at null rows; the label still gives the ArrowDtype."""
    valid = np.packbits([1, 0, 1], bitorder="little")
    stamps = ds.StoredObject("datasetsdk.TimestampArray", fields={"length": 3, "unit": "ms", "timezone": "UTC"},
                             blobs={"data": np.array([0, 7, 2], "<i8"), "validity": valid},
                             labels={"pandas.dtype": "timestamp[ms, tz=UTC][pyarrow]"})
    numbers = ds.StoredObject("datasetsdk.Tensor", fields={"dtype": "float64", "shape": [3]},
                              blobs={"data": np.array([1.0, 5.0, np.nan]), "validity": valid},
                              labels={"pandas.dtype": "double[pyarrow]"})
    flags = ds.StoredObject("datasetsdk.Tensor", fields={"dtype": "bool", "shape": [3]},
                            blobs={"data": np.array([0, 1, 1], np.uint8), "validity": valid},
                            labels={"pandas.dtype": "bool[pyarrow]"})
    ints = ds.StoredObject("datasetsdk.Tensor", fields={"dtype": "int64", "shape": [3]},
                           blobs={"data": np.array([1, 2 ** 63 - 1, 3], "<i8"), "validity": valid},
                           labels={"pandas.dtype": "int64[pyarrow]"})
    spans = ds.StoredObject("datasetsdk.DurationArray", fields={"length": 3, "unit": "s"},
                            blobs={"data": np.array([1, 2 ** 62, 3], "<i8"), "validity": valid},
                            labels={"pandas.dtype": "duration[s][pyarrow]"})
    obj = ds.StoredObject("datasetsdk.DataFrame", fields={"columns": ["t", "f", "b", "i", "d"], "row_count": 3},
                          members={"t": stamps, "f": numbers, "b": flags, "i": ints, "d": spans})
    back = put_and_load(tmp_path, store_path, source, obj, "other")
    assert [str(dtype) for dtype in back.dtypes] == ["timestamp[ms, tz=UTC][pyarrow]", "double[pyarrow]", "bool[pyarrow]",
                                                     "int64[pyarrow]", "duration[s][pyarrow]"]
    assert cells(back["t"]) == cells(arrow([0, None, 2], pa.timestamp("ms", "UTC")))
    assert cells(back["f"]) == ["1.0", "None", "nan"] and cells(back["b"]) == ["False", "None", "True"]
    assert cells(back["i"]) == ["1", "None", "3"]
    assert cells(back["t"] - pd.Timestamp(5, unit="ms", tz="UTC")) == cells(arrow([-5, None, -3], pa.duration("ms")))
    assert cells(back["i"] + (2 ** 63 - 4)) == [repr(2 ** 63 - 3), "None", repr(2 ** 63 - 1)]  # the null slot is skipped
    assert cells(back["d"] * 4) == cells(arrow([4, None, 12], pa.duration("s")))  # Arrow computes this null slot: 0 there


def test_unstorable_arrow_values_and_dtypes_are_refused_naming_the_column(tmp_path):
    reserved = pd.DataFrame({"t": arrow([0, None, NAT], pa.timestamp("ns"))})
    with pytest.raises(ds.ObjectError, match="column 't': row 2 holds -2\\^63, which the format reserves for null rows"):
        ds.save(reserved, tmp_path / "t.dso")
    with pytest.raises(ds.ObjectError, match="column 'd': row 0 holds -2\\^63"):
        ds.encode(pd.DataFrame({"d": arrow([NAT], pa.duration("s"))}))
    half = pd.DataFrame({"h": pd.Series(pa.array(np.array([1, 2], np.float16)), dtype=pd.ArrowDtype(pa.float16()))})
    with pytest.raises(ds.ObjectError, match=re.escape("column 'h': dtype halffloat[pyarrow] cannot be stored; the format")):
        ds.encode(half)
    for arrow_type, values in ((pa.time64("us"), [1]), (pa.list_(pa.int64()), [[1]]), (pa.binary(), [b"x"]),
                               (pa.date64(), [0])):
        message = re.escape(f"column 'x': dtype {pd.ArrowDtype(arrow_type)} cannot be stored")
        with pytest.raises(ds.ObjectError, match=message):
            ds.encode(pd.DataFrame({"x": arrow(values, arrow_type)}))


@pytest.mark.parametrize("label, member, stored", [
    ("double[pyarrow]", ds.encode(np.arange(3, dtype=np.int64)), "int64[pyarrow]"),
    ("timestamp[s][pyarrow]", ds.DurationArray(np.arange(3, dtype="<i8"), "s").to_object(), "duration[s][pyarrow]"),
    ("timestamp[s, tz=UTC][pyarrow]", ds.TimestampArray(np.arange(3, dtype="<i8"), "s").to_object(), "timestamp[s][pyarrow]"),
    ("duration[ms][pyarrow]", ds.DurationArray(np.arange(3, dtype="<i8"), "s").to_object(), "duration[s][pyarrow]"),
])
def test_a_label_naming_another_type_than_the_stored_one_is_refused(tmp_path, label, member, stored):
    member.labels["pandas.dtype"] = label
    obj = ds.StoredObject("datasetsdk.DataFrame", fields={"columns": ["c"], "row_count": 3}, members={"c": member})
    ds.write(obj, tmp_path / "labelled.dso")
    message = re.escape(f"column 'c': label pandas.dtype = '{label}' does not name the stored column's type (")
    with pytest.raises(ds.ObjectError, match=message + ".*" + re.escape(f"{stored})")):
        ds.load(tmp_path / "labelled.dso")


@pytest.mark.parametrize("source", SOURCES)
def test_swift_reads_the_arrow_columns_python_writes(helper, tmp_path, store_path, source):
    frame = arrow_frame()[["ts_paris", "ts_ns", "dur_us", "bool", "int8", "uint64", "float32"]]
    seen = write_and_describe(helper, tmp_path, store_path, source, frame)
    columns = {column["name"]: column for column in seen["columns"]}
    assert {name: column["kind"] for name, column in columns.items()} == {
        "ts_paris": "timestamp[ms, Europe/Paris]", "ts_ns": "timestamp[ns]", "dur_us": "duration[us]", "bool": "bool",
        "int8": "int8", "uint64": "uint64", "float32": "float32"}
    assert all(column["null_count"] == 3 for column in columns.values())
    assert columns["ts_paris"]["values"] == pa.array(frame["ts_paris"].array).cast(pa.int64()).to_pylist()
    assert columns["dur_us"]["values"] == SPANS and columns["uint64"]["values"] == integers("uint64")
    assert columns["bool"]["values"] == [True, None, False, True, False, None, False, True, True, None, True]
    assert columns["float32"]["values"][:4] == [1.5, None, "NaN", "Infinity"]

"""Column types (issue #19): timestamps (naive, UTC, IANA zones, fixed offsets), durations, dates,
decimals (Arrow-backed and object columns of Decimal), categoricals and Series go through
.dso, .dso.zst and the store exactly: the same values, nulls, dtypes, names and index as the
original and as pickle, and what later pandas code does with them is what it does with the
pickled frame. Hostile files (each "checked" rule of docs/format.md broken) get an ObjectError
naming the column, the blob or field and the first bad row. Real files, the real store."""

import datetime
import decimal
import os
import pickle
import zoneinfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import datasetsdk as ds
from datasetsdk.store.segments import MAPPED
from datasetsdk.column_base import DECIMAL_WORDS
from through import assert_same_results, exact, put_and_load

os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "1")

D = decimal.Decimal
SOURCES = ["dso", "dso.zst", "store"]
NAT = int(np.iinfo(np.int64).min)
PLUS_0530 = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
MINUS_0300 = datetime.timezone(-datetime.timedelta(hours=3))


def times(texts, unit="ns", tz=None):
    values = pd.Series(pd.to_datetime(texts, format="ISO8601")).astype(f"datetime64[{unit}]")
    return values.dt.tz_localize("UTC").dt.tz_convert(tz) if tz is not None else values


def typed_frame() -> pd.DataFrame:
    """Every new column type, each with a null row (and the nullable dtypes beside them)."""
    moments = ["2020-03-29 00:59:59.123456789", None, "1969-12-31 23:59:59.999999999", "2262-04-11", "1677-09-22"]
    wall = ["2020-01-01 12:34:56", None, "1900-02-28 23:59:59", "2999-12-31", "1970-01-01"]
    return pd.DataFrame({
        "ts_ns": times(moments),
        "ts_us": times(wall, "us"), "ts_ms": times(wall, "ms"), "ts_s": times(wall, "s"),
        "ts_utc": times(wall, "us", datetime.timezone.utc),
        "ts_paris": times(["2020-03-29 00:59:59.123"] + wall[1:], "ms", "Europe/Paris"),
        "ts_tokyo": times(wall, "s", zoneinfo.ZoneInfo("Asia/Tokyo")),
        "ts_plus": times(wall, "us", PLUS_0530), "ts_minus": times(wall, "s", MINUS_0300),
        "dur_ns": pd.to_timedelta(["1 days 00:00:00.000000001", None, "-3us", "0s", "106751 days"]),
        "dur_us": pd.to_timedelta(["1 days", None, "-3us", "0s", "100000 days"]).astype("timedelta64[us]"),
        "dur_s": pd.to_timedelta(["1h", "-1s", None, "0s", "50000 days"]).astype("timedelta64[s]"),
        "date": pd.Series([datetime.date(2020, 2, 29), None, datetime.date(1, 1, 1), datetime.date(9999, 12, 31),
                           datetime.date(1969, 12, 31)], dtype=pd.ArrowDtype(pa.date32())),
        "dec": pd.Series([D("123.45"), None, D("-0.01"), D("0.00"), D("99999999.99")],
                         dtype=pd.ArrowDtype(pa.decimal128(10, 2))),
        "dec38": pd.Series([D("9" * 28 + ".9999999999"), D("-" + "9" * 28 + ".9999999999"), None, D("0E-10"),
                            D("1E-10")], dtype=pd.ArrowDtype(pa.decimal128(38, 10))),
        "dec_negative_scale": pd.Series([D("100"), None, D("-12300"), D("0"), D("9999900")],
                                        dtype=pd.ArrowDtype(pa.decimal128(5, -2))),
        "odec": pd.Series([D("1.5"), None, D("-100"), D("0.001"), D("12345678901234567890.123")], dtype=object),
        "cat": pd.Series(["RL", "RM", None, "FV", "RL"], dtype="category"),
        "cat_ord": pd.Series(pd.Categorical([3, 2, 1, None, 3], categories=[1, 2, 3], ordered=True)),
        "cat_obj": pd.Series(pd.Categorical(["a", "b", None, "a", "b"], categories=pd.Index(["b", "a"], dtype=object))),
        "cat_float": pd.Series(pd.Categorical([0.5, None, 1.5, 0.5, 2.5])),
        "cat_ts": pd.Series(pd.Categorical(times(["2020-01-01", None, "2020-01-02", "2020-01-01", None], "s"))),
        "cat_wide": pd.Series(pd.Categorical([0, 199, None, 7, 7], categories=range(200), ordered=True)),
        "cat_nullable": pd.Series(pd.Categorical(pd.array([1, 2, None, 1, 2], dtype="Int64"))),
        "boolean": pd.array([True, None, False, True, None], dtype="boolean"),
        "Int64": pd.array([1, None, -3, 4, None], dtype="Int64"),
    })


def assert_same_frame(back: pd.DataFrame, frame: pd.DataFrame) -> None:
    """Equal to `frame` and to `frame` pickled, dtypes and categories' dtypes included."""
    pickled = pickle.loads(pickle.dumps(frame))
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    pd.testing.assert_frame_equal(back, pickled, check_exact=True)
    assert back.dtypes.to_dict() == frame.dtypes.to_dict()
    for name in frame.columns:
        if isinstance(frame[name].dtype, pd.CategoricalDtype):
            assert back[name].cat.categories.dtype == frame[name].cat.categories.dtype, name
            assert back[name].cat.ordered == frame[name].cat.ordered, name
            assert back[name].array.codes.dtype == frame[name].array.codes.dtype, name


@pytest.mark.parametrize("source", SOURCES)
def test_every_column_type_round_trips_exactly_with_its_nulls(round_trip, source):
    frame = typed_frame()
    back = round_trip(source, frame)
    assert_same_frame(back, frame)
    assert back.isna().to_dict() == frame.isna().to_dict()
    assert str(back["ts_paris"].dtype) == "datetime64[ms, Europe/Paris]" and str(back["ts_plus"].dtype.tz) == "UTC+05:30"
    assert back["odec"].dtype == object and back["odec"].iloc[4] == D("12345678901234567890.123")
    assert back["odec"].iloc[1] is None


def later(frame: pd.DataFrame) -> dict:
    """What later code does with a frame of :func:`typed_frame`'s columns."""
    return {
        "year": frame["ts_ns"].dt.year, "hour_paris": frame["ts_paris"].dt.hour, "floor": frame["ts_ns"].dt.floor("D"),
        "to_tokyo": frame["ts_utc"].dt.tz_convert("Asia/Tokyo"), "wall": frame["ts_paris"].dt.tz_localize(None),
        "strftime": frame["ts_minus"].dt.strftime("%Y-%m-%d %H:%M %z"), "elapsed": frame["ts_s"] - frame["ts_s"].min(),
        "shifted": frame["ts_us"] + frame["dur_us"], "seconds": frame["dur_us"].dt.total_seconds(),
        "doubled": frame["dur_s"] * 2, "dur_sum": frame["dur_us"].sum(), "compare": frame["dur_us"] > pd.Timedelta(0),
        "date_year": frame["date"].dt.year, "dec_sum": frame["dec"].sum(), "dec_times": frame["dec"] * 2,
        "odec_sum": frame["odec"].dropna().sum(), "codes": frame["cat"].cat.codes, "above": frame["cat_ord"] > 1,
        "max": frame["cat_ord"].max(), "sorted": frame.sort_values("cat_ord")["cat_ord"],
        "counts": frame["cat"].value_counts(), "dummies": pd.get_dummies(frame["cat"]),
        "grouped": frame.groupby("cat", observed=False)["Int64"].sum(), "renamed": frame["cat"].cat.rename_categories(str.lower),
        "wide": frame["cat_wide"].cat.codes, "filled": frame["boolean"].fillna(False), "any": frame["boolean"].any(),
    }


@pytest.mark.parametrize("source", SOURCES)
def test_later_code_gives_what_it_gives_on_the_pickled_frame(round_trip, source):
    frame = typed_frame()
    assert_same_results(later(round_trip(source, frame)), later(pickle.loads(pickle.dumps(frame))))


@pytest.mark.parametrize("source", SOURCES)
def test_writing_to_a_loaded_column_copies_it_and_the_stored_object_stays(round_trip, source):
    frame = typed_frame()
    back = round_trip(source, frame)
    writes = {"ts_ns": pd.Timestamp("2001-01-01"), "ts_utc": pd.Timestamp("2001-01-01", tz="UTC"),
              "ts_paris": pd.Timestamp("2001-01-01", tz="Europe/Paris"), "dur_us": pd.Timedelta("1ms"),
              "date": datetime.date(2000, 1, 1), "dec": D("1.00"), "odec": D("2"), "cat": "FV", "cat_ord": 2,
              "boolean": False}
    for name, value in writes.items():
        back.loc[0, name] = value
        assert back.loc[0, name] == value, name
    back["dur_s"] += pd.Timedelta("1s")
    back.iloc[1, back.columns.get_loc("ts_ns")] = pd.Timestamp("1999-01-01")
    assert back.loc[1, "ts_ns"] == pd.Timestamp("1999-01-01") and back.loc[0, "dur_s"] == pd.Timedelta("1h1s")
    assert back["cat"].cat.categories.tolist() == ["FV", "RL", "RM"]
    again = round_trip(source, frame, name="again")
    assert_same_frame(again, frame)  # what the save stored did not change


def in_store(store, address, size) -> bool:
    return MAPPED.locate(address, size, store.identifier) is not None


def test_loads_view_the_store_and_copy_nothing(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(typed_frame(), "frame")
        back = store.load("frame")
        for name in ("ts_ns", "ts_s", "ts_utc", "ts_paris", "ts_plus", "dur_ns", "dur_us"):
            values = back[name].array._ndarray
            assert in_store(store, values.__array_interface__["data"][0], values.nbytes), name
            assert not values.flags.writeable, name
        for name in ("date", "dec", "dec38"):
            buffers = [buffer for chunk in back[name].array._pa_array.chunks for buffer in chunk.buffers() if buffer]
            assert buffers and all(in_store(store, buffer.address, buffer.size) for buffer in buffers), name
        for name in ("cat", "cat_ord", "cat_ts", "cat_wide"):
            codes = back[name].array.codes
            assert in_store(store, codes.__array_interface__["data"][0], codes.nbytes), name
        big = pd.concat([typed_frame()] * 200, ignore_index=True)
        store.save(big, "big")
        written = store.last_put_copied_bytes
        store.save(store.load("big").drop(columns=["Int64"]), "again")  # the loaded columns' blobs are referenced
        assert store.last_put_copied_bytes * 20 < written  # only the rebuilt validity bitmaps and categories


def test_a_dso_load_gives_read_only_views_of_the_mapped_file(tmp_path):
    path = tmp_path / "frame.dso"
    ds.save(typed_frame(), path)
    back = ds.load(path)
    for name in ("ts_ns", "ts_paris", "dur_us"):
        values = back[name].array._ndarray
        assert not values.flags.writeable and not values.flags.owndata, name
    assert not back["cat"].array.codes.flags.owndata


# ---------------------------------------------------------------------------------------------
# Null rows Swift may fill differently, empty and all-null columns


def frame_object(columns: dict, rows: int = 5) -> ds.StoredObject:
    return ds.StoredObject("datasetsdk.DataFrame", fields={"columns": list(columns), "row_count": rows}, members=columns)


def with_validity(obj: ds.StoredObject, valid) -> ds.StoredObject:
    valid = np.asarray(valid, dtype=bool)
    obj.blobs["validity"] = np.packbits(valid, bitorder="little")
    obj.fields["null_count"] = int((~valid).sum())
    return obj


def swift_style_frame() -> ds.StoredObject:
    """Columns whose null rows hold what a writer other than pandas may store there."""
    valid = [True, True, False, True, False]
    timestamps = ds.StoredObject("datasetsdk.TimestampArray", fields={"length": 5, "unit": "ms", "timezone": "UTC"},
                                 blobs={"data": np.array([0, 1, 7, 3, 0], dtype="<i8")})
    durations = ds.StoredObject("datasetsdk.DurationArray", fields={"length": 5, "unit": "s"},
                                blobs={"data": np.array([0, -1, 123, 3, 4], dtype="<i8")})
    dates = ds.StoredObject("datasetsdk.DateArray", fields={"length": 5}, blobs={"data": np.array([0, 1, 99, 3, 4], "<i4")})
    words = np.zeros(10, dtype="<i8")
    words[[0, 4, 8]] = [5, 10 ** 12, 77]  # rows 0, 2 (null) and 4 (null, more digits than the precision)
    decimals = ds.StoredObject("datasetsdk.DecimalArray", fields={"length": 5, "precision": 3, "scale": 1},
                               blobs={"data": words})
    codes = ds.StoredObject("datasetsdk.Tensor", fields={"dtype": "int16", "shape": [5]},
                            blobs={"data": np.array([0, 1, 9, 0, 2], dtype="<i2")})
    categories = ds.encode(ds.StringArray.from_strings(["x", "y"]))
    dictionary = ds.StoredObject("datasetsdk.DictionaryArray", fields={"length": 5},
                                 members={"codes": codes, "categories": categories})
    columns = {"t": timestamps, "d": durations, "day": dates, "dec": decimals, "cat": dictionary}
    return frame_object({name: with_validity(column, valid) for name, column in columns.items()})


@pytest.mark.parametrize("source", SOURCES)
def test_null_rows_holding_other_values_load_as_nulls(tmp_path, store_path, source):
    obj = swift_style_frame()
    back = put_and_load(tmp_path, store_path, source, obj, "swift")
    assert back.isna().sum().to_dict() == {"t": 2, "d": 2, "day": 2, "dec": 2, "cat": 2}
    assert str(back["t"].dtype) == "datetime64[ms, UTC]" and back["t"].iloc[3] == pd.Timestamp(3, unit="ms", tz="UTC")
    assert back["t"].array.asi8.tolist()[2] == NAT and back["d"].array.asi8.tolist()[4] == NAT
    assert back["day"].dtype == pd.ArrowDtype(pa.date32()) and back["day"].iloc[3] == datetime.date(1970, 1, 4)
    assert back["dec"].dtype == pd.ArrowDtype(pa.decimal128(3, 1)) and back["dec"].iloc[0] == D("0.5")
    assert back["cat"].cat.codes.tolist() == [0, 1, -1, 0, -1] and back["cat"].tolist()[:2] == ["x", "y"]
    assert back["cat"].cat.categories.dtype == "str"


@pytest.mark.parametrize("source", SOURCES)
def test_empty_and_all_null_frames_keep_their_dtypes(round_trip, source):
    empty = typed_frame().iloc[:0]
    assert_same_frame(round_trip(source, empty, name="empty"), empty)
    nulls = pd.DataFrame({
        "ts": times([None, None], "ms", "Europe/Paris"), "dur": pd.to_timedelta([None, None]),
        "date": pd.Series([None, None], dtype=pd.ArrowDtype(pa.date32())),
        "dec": pd.Series([None, None], dtype=pd.ArrowDtype(pa.decimal128(4, 1))),
        "odec": pd.Series([D("1.25"), None], dtype=object),
        "cat": pd.Series(pd.Categorical([None, None], categories=pd.Index([], dtype="str"))),
        "cat_unused": pd.Series(pd.Categorical([None, None], categories=["a", "b"], ordered=True)),
        "boolean": pd.array([None, None], dtype="boolean"),
    })
    assert_same_frame(round_trip(source, nulls, name="nulls"), nulls)


# ---------------------------------------------------------------------------------------------
# Object columns of Decimal, time zones



@pytest.mark.parametrize("source", SOURCES)
def test_object_decimals_keep_every_value_and_missing_value_exactly(round_trip, source):
    frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in {
        "none": [D("1.1"), None, D("-2"), D("0"), None],
        "nan": [np.nan, D("0.000000001"), D("1E+5"), np.nan, D("-0")],
        "na": [D("3"), D("4"), pd.NA, D("5"), D("6")],
        "decimal_nan": [D("NaN"), D("5"), D("6"), D("7"), D("NaN")],
        "mixed": [None, np.nan, D("7"), pd.NA, D("NaN")],
        "digits38": [D("1234567890123456789012345678.9012345678"), D("-0.0000000001"), D("0"), D("1"), None],
        "integers38": [D("-" + "9" * 38), D("9" * 38), D("0"), D("1E+10"), None],
    }.items()})
    back = round_trip(source, frame)
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    for name in frame.columns:
        assert back[name].dtype == object and exact(back[name]) == exact(frame[name]), name
        assert list(map(str, back[name])) == list(map(str, frame[name])), f"{name}: each value keeps its exponent"
    assert back["integers38"].iloc[0] == -(10 ** 38 - 1) and back["none"].iloc[0] == D("1.1")


def test_object_decimals_are_stored_with_the_scale_and_precision_their_values_need(tmp_path):
    path = tmp_path / "decimals.dso"
    ds.save(pd.DataFrame({"d": pd.Series([D("1.5"), None, D("-100"), D("0.001")], dtype=object)}), path)
    member = ds.read(path).members["d"]
    assert member.type_name == "datasetsdk.DecimalArray" and member.labels["pandas.dtype"] == "object"
    assert (member.fields["precision"], member.fields["scale"], member.fields["null_count"]) == (6, 3, 1)
    assert ds.frames.columns(ds.read(path))["d"][0].to_list() == [D("1.500"), None, D("-100.000"), D("0.001")]


@pytest.mark.parametrize("values, message", [
    ([D("1" * 39)], r"row 0 holds .*needs 39 digits at the column's scale 0 .*at most 38"),
    ([D("1.55"), D("1" * 37)], r"row 1 holds .*needs 39 digits at the column's scale 2"),
    ([D("1"), D("1E-39")], r"row 1 holds .*needs 39 digits after the point"),
    ([D("2"), D("Infinity")], r"row 1 holds Decimal\('Infinity'\), which a DecimalArray cannot hold"),
    ([D("2"), "text"], r"row 0 holds Decimal .*only str and missing values, or only decimal.Decimal"),
])
def test_object_decimals_that_do_not_fit_are_refused_naming_the_row(tmp_path, values, message):
    with pytest.raises(ds.ObjectError, match="DataFrame column 'd': .*" + message):
        ds.save(pd.DataFrame({"d": pd.Series(values, dtype=object)}), tmp_path / "d.dso")
    assert not list(tmp_path.iterdir())


def test_object_dates_and_datetimes_are_refused_saying_how_to_convert(tmp_path):
    dates = pd.DataFrame({"when": pd.Series([datetime.date(2020, 1, 1), None], dtype=object)})
    with pytest.raises(ds.ObjectError, match=r"column 'when'.*datetime.date.*astype\(pd.ArrowDtype\(pa.date32\(\)\)\)"):
        ds.save(dates, tmp_path / "d.dso")
    converted = dates.astype({"when": pd.ArrowDtype(pa.date32())})
    ds.save(converted, tmp_path / "d.dso")
    assert_same_frame(ds.load(tmp_path / "d.dso"), converted)
    stamps = pd.DataFrame({"when": pd.Series([datetime.datetime(2020, 1, 1, 12)], dtype=object)})
    with pytest.raises(ds.ObjectError, match="column 'when'.*pd.to_datetime"):
        ds.save(stamps, tmp_path / "t.dso")


def test_time_zones_are_stored_by_name_or_offset(tmp_path):
    path = tmp_path / "zones.dso"
    frame = pd.DataFrame({name: times(["2020-06-01"], "s", tz) for name, tz in [
        ("utc", datetime.timezone.utc), ("utc_zoneinfo", zoneinfo.ZoneInfo("UTC")), ("paris", "Europe/Paris"),
        ("plus", PLUS_0530), ("minus", MINUS_0300), ("naive", None)]})
    ds.save(frame, path)
    stored = ds.read(path).members
    assert {name: stored[name].fields.get("timezone") for name in frame.columns} == {
        "utc": "UTC", "utc_zoneinfo": "UTC", "paris": "Europe/Paris", "plus": "+05:30", "minus": "-03:00", "naive": None}
    assert_same_frame(ds.load(path), frame)
    odd = pd.DataFrame({"t": times(["2020-01-01"], "s", datetime.timezone(datetime.timedelta(seconds=30)))})
    with pytest.raises(ds.ObjectError, match="column 't'.*not a whole number of minutes"):
        ds.save(odd, tmp_path / "odd.dso")


def test_a_time_zone_this_python_does_not_know_is_an_error_naming_it(tmp_path):
    column = ds.TimestampArray(np.arange(3, dtype="<i8"), "s", "Mars/Olympus_Mons").to_object()
    ds.write(frame_object({"t": column}, rows=3), tmp_path / "mars.dso")
    with pytest.raises(ds.ObjectError, match="column 't': field 'timezone': 'Mars/Olympus_Mons' is not a time zone .*tzdata"):
        ds.load(tmp_path / "mars.dso")
    values, valid = ds.frames.columns(ds.read(tmp_path / "mars.dso"))["t"]
    assert values.timezone == "Mars/Olympus_Mons" and values.values.tolist() == [0, 1, 2] and valid is None


# ---------------------------------------------------------------------------------------------
# Series


def indexed_series():
    index = pd.MultiIndex.from_arrays([["a", "b", "c"], pd.array([1, 2, None], dtype="Int64"),
                                       pd.to_datetime(["2020-01-01", "2020-01-02", None]).tz_localize("UTC")],
                                      names=["key", None, 3])
    return pd.Series([1.5, None, 2.5], name=7, index=index)


SERIES = [
    pd.Series([208500.0, 181500.0, 223500.0], name="SalePrice"),
    pd.Series(pd.Categorical(["a", None, "b"]), name=None),
    pd.Series(["x", None, "z"], name=1.5, index=pd.Index([10, 20, 30], name="Id")),
    pd.Series(pd.to_timedelta(["1s", None, "3s"]), name=True, index=pd.CategoricalIndex(["u", "v", "u"], name="c")),
    pd.Series([D("1.5"), None], name="decimals", index=pd.DatetimeIndex(["2020-01-01", "2021-01-01"], tz="Europe/Paris")),
    pd.Series(np.arange(3), name="shifted", index=pd.RangeIndex(5, 8)),
    pd.Series([], dtype="datetime64[ns, UTC]", name="empty"),
    pd.Series(pd.array([True, None], dtype="boolean"), name=""),
]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("series", SERIES + [indexed_series()], ids=lambda s: repr(s.name))
def test_a_series_keeps_its_name_values_and_index(round_trip, source, series):
    back = round_trip(source, series)
    assert isinstance(back, pd.Series)
    pd.testing.assert_series_equal(back, series, check_exact=True)
    pd.testing.assert_series_equal(back, pickle.loads(pickle.dumps(series)), check_exact=True)
    assert back.name == series.name and type(back.name) is type(series.name)
    assert list(back.index.names) == list(series.index.names)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("column", list(typed_frame().columns))
def test_every_column_type_makes_a_series(round_trip, source, column):
    series = typed_frame()[column].rename(column)
    pd.testing.assert_series_equal(round_trip(source, series, name=column), series, check_exact=True)


def test_a_series_is_stored_as_the_spec_lays_it_out(tmp_path):
    ds.save(indexed_series(), tmp_path / "s.dso")
    obj = ds.read(tmp_path / "s.dso")
    assert obj.type_name == "datasetsdk.Series" and obj.fields == {"name": 7, "length": 3}
    assert obj.members["values"].type_name == "datasetsdk.Tensor"
    index = obj.members["index"]
    assert index.type_name == "datasetsdk.DataFrame" and index.fields["columns"] == ["key", "__index_level_1__", "3"]
    assert obj.labels["pandas.index"] == '[["key", "key"], ["__index_level_1__", null], ["3", 3]]'  # every level
    assert "pandas.index" not in index.labels
    ds.save(pd.Series([1, 2]), tmp_path / "plain.dso")
    plain = ds.read(tmp_path / "plain.dso")
    assert "index" not in plain.members and "name" not in plain.fields


def test_an_index_frame_without_the_label_names_its_levels_by_column(tmp_path):
    index = frame_object({"Id": ds.encode(np.array([10, 20])), "when": ds.encode(ds.DateArray(np.array([0, 1], "<i4")))},
                         rows=2)
    obj = ds.StoredObject("datasetsdk.Series", fields={"name": 7, "length": 2},
                          members={"values": ds.encode(ds.StringArray.from_strings(["a", None])), "index": index})
    ds.write(obj, tmp_path / "swift.dso")
    back = ds.load(tmp_path / "swift.dso")
    assert back.name == 7 and back.tolist()[0] == "a" and pd.isna(back.iloc[1]) and back.dtype == "str"
    assert list(back.index.names) == ["Id", "when"] and back.index.get_level_values(1)[1] == datetime.date(1970, 1, 2)


@pytest.mark.parametrize("source", SOURCES)
def test_a_loaded_series_copies_when_written(round_trip, source):
    series = pd.Series(np.arange(4.0), name="x", index=pd.Index(list("abcd"), name="k"))
    back = round_trip(source, series)
    back.iloc[0] = 9.0
    back["b"] += 1
    assert back.tolist() == [9.0, 2.0, 2.0, 3.0]
    categories = round_trip(source, pd.Series(pd.Categorical(["a", "b"]), name="c"), name="c")
    categories.iloc[0] = "b"
    assert categories.tolist() == ["b", "b"]
    pd.testing.assert_series_equal(round_trip(source, series, name="again"), series)


def test_a_series_in_the_store_views_its_segment(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(pd.Series(np.arange(1000.0), name="y"), "y")
        values = store.load("y").to_numpy()
        assert in_store(store, values.__array_interface__["data"][0], values.nbytes) and not values.flags.writeable


def test_the_kedro_datasets_take_a_series(tmp_path, store_path):
    pytest.importorskip("kedro", reason="scripts/test-python installs kedro")
    from datasetsdk.kedro import ObjectDataset, PickleDataset, SharedMemoryDataset
    series = indexed_series()
    for dataset in (ObjectDataset(filepath=str(tmp_path / "y.dso")), PickleDataset(filepath=str(tmp_path / "y.dso.zst")),
                    SharedMemoryDataset(object_name="y_train", store=store_path)):
        dataset.save(series)
        pd.testing.assert_series_equal(dataset.load(), series, check_exact=True)


def test_unstorable_series_names_and_values_are_refused():
    with pytest.raises(ds.ObjectError, match="Series name must be a str, int, float, bool or None, found tuple"):
        ds.encode(pd.Series([1, 2], name=("a", "b")))
    with pytest.raises(ds.ObjectError, match="Series 'p': dtype period"):
        ds.encode(pd.Series(pd.period_range("2020", periods=2, freq="M"), name="p"))
    with pytest.raises(ds.ObjectError, match="categories: dtype interval"):
        ds.encode(pd.Series(pd.Categorical(pd.interval_range(0, 2))))


# ---------------------------------------------------------------------------------------------
# Without pandas: datasetsdk.frames.columns and the array classes


def test_columns_gives_raw_values_with_their_type_information(tmp_path):
    path = tmp_path / "frame.dso"
    ds.save(typed_frame(), path)
    columns = ds.frames.columns(ds.read(path))
    stamps, valid = columns["ts_paris"]
    assert isinstance(stamps, ds.TimestampArray) and (stamps.unit, stamps.timezone) == ("ms", "Europe/Paris")
    assert stamps.values.dtype == np.int64 and stamps.values[1] == NAT and valid.tolist() == [True, False] + [True] * 3
    assert stamps.to_numpy().dtype == np.dtype("M8[ms]") and np.isnat(stamps.to_numpy()[1])
    durations = columns["dur_s"][0]
    assert isinstance(durations, ds.DurationArray) and durations.to_numpy()[0] == np.timedelta64(3600, "s")
    dates = columns["date"][0]
    assert dates.values.dtype == np.int32 and dates.to_numpy()[0] == np.datetime64("2020-02-29")
    decimals = columns["dec"][0]
    assert (decimals.precision, decimals.scale) == (10, 2) and decimals.to_list()[:3] == [D("123.45"), None, D("-0.01")]
    assert decimals.values["low"].tolist()[0] == 12345
    categorical, valid = columns["cat_ord"]
    assert isinstance(categorical, ds.DictionaryArray) and categorical.ordered and valid.tolist()[3] is False
    assert categorical.codes.tolist() == [2, 1, 0, -1, 2] and categorical.categories.tolist() == [1, 2, 3]
    assert categorical.to_numpy().tolist() == [3, 2, 1, None, 3]
    assert columns["cat"][0].to_numpy().tolist() == ["RL", "RM", None, "FV", "RL"]


def test_standalone_arrays_save_and_load_as_their_classes(tmp_path):
    stamps = ds.TimestampArray(np.array([0, NAT, 5], dtype="<i8"), "us", "UTC", np.array([True, False, True]))
    ds.save(stamps, tmp_path / "t.dso")
    back = ds.load(tmp_path / "t.dso")
    assert isinstance(back, ds.TimestampArray) and back.timezone == "UTC" and back.valid.tolist() == [True, False, True]
    assert "unit='us'" in repr(back) and "NaT" in repr(back)


# ---------------------------------------------------------------------------------------------
# Hostile files: every checked rule broken


def timestamps(values, unit="ns", **fields):
    return ds.StoredObject("datasetsdk.TimestampArray", fields={"length": len(values), "unit": unit, **fields},
                           blobs={"data": np.array(values, dtype="<i8")})


def durations(values, unit="us"):
    return ds.StoredObject("datasetsdk.DurationArray", fields={"length": len(values), "unit": unit},
                           blobs={"data": np.array(values, dtype="<i8")})


def decimals(unscaled, precision=5, scale=2):
    words = np.zeros(len(unscaled), dtype=DECIMAL_WORDS)
    words["low"] = [value & (2 ** 64 - 1) for value in unscaled]
    words["high"] = [value >> 64 for value in unscaled]
    return ds.StoredObject("datasetsdk.DecimalArray", fields={"length": len(unscaled), "precision": precision, "scale": scale},
                           blobs={"data": words})


def dictionary(codes, categories=("a", "b", "c"), dtype="int8", **fields):
    tensor = ds.StoredObject("datasetsdk.Tensor", fields={"dtype": dtype, "shape": [len(codes)]},
                             blobs={"data": np.array(codes, dtype=dtype)})
    if not isinstance(categories, ds.StoredObject):
        categories = ds.encode(ds.StringArray.from_strings(categories))
    return ds.StoredObject("datasetsdk.DictionaryArray", fields={"length": len(codes), **fields},
                           members={"codes": tensor, "categories": categories})


def changed(obj, change):
    change(obj)
    return obj


FIVE = [1, 2, 3, 4, 5]
HOSTILE = {
    "unit": (timestamps(FIVE, "h"), r"TimestampArray: field 'x/unit' must be one of s, ms, us, ns, found 'h'"),
    "unit missing": (changed(timestamps(FIVE), lambda o: o.fields.pop("unit")), r"field 'unit' is missing"),
    "duration unit": (durations(FIVE, "weeks"), r"DurationArray: field 'x/unit' must be one of .* found 'weeks'"),
    "data size": (changed(timestamps(FIVE), lambda o: o.blobs.update(data=memoryview(bytes(32)))),
                  r"blob 'x/data' has 32 bytes; 5 rows of int64 need 40"),
    "present NaT": (timestamps([1, 2, NAT, 4, 5]), r"TimestampArray: blob 'x/data': row 2 is present but holds -2\^63"),
    "present NaT after a null": (with_validity(timestamps([NAT, 2, 3, NAT, 5]), [False, True, True, True, True]),
                                 r"TimestampArray: blob 'x/data': row 3 is present"),
    "duration NaT": (durations([NAT, 1, 2, 3, 4]), r"DurationArray: blob 'x/data': row 0 is present but holds -2\^63"),
    "timezone type": (timestamps(FIVE, timezone=3), r"field 'x/timezone' must be a string, found 3"),
    "validity size": (changed(timestamps(FIVE), lambda o: o.blobs.update(validity=memoryview(b""))),
                      r"blob 'x/validity' has 0 bytes, 5 rows need 1"),
    "date size": (ds.StoredObject("datasetsdk.DateArray", fields={"length": 5}, blobs={"data": bytes(16)}),
                  r"DateArray: blob 'x/data' has 16 bytes; 5 rows of int32 need 20"),
    "precision 0": (decimals(FIVE, precision=0), r"field 'x/precision' must be an int from 1 to 38, found 0"),
    "precision 39": (decimals(FIVE, precision=39), r"field 'x/precision' must be an int from 1 to 38, found 39"),
    "precision text": (decimals(FIVE, precision="5"), r"field 'x/precision' must be an int .* found '5'"),
    "scale 39": (decimals(FIVE, scale=39), r"field 'x/scale' must be an int from -38 to 38, found 39"),
    "scale -39": (decimals(FIVE, scale=-39), r"field 'x/scale' must be an int from -38 to 38, found -39"),
    "overflow": (decimals([1, 100000, 3, 4, 5]), r"blob 'x/data': row 1 holds 100000 \(unscaled\), 5 digits .*precision overflow"),
    "negative overflow": (decimals([1, 2, 3, 4, -99999 - 1]), r"row 4 holds -100000 \(unscaled\).*precision overflow"),
    "128-bit overflow": (decimals([1, 2, -(2 ** 127), 4, 5], precision=38), r"row 2 holds -17014118346046923173168730371588410572"),
    "decimal size": (changed(decimals(FIVE), lambda o: o.blobs.update(data=memoryview(bytes(79)))),
                     r"DecimalArray: blob 'x/data' has 79 bytes; 5 rows of 128-bit integers need 80"),
    "code out of range": (dictionary([0, 1, 2, 3, 0]), r"blob 'x/codes/data': row 3 holds code 3, outside 0...2 \(3 categories\)"),
    "negative code": (dictionary([0, 1, -1, 2, 0], dtype="int64"), r"blob 'x/codes/data': row 2 holds code -1"),
    "code of a null row is not checked but a present one is": (
        with_validity(dictionary([99, 1, 2, 0, 7]), [False, True, True, True, True]), r"blob 'x/codes/data': row 4 holds code 7"),
    "codes dtype": (dictionary([0.0, 1.0, 2.0, 0.0, 1.0], dtype="float64"), r"member 'x/codes': dtype must be one of int8"),
    "codes shape": (changed(dictionary(FIVE), lambda o: o.members["codes"].fields.update(shape=[1, 5])),
                    r"member 'x/codes': shape must be \[5\] \(the dictionary's length\), found \[1, 5\]"),
    "codes type": (changed(dictionary(FIVE), lambda o: o.members.update(codes=ds.encode(ds.StringArray.from_strings(["a"])))),
                   r"member 'x/codes': must be a datasetsdk.Tensor, found datasetsdk.StringArray"),
    "null category": (dictionary([0, 1, 0, 1, 0], ds.encode(ds.StringArray.from_strings(["a", None]))),
                      r"blob 'x/categories/validity': row 1 is null; categories must not be null"),
    "dictionary categories": (dictionary([0, 0, 0, 0, 0], dictionary([0], ("a",))),
                              r"member 'x/categories': categories cannot be a datasetsdk.DictionaryArray"),
    "bad categories": (dictionary([0, 0, 0, 0, 0], timestamps([1], "days")),
                       r"member 'x/categories': datasetsdk.TimestampArray: field 'x/categories/unit'"),
    "unknown categories": (dictionary([0, 0, 0, 0, 0], ds.StoredObject("datasetsdk.Bogus")),
                           r"member 'x/categories': a column must be one of .* found datasetsdk.Bogus"),
    "ordered": (dictionary([0, 0, 0, 0, 0], ordered="yes"), r"field 'x/ordered' must be a bool, found 'yes'"),
    "length": (timestamps([1, 2, 3, 4]), r"4 rows, the frame's row_count is 5"),
    "unknown type": (ds.StoredObject("datasetsdk.Bogus", fields={"length": 5}),
                     r"a column must be one of datasetsdk.Tensor, .*datasetsdk.DictionaryArray, found datasetsdk.Bogus"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_column_is_refused_naming_the_column_what_and_where(tmp_path, case):
    column, message = HOSTILE[case]
    path = tmp_path / "hostile.dso"
    ds.write(frame_object({"ok": ds.encode(np.arange(5)), "x": column}), path)
    with pytest.raises(ds.ObjectError, match="datasetsdk.DataFrame: column 'x': .*" + message):
        ds.load(path)
    with pytest.raises(ds.ObjectError, match=message):
        ds.frames.columns(ds.read(path))


def test_repeated_categories_are_the_writers_duty_and_pandas_refuses_them_clearly(tmp_path):
    ds.write(frame_object({"x": dictionary([0, 1, 0, 1, 0], ("a", "a"))}), tmp_path / "repeated.dso")
    assert ds.frames.columns(ds.read(tmp_path / "repeated.dso"))["x"][0].to_numpy().tolist() == ["a"] * 5  # not checked
    with pytest.raises(ds.ObjectError, match="column 'x': member 'categories': not usable as pandas categories .*unique"):
        ds.load(tmp_path / "repeated.dso")


def test_a_null_row_may_hold_anything_that_is_not_checked(tmp_path):
    column = with_validity(decimals([1, 10 ** 30, 3, 4, 5]), [True, False, True, True, True])
    ds.write(frame_object({"x": column}), tmp_path / "ok.dso")
    assert ds.load(tmp_path / "ok.dso")["x"].isna().tolist() == [False, True, False, False, False]


def test_store_objects_are_trusted_as_their_writer_checked_them(store_path):
    with ds.SharedMemoryStore.open(store_path) as store:
        store.put(frame_object({"x": timestamps([1, 2, NAT, 4, 5])}), "unchecked")
        assert store.load("unchecked")["x"].isna().tolist() == [False, False, True, False, False]


def series_object(values, length=5, **members):
    return ds.StoredObject("datasetsdk.Series", fields={"name": "y", "length": length}, members={"values": values, **members})


@pytest.mark.parametrize("obj, message", [
    (series_object(ds.StoredObject("datasetsdk.Bogus")), r"member 'values': a column must be one of .* found datasetsdk.Bogus"),
    (series_object(timestamps([1, NAT, 3, 4, 5])), r"member 'values': datasetsdk.TimestampArray: blob 'values/data': row 1"),
    (series_object(ds.encode(np.arange(4))), r"member 'values': 4 rows, the series' length is 5"),
    (series_object(ds.encode(np.arange(5)), index=ds.encode(np.arange(5))), r"member 'index' must be a datasetsdk.DataFrame"),
    (series_object(ds.encode(np.arange(5)), index=frame_object({"k": ds.encode(np.arange(4))}, rows=4)),
     r"member 'index' has 4 rows, the series' length is 5"),
    (series_object(ds.encode(np.arange(5)), index=frame_object({"k": durations(FIVE, "h")})),
     r"member 'index': datasetsdk.DataFrame: column 'k': datasetsdk.DurationArray: field 'k/unit'"),
    (changed(series_object(ds.encode(np.arange(5))), lambda o: o.fields.update(name=[1])), r"field 'name' must be a string"),
])
def test_a_hostile_series_is_refused_naming_what_is_wrong(tmp_path, obj, message):
    ds.write(obj, tmp_path / "series.dso")
    with pytest.raises(ds.ObjectError, match="datasetsdk.Series: " + message):
        ds.load(tmp_path / "series.dso")

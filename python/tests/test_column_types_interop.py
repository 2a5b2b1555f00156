"""Column types across languages (issue #19): Python reads the samples Swift writes
("frame_types", "series", "series_indexed" of InteropSamples.swift, restated in samples.py)
with the pandas dtypes docs/python.md promises, whatever Swift stored at null rows; and Swift's
typed decoders (DatasetTestHelper interop-describe) read what Python writes."""

import datetime
import decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import datasetsdk as ds
from samples import FRAME_TYPES, FRAME_TYPES_CATEGORIES, FRAME_TYPES_DECIMAL_TEXT, SERIES, SERIES_INDEXED
from through import load_sample, write_and_describe

D = decimal.Decimal
SOURCES = ["dso", "dso.zst", "store"]
NAT = int(np.iinfo(np.int64).min)
DTYPES = {"ts_ns": "datetime64[ns]", "ts_utc_ms": "datetime64[ms, UTC]", "ts_paris_s": "datetime64[s, Europe/Paris]",
          "dur_us": "timedelta64[us]", "date": "date32[day][pyarrow]", "dec": "decimal128(10, 2)[pyarrow]",
          "cat": "category", "cat_ord": "category"}


def raw(name) -> list:
    return FRAME_TYPES[name][1]


def counts(name, unit, kind="M8"):
    return np.array([NAT if value is None else value for value in raw(name)], dtype="<i8").view(f"{kind}[{unit}]")


def expected_frame_types() -> pd.DataFrame:
    """The frame Swift writes, built in pandas from the raw values of samples.py."""
    dates = pa.array([None if value is None else value for value in raw("date")], pa.int32()).cast(pa.date32())
    return pd.DataFrame({
        "ts_ns": pd.Series(counts("ts_ns", "ns")),
        "ts_utc_ms": pd.Series(counts("ts_utc_ms", "ms")).dt.tz_localize("UTC"),
        "ts_paris_s": pd.Series(counts("ts_paris_s", "s")).dt.tz_localize("UTC").dt.tz_convert("Europe/Paris"),
        "dur_us": pd.Series(counts("dur_us", "us", "m8")),
        "date": pd.Series(pd.arrays.ArrowExtensionArray(dates)),
        "dec": pd.Series([None if text is None else D(text) for text in FRAME_TYPES_DECIMAL_TEXT],
                         dtype=pd.ArrowDtype(pa.decimal128(10, 2))),
        "cat": pd.Series(pd.Categorical(raw("cat"), categories=pd.Index(FRAME_TYPES_CATEGORIES["cat"], dtype="str"))),
        "cat_ord": pd.Series(pd.Categorical(raw("cat_ord"), ordered=True,
                                            categories=pd.Index(FRAME_TYPES_CATEGORIES["cat_ord"], dtype="int64"))),
    })


# ---------------------------------------------------------------------------------------------
# Swift writes, Python reads


@pytest.mark.parametrize("source", SOURCES)
def test_swift_column_types_load_with_their_pandas_dtypes_values_and_nulls(swift_samples, source):
    frame = load_sample(swift_samples, source, "frame_types")
    assert list(frame.columns) == list(FRAME_TYPES)
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == DTYPES
    pd.testing.assert_frame_equal(frame, expected_frame_types(), check_exact=True)
    for name in FRAME_TYPES:
        assert frame[name].isna().tolist() == [value is None for value in raw(name)], name
    for name in ("ts_ns", "ts_utc_ms", "ts_paris_s", "dur_us"):  # NaT (-2^63) at the null row, whatever Swift stored there
        assert frame[name].array.asi8.tolist() == [NAT if value is None else value for value in raw(name)], name
    assert frame["cat"].cat.categories.dtype == "str" and not frame["cat"].cat.ordered
    assert frame["cat_ord"].cat.categories.dtype == np.int64 and frame["cat_ord"].cat.ordered
    assert frame["cat"].cat.codes.tolist() == [0, 1, -1, 2, 0] and frame["cat_ord"].cat.codes.tolist() == [2, 1, 0, -1, 2]


@pytest.mark.parametrize("source", SOURCES)
def test_later_code_works_on_what_swift_wrote(swift_samples, source):
    frame = load_sample(swift_samples, source, "frame_types")
    assert frame["ts_ns"].iloc[1] == pd.Timestamp("2020-09-13 12:26:40.123456789")
    assert frame["ts_paris_s"].iloc[1].hour == 14 and frame["ts_paris_s"].dt.tz_convert("UTC").iloc[1].hour == 12
    assert frame["ts_utc_ms"].iloc[4] == pd.Timestamp("1969-12-31", tz="UTC")
    assert (frame["dur_us"] * 2).iloc[2] == pd.Timedelta(days=2) and frame["dur_us"].iloc[1] == pd.Timedelta(-1, unit="us")
    assert frame["date"].iloc[4] == datetime.date(9999, 12, 31) and frame["date"].dt.year.iloc[1] == 2020
    assert frame["dec"].sum() == D("100000123.43")
    assert (frame["cat_ord"] > 1).tolist() == [True, True, False, False, True] and frame["cat_ord"].max() == 3
    frame.loc[0, "cat"] = "FV"
    frame.loc[0, "ts_ns"] = pd.Timestamp("2001-01-01")
    frame.loc[0, "dur_us"] = pd.Timedelta("1s")
    assert frame.loc[0, "cat"] == "FV" and frame.loc[0, "ts_ns"].year == 2001 and frame.loc[0, "dur_us"].seconds == 1


def test_swift_column_types_without_pandas(swift_samples):
    folder, _ = swift_samples
    columns = ds.frames.columns(ds.read(f"{folder}/frame_types.dso"))
    stamps, valid = columns["ts_paris_s"]
    assert (stamps.unit, stamps.timezone) == ("s", "Europe/Paris") and valid.tolist() == [True, True, False, True, True]
    assert columns["dec"][0].to_list() == [None if text is None else D(text) for text in FRAME_TYPES_DECIMAL_TEXT]
    assert columns["cat_ord"][0].codes.dtype == np.int16 and columns["cat_ord"][0].to_numpy().tolist() == raw("cat_ord")


@pytest.mark.parametrize("source", SOURCES)
def test_swift_series_load_as_pandas_series(swift_samples, source):
    name, values = SERIES
    series = load_sample(swift_samples, source, "series")
    pd.testing.assert_series_equal(series, pd.Series(values, name=name), check_exact=True)
    assert isinstance(series.index, pd.RangeIndex)
    name, values, index = SERIES_INDEXED
    indexed = load_sample(swift_samples, source, "series_indexed")
    [(level, numbers)] = index.items()
    expected = pd.Series(pd.Series(values, dtype="str").array, name=name, index=pd.Index(numbers, dtype="int64", name=level))
    pd.testing.assert_series_equal(indexed, expected, check_exact=True)
    assert indexed.name == 7 and type(indexed.name) is int


# ---------------------------------------------------------------------------------------------
# Python writes, Swift reads


def python_frame() -> pd.DataFrame:
    frame = expected_frame_types()
    frame["ts_plus"] = pd.Series(counts("ts_utc_ms", "ms")).dt.tz_localize("UTC").dt.tz_convert(
        datetime.timezone(datetime.timedelta(hours=5, minutes=30)))
    frame["odec"] = pd.Series([D("1.5"), None, D("-100"), np.nan, D("0.001")], dtype=object)
    frame["cat_ts"] = pd.Series(pd.Categorical(np.array([0, 1600000000, NAT, 2, 0], dtype="<i8").view("M8[s]")))
    frame["cat_obj"] = pd.Series(pd.Categorical(["b", "a", None, "b", "a"], categories=pd.Index(["b", "a"], dtype=object)))
    frame["boolean"] = pd.array([True, None, False, True, None], dtype="boolean")
    return frame


PYTHON_KINDS = {name: kind for name, (kind, _) in FRAME_TYPES.items()} | {
    "cat_ord": "dictionary<int8, int64, ordered>",  # pandas' codes for 3 categories are int8 (Swift wrote int16)
    "ts_plus": "timestamp[ms, +05:30]", "odec": "decimal128(6, 3)", "cat_ts": "dictionary<int8, timestamp[s]>",
    "cat_obj": "dictionary<int8, string>", "boolean": "bool",
}


@pytest.mark.parametrize("source", SOURCES)
def test_swift_reads_every_column_type_python_writes(helper, tmp_path, store_path, source):
    seen = write_and_describe(helper, tmp_path, store_path, source, python_frame())
    assert seen["type"] == "datasetsdk.DataFrame" and seen["row_count"] == 5
    columns = {column["name"]: column for column in seen["columns"]}
    assert list(columns) == list(python_frame().columns)
    assert {name: column["kind"] for name, column in columns.items()} == PYTHON_KINDS
    for name in FRAME_TYPES:
        expected = FRAME_TYPES_DECIMAL_TEXT if name == "dec" else raw(name)
        assert columns[name]["values"] == expected and columns[name]["null_count"] == 1, name
    assert columns["ts_plus"]["values"] == raw("ts_utc_ms")
    assert columns["odec"]["values"] == ["1.500", None, "-100.000", None, "0.001"] and columns["odec"]["null_count"] == 2
    assert columns["cat_ts"]["values"] == [0, 1600000000, None, 2, 0]
    assert columns["cat_obj"]["values"] == ["b", "a", None, "b", "a"]
    assert columns["boolean"]["values"] == [True, None, False, True, None] and columns["boolean"]["null_count"] == 2


@pytest.mark.parametrize("source", SOURCES)
def test_swift_reads_a_python_series_with_its_name_and_index(helper, tmp_path, store_path, source):
    name, values = SERIES
    seen = write_and_describe(helper, tmp_path, store_path, source, pd.Series(values, name=name))
    assert seen == {"type": "datasetsdk.Series", "name": name, "kind": "float64", "null_count": 0, "values": values}
    index = pd.MultiIndex.from_arrays([["x", "y", "z"], [10, 20, 30]], names=["key", None])
    series = pd.Series(pd.Categorical(["a", None, "a"]), name=7, index=index)
    seen = write_and_describe(helper, tmp_path, store_path, source, series, name="indexed")
    assert (seen["type"], seen["name"], seen["kind"], seen["null_count"]) == ("datasetsdk.Series", 7, "dictionary<int8, string>", 1)
    assert seen["values"] == ["a", None, "a"]
    assert seen["index"] == [
        {"name": "key", "kind": "string", "null_count": 0, "values": ["x", "y", "z"]},
        {"name": "__index_level_1__", "kind": "int64", "null_count": 0, "values": [10, 20, 30]},
    ]

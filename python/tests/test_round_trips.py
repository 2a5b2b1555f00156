"""Nothing changes on the way through (issue #17, item 0): a frame saved and loaded gives back
the same values, the same missing value in every null row (NaN, None, pd.NA) and the same
dtypes, in .dso, .dso.zst and the store; what later pandas and scikit-learn code does with a
loaded frame is what it does with the pickled one; loaded frames are ordinary frames under
copy-on-write."""

import pickle

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import housing
from through import exact

SOURCES = ["dso", "dso.zst", "store"]



@pytest.mark.parametrize("source", SOURCES)
def test_the_issue_repro_gives_back_nan_not_none(round_trip, source):
    frame = pd.DataFrame({"s": pd.Series(["a", "a", np.nan, "b"], dtype=object)})
    back = round_trip(source, frame)
    assert back["s"].dtype == object and exact(back["s"]) == ["a", "a", "NaN", "b"]


@pytest.mark.parametrize("source", SOURCES)
def test_every_null_kind_and_text_dtype_comes_back_as_saved(round_trip, source):
    frame = pd.DataFrame({
        "nan": pd.Series(["x", np.nan, "y", np.nan], dtype=object),
        "none": pd.Series(["x", None, "y", None], dtype=object),
        "na": pd.Series(["x", pd.NA, "y", "z"], dtype=object),
        "mixed": pd.Series([None, np.nan, pd.NA, "日本語"], dtype=object),
        "all_null": pd.Series([None, None, np.nan, None], dtype=object),
        "distinct": pd.Series([f"v{i}" for i in range(4)], dtype=object),
        "str": pd.Series(["p", None, "q", "r"], dtype="str"),
        "str_python": pd.Series(["p", None, "q", "r"], dtype=pd.StringDtype("python", na_value=np.nan)),
        "string_python": pd.Series(["p", None, "q", "r"], dtype="string[python]"),
        "string_pyarrow": pd.Series(["p", None, "q", "r"], dtype="string[pyarrow]"),
        "large_string": pd.Series(["p", None, "q", "r"], dtype=pd.ArrowDtype(pa.large_string())),
        "utf8": pd.Series(["p", None, "q", "é"], dtype=pd.ArrowDtype(pa.string())),
        "float": [1.5, np.nan, 3.0, np.nan],
        "Int64": pd.array([1, None, 3, 4], dtype="Int64"),
        "boolean": pd.array([True, None, False, True], dtype="boolean"),
    })
    back = round_trip(source, frame)
    pd.testing.assert_frame_equal(back, frame)
    assert back.dtypes.to_dict() == frame.dtypes.to_dict()
    for name in ("nan", "none", "na", "mixed", "all_null", "distinct"):
        assert exact(back[name]) == exact(frame[name]), name


@pytest.mark.parametrize("source", ["dso", "store"])
def test_the_arrow_strings_option_loads_object_text_as_arrow_str(round_trip, source):
    frame = pd.DataFrame({"s": pd.Series(["a", None, "b"], dtype=object), "n": [1, 2, 3]})
    back = round_trip(source, frame, arrow_strings=True)
    assert back["s"].dtype == pd.StringDtype("pyarrow", na_value=np.nan)
    assert back["s"].tolist()[0] == "a" and back["s"].isna().tolist() == [False, True, False]


def test_the_house_prices_nodes_give_what_pickle_gives(round_trip):
    for text in ("object", "str"):
        pickled = housing.run(housing.raw_frame(text), lambda value, name: pickle.loads(pickle.dumps(value)))
        stored = housing.run(housing.raw_frame(text), lambda value, name: round_trip("store", value, name))
        for name, expected in pickled.items():
            pd.testing.assert_frame_equal(stored[name], expected, obj=f"{name} ({text} text)")
        no_na = stored["house_prices_no_na"]
        assert not no_na.isna().any().any()
        if housing.csv_path():
            assert no_na.loc[1379, "Electrical"] == "SBrkr"  # the row the issue found empty


@pytest.mark.parametrize("source", SOURCES)
def test_writing_to_a_loaded_frame_copies_the_column_instead_of_raising(round_trip, source):
    frame = pd.DataFrame({"LotArea": np.arange(5, dtype=np.int64), "f": [1.0, np.nan, 2, 3, 4],
                          "s": pd.Series(["a", None, "b", "c", "d"], dtype=object),
                          "t": pd.Series(["a", None, "b", "c", "d"], dtype="str"),
                          "n": pd.array([1, None, 3, 4, 5], dtype="Int64")})
    back = round_trip(source, frame)
    back.loc[0, "LotArea"] = 0
    back.loc[1, "f"] = 7.0
    back.loc[0, "s"] = "zz"
    back.loc[0, "t"] = "zz"
    back.loc[1, "n"] = 9
    back.iloc[2, 0] = 42
    back["LotArea"] += 1
    assert back["LotArea"].tolist() == [1, 2, 43, 4, 5] and back.loc[1, "f"] == 7.0
    assert back["s"].tolist()[:2] == ["zz", None] and back.loc[0, "t"] == "zz" and back.loc[1, "n"] == 9
    again = round_trip(source, frame, name="again")
    series = round_trip(source, frame, name="other")["LotArea"]
    series.iloc[0] = -1  # a Series taken from a loaded frame copies too
    assert series.iloc[0] == -1
    back.loc[0, "LotArea"] = 5  # the first frame's copy is its own
    assert again["LotArea"].tolist() == [0, 1, 2, 3, 4]  # what a save had stored did not change
    filled = round_trip(source, frame, name="filled")
    filled.fillna({"f": 0.0}, inplace=True)
    assert filled["f"].tolist() == [1.0, 0.0, 2, 3, 4]


def test_a_frame_with_every_dtype_survives_a_second_round_trip_unchanged(round_trip):
    frame = pd.DataFrame({"s": pd.Series(["a", None, np.nan], dtype=object), "i": [1, 2, 3]})
    once = round_trip("store", frame, name="once")
    twice = round_trip("store", once, name="twice")
    assert exact(twice["s"]) == ["a", "None", "NaN"]
    pd.testing.assert_frame_equal(twice, frame)

"""Swift writes every built-in type (InteropSamples.swift) as .dso, .dso.zst and store objects;
Python reads each and checks values, nulls and dtypes."""

import math

import numpy as np
import pandas as pd
import pytest

import datasetsdk as ds
from samples import BYTES, FRAME_COLUMNS, FRAME_NULL_ROWS, FRAME_S, FRAME_SN, RECORD, STRINGS, TENSORS
from through import load_sample

SOURCES = ["dso", "dso.zst", "store"]


def same(actual, expected) -> bool:
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    return actual == expected


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("dtype", sorted(TENSORS))
def test_tensor_of_every_dtype_keeps_values_shape_and_dtype(swift_samples, source, dtype):
    array = load_sample(swift_samples, source, f"tensor_{dtype}")
    assert isinstance(array, np.ndarray)
    assert array.dtype == np.dtype(dtype)
    assert array.shape == (2, 3)
    expected = TENSORS[dtype]
    actual = array.reshape(-1).tolist()
    if dtype.startswith("float"):
        expected = [float(np.dtype(dtype).type(x)) for x in expected]
    assert all(same(a, e) for a, e in zip(actual, expected)), (actual, expected)


@pytest.mark.parametrize("source", SOURCES)
def test_scalar_empty_and_three_dimensional_tensors(swift_samples, source):
    scalar = load_sample(swift_samples, source, "tensor_scalar")
    assert scalar.shape == () and scalar.dtype == np.float64 and float(scalar) == 3.25
    empty = load_sample(swift_samples, source, "tensor_empty")
    assert empty.shape == (0,) and empty.dtype == np.int32
    cube = load_sample(swift_samples, source, "tensor_3d")
    assert cube.shape == (2, 3, 4) and cube[1, 2, 3] == 23 and cube[0, 1, 0] == 4


@pytest.mark.parametrize("source", SOURCES)
def test_loaded_tensors_are_read_only_views_not_copies(swift_samples, source):
    array = load_sample(swift_samples, source, "tensor_float64")
    assert not array.flags.writeable
    assert not array.flags.owndata  # a view of the mapped file / store segment / decompressed buffer
    with pytest.raises(ValueError):
        array[0, 0] = 1


@pytest.mark.parametrize("source", SOURCES)
def test_string_array_keeps_unicode_and_empty_strings(swift_samples, source):
    strings = load_sample(swift_samples, source, "strings")
    assert isinstance(strings, ds.StringArray)
    assert strings.to_list() == STRINGS
    assert len(strings) == 6 and strings[3] == "日本語" and strings[-1] == "line\nbreak"


@pytest.mark.parametrize("use_pyarrow", [None, False])
@pytest.mark.parametrize("source", SOURCES)
def test_frame_columns_keep_values_nulls_and_dtypes(swift_samples, source, use_pyarrow):
    folder, store = swift_samples
    if source == "store":
        with ds.SharedMemoryStore.open(store) as opened:
            frame = ds.frames.to_pandas(opened.get("frame"), use_pyarrow=use_pyarrow)
    else:
        frame = ds.frames.to_pandas(ds.read(f"{folder}/frame.{source}"), use_pyarrow=use_pyarrow)
    assert len(frame) == 5
    assert list(frame.columns) == [f"{p}_{d}" for d in FRAME_COLUMNS for p in ("c", "n")] + ["s", "sn"]
    for dtype, values in FRAME_COLUMNS.items():
        dense = frame[f"c_{dtype}"]
        assert dense.dtype == np.dtype(dtype), dtype
        expected = [float(np.dtype(dtype).type(v)) for v in values] if dtype.startswith("float") else values
        assert dense.tolist() == expected, dtype
        nullable = frame[f"n_{dtype}"]
        assert nullable.isna().tolist() == [i in FRAME_NULL_ROWS for i in range(5)], dtype
        if dtype.startswith("float"):
            assert nullable.dtype == np.dtype(dtype)  # NaN marks the nulls, as pandas does
        else:
            assert str(nullable.dtype) == {"bool": "boolean"}.get(dtype, dtype.capitalize().replace("Uint", "UInt"))
        for row in range(5):
            if row not in FRAME_NULL_ROWS:
                assert nullable.iloc[row] == expected[row], (dtype, row)
    assert frame["s"].tolist() == FRAME_S
    assert [None if pd.isna(v) else v for v in frame["sn"].tolist()] == FRAME_SN
    assert pd.api.types.is_string_dtype(frame["s"].dtype)


@pytest.mark.parametrize("source", SOURCES)
def test_empty_frame_keeps_its_columns(swift_samples, source):
    frame = load_sample(swift_samples, source, "frame_empty")
    assert list(frame.columns) == ["i", "s"] and len(frame) == 0
    assert frame["i"].dtype == np.int64


@pytest.mark.parametrize("source", SOURCES)
def test_record_keeps_every_value_kind(swift_samples, source):
    record = load_sample(swift_samples, source, "record")
    assert record == RECORD
    assert isinstance(record["big"], ds.uint) and not isinstance(record["count"], ds.uint)


@pytest.mark.parametrize("source", SOURCES)
def test_bytes_are_a_read_only_view(swift_samples, source):
    data = load_sample(swift_samples, source, "bytes")
    assert isinstance(data, memoryview) and data.readonly
    assert bytes(data) == BYTES


@pytest.mark.parametrize("source", SOURCES)
def test_codable_struct_reads_as_a_dict_with_promoted_arrays(swift_samples, source):
    value = load_sample(swift_samples, source, "codable")
    assert value["name"] == "model" and value["count"] == 7 and value["ratio"] == 0.5
    assert value["flags"] == [True, False]
    assert "missing" not in value  # a nil optional is left out
    assert isinstance(value["series"], np.ndarray) and value["series"].dtype == np.float64
    np.testing.assert_array_equal(value["series"], np.arange(1000) / 4)
    assert value["inner"]["label"] == "inner" and value["inner"]["weights"] == [1, -2, 3]
    assert load_sample(swift_samples, source, "codable_single") == [1.5, 2.5, -3.0]


def test_metadata_is_readable_without_decoding(swift_samples):
    folder, _ = swift_samples
    obj = ds.read(f"{folder}/frame.dso", verify=False)
    assert obj.type_name == "datasetsdk.DataFrame" and obj.format_version == 1000 and len(obj.id) == 16
    assert obj.members["n_int32"].fields["null_count"] == 2
    assert obj.total_bytes == sum(view.nbytes for _, view in obj.iter_blobs())

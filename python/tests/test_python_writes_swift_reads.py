"""Python writes every built-in type as .dso, .dso.zst and store objects; Swift reads each with
its typed decoders (DatasetTestHelper interop-describe) and sees the same values."""

import math

import numpy as np
import pandas as pd
import pytest

import datasetsdk as ds
from samples import FRAME_COLUMNS, RECORD, STRINGS, TENSORS
from through import write_and_describe

SOURCES = ["dso", "dso.zst", "store"]


def swift_number(value):
    """Swift renders NaN and infinities as strings."""
    if isinstance(value, str):
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[value]
    return value


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("dtype", sorted(TENSORS))
def test_tensor_of_every_dtype(helper, tmp_path, store_path, source, dtype):
    array = np.array(TENSORS[dtype], dtype=dtype).reshape(3, 2)
    seen = write_and_describe(helper, tmp_path, store_path, source, array)
    assert seen["type"] == "datasetsdk.Tensor" and seen["dtype"] == dtype and seen["shape"] == [3, 2]
    values = [swift_number(v) for v in seen["values"]]
    expected = array.reshape(-1).tolist()
    assert len(values) == 6
    for a, e in zip(values, expected):
        assert (math.isnan(a) and math.isnan(e)) if isinstance(e, float) and math.isnan(e) else a == e, (values, expected)


@pytest.mark.parametrize("source", SOURCES)
def test_non_contiguous_and_big_endian_arrays_are_stored_as_their_values(helper, tmp_path, store_path, source):
    strided = np.arange(20, dtype=np.int64).reshape(4, 5)[:, ::2]
    assert write_and_describe(helper, tmp_path, store_path, source, strided)["values"] == strided.reshape(-1).tolist()
    big_endian = np.array([1.5, -2.0, 3.25], dtype=">f8")
    seen = write_and_describe(helper, tmp_path, store_path, source, big_endian, "big_endian")
    assert seen["dtype"] == "float64" and seen["values"] == [1.5, -2.0, 3.25]


@pytest.mark.parametrize("source", SOURCES)
def test_string_array(helper, tmp_path, store_path, source):
    seen = write_and_describe(helper, tmp_path, store_path, source, ds.StringArray.from_strings(STRINGS))
    assert seen == {"type": "datasetsdk.StringArray", "values": STRINGS}


def frame_with_every_dtype():
    data = {}
    for dtype, values in FRAME_COLUMNS.items():
        data[f"c_{dtype}"] = np.array(values, dtype=dtype)
    data["n_Int64"] = pd.array([1, None, 3, None, -5], dtype="Int64")
    data["n_UInt8"] = pd.array([None, 2, 3, 4, 255], dtype="UInt8")
    data["n_boolean"] = pd.array([True, None, False, True, None], dtype="boolean")
    data["n_float64"] = [1.5, np.nan, 3.0, np.nan, -0.5]
    data["n_Float32"] = pd.array([1.5, None, 3.0, 4.0, None], dtype="Float32")
    data["s_str"] = pd.Series(["RL", "RM", "C (all)", "FV", "日本語"], dtype="str")  # pandas 3's default string dtype
    data["sn_str"] = pd.Series(["Pave", None, "Grvl", np.nan, ""], dtype="str")
    data["s_object"] = pd.Series(["x", None, "z", "é", "w"], dtype=object)
    data["s_string"] = pd.Series(["p", pd.NA, "r", "s", "t"], dtype="string")
    return pd.DataFrame(data)


@pytest.mark.parametrize("use_pyarrow", [None, False])
@pytest.mark.parametrize("source", SOURCES)
def test_pandas_frame_with_every_dtype_strings_and_nulls(helper, tmp_path, store_path, source, use_pyarrow):
    frame = frame_with_every_dtype()
    obj = ds.frames.from_pandas(frame, use_pyarrow=use_pyarrow)
    seen = write_and_describe(helper, tmp_path, store_path, source, obj)
    assert seen["type"] == "datasetsdk.DataFrame" and seen["row_count"] == 5
    columns = {column["name"]: column for column in seen["columns"]}
    assert [column["name"] for column in seen["columns"]] == list(frame.columns)
    for dtype, values in FRAME_COLUMNS.items():
        column = columns[f"c_{dtype}"]
        assert column["kind"] == dtype and column["null_count"] == 0
        expected = [float(np.dtype(dtype).type(v)) for v in values] if dtype.startswith("float") else values
        assert [swift_number(v) for v in column["values"]] == expected, dtype
    assert columns["n_Int64"]["kind"] == "int64" and columns["n_Int64"]["values"] == [1, None, 3, None, -5]
    assert columns["n_UInt8"]["kind"] == "uint8" and columns["n_UInt8"]["values"] == [None, 2, 3, 4, 255]
    assert columns["n_boolean"]["kind"] == "bool" and columns["n_boolean"]["values"] == [True, None, False, True, None]
    assert columns["n_float64"]["values"] == [1.5, None, 3.0, None, -0.5] and columns["n_float64"]["null_count"] == 2
    assert columns["n_Float32"]["kind"] == "float32" and columns["n_Float32"]["values"] == [1.5, None, 3.0, 4.0, None]
    # Every value of a pandas-3 string column arrives (Vineyard 0.24.2 kept only the first).
    assert columns["s_str"]["kind"] == "string" and columns["s_str"]["values"] == ["RL", "RM", "C (all)", "FV", "日本語"]
    assert columns["sn_str"]["values"] == ["Pave", None, "Grvl", None, ""] and columns["sn_str"]["null_count"] == 2
    assert columns["s_object"]["values"] == ["x", None, "z", "é", "w"]
    assert columns["s_string"]["values"] == ["p", None, "r", "s", "t"]


@pytest.mark.parametrize("source", SOURCES)
def test_pandas_frame_round_trips_through_python_with_its_dtypes(tmp_path, store_path, source):
    frame = frame_with_every_dtype()
    if source == "store":
        with ds.SharedMemoryStore.open(store_path) as store:
            store.save(frame, "frame")
            back = store.load("frame")
    else:
        ds.save(frame, tmp_path / f"frame.{source}")
        back = ds.load(tmp_path / f"frame.{source}")
    pd.testing.assert_frame_equal(back, frame)


@pytest.mark.parametrize("source", SOURCES)
def test_record(helper, tmp_path, store_path, source):
    seen = write_and_describe(helper, tmp_path, store_path, source, RECORD)
    fields = seen["fields"]
    assert fields["raw"] == "b64:AAH+/w=="
    assert {k: v for k, v in fields.items() if k != "raw"} == {k: v for k, v in RECORD.items() if k != "raw"}


@pytest.mark.parametrize("source", SOURCES)
def test_bytes(helper, tmp_path, store_path, source):
    seen = write_and_describe(helper, tmp_path, store_path, source, b"\x00\x01hello\xff")
    assert seen == {"type": "datasetsdk.Bytes", "values": "b64:AAFoZWxsb/8="}


@pytest.mark.parametrize("source", ["dso", "dso.zst"])
def test_a_blob_used_twice_is_written_once(helper, tmp_path, store_path, source):
    column = np.arange(1000, dtype=np.float64)
    obj = ds.frames.from_pandas(pd.DataFrame({"a": column, "b": column}, copy=False))
    assert ds.objects.blob_address(obj.members["a"].blobs["data"]) == ds.objects.blob_address(obj.members["b"].blobs["data"])
    path = tmp_path / f"twice.{source}"
    ds.write(obj, path)
    read = ds.read(path)
    assert ds.objects.blob_address(read.members["a"].blobs["data"]) == ds.objects.blob_address(read.members["b"].blobs["data"])
    assert helper.describe(path)["columns"][1]["values"][999] == 999.0


def test_a_compressed_file_of_many_frames_is_read_by_swift_and_zstd(helper, tmp_path):
    # 64 KiB frames: several independent frames, then the seek table Swift checks them against.
    array = np.sin(np.arange(50_000, dtype=np.float64) / 100)
    path = tmp_path / "many.dso.zst"
    ds.save(array, path, frame_size=1 << 16, threads=2)
    table = ds.compressed.seek_table(path.read_bytes())
    assert table is not None and len(table) == 7
    assert all(content == 1 << 16 for _, content in table[:-1])
    seen = helper.describe(path)
    assert seen["shape"] == [50_000] and seen["values"][:3] == array[:3].tolist()
    assert ds.load(path).tolist() == array.tolist()
    single = tmp_path / "single.dso.zst"
    ds.save(array, single, frame_size=1 << 16, threads=0)
    assert [c for _, c in ds.compressed.seek_table(single.read_bytes())] == [c for _, c in table]

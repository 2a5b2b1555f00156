"""The C reader (Examples/CReader, protobuf-c) reads what Swift and Python write."""

import os
import shutil
import subprocess

import numpy as np
import pytest

import datasetsdk as ds

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def dso_info(tmp_path_factory):
    if shutil.which("cc") is None:
        pytest.fail("no C compiler: scripts/test-python installs build-essential")
    out = tmp_path_factory.mktemp("creader") / "dso_info"
    subprocess.run(["make", "-s", "-C", f"{ROOT}/Examples/CReader", f"OUT={out}"], check=True)
    return str(out)


def sums(output: str) -> dict:
    return {line.split()[1]: line.split(" = ")[1] for line in output.splitlines() if line.startswith("sum ")}


def test_c_reader_sums_a_tensor_written_by_swift(helper, dso_info, tmp_path):
    path = tmp_path / "tensor.dso"
    helper.run("write-tensor", path, 8)  # 8 MiB of float64 index values
    result = subprocess.run([dso_info, str(path)], capture_output=True, text=True, check=True)
    count = 8 << 17
    assert "type=datasetsdk.Tensor" in result.stdout and f"field shape = [{count}]" in result.stdout
    assert float(sums(result.stdout)["/"]) == count * (count - 1) / 2


def test_c_reader_sums_every_numeric_column_of_swift_samples(swift_samples, dso_info):
    folder, _ = swift_samples
    result = subprocess.run([dso_info, f"{folder}/frame.dso"], capture_output=True, text=True, check=True)
    seen = sums(result.stdout)
    assert seen["/c_int64"] == "-1"  # min + -1 + 0 + 1 + max wraps to -1
    assert seen["/n_int64"] == str(np.iinfo(np.int64).min + np.iinfo(np.int64).max)  # nulls skipped: min + 0 + max
    assert seen["/c_uint8"] == "300" and seen["/n_uint8"] == "257" and seen["/c_bool"] == "3"
    assert 'field columns = ["c_bool", "n_bool"' in result.stdout
    assert "object /s type=datasetsdk.StringArray" in result.stdout
    result = subprocess.run([dso_info, f"{folder}/tensor_int32.dso"], capture_output=True, text=True, check=True)
    assert sums(result.stdout)["/"] == "41"


def test_c_reader_prints_the_typed_columns_swift_writes(swift_samples, dso_info):
    folder, _ = swift_samples
    result = subprocess.run([dso_info, f"{folder}/frame_types.dso"], capture_output=True, text=True, check=True)
    values = {line.split()[1]: line.split(" = ", 1)[1] for line in result.stdout.splitlines() if line.startswith("values ")}
    assert values["/ts_ns"] == "[0, 1600000000123456789, null, -1, 86400000000000]"
    assert values["/ts_utc_ms"] == "[0, 1600000000123, 2, null, -86400000]"
    assert values["/dur_us"] == "[0, -1, 86400000000, null, 5]"
    assert values["/date"] == "[0, 18262, -1, null, 2932896]"
    assert values["/dec"] == "[123.45, -0.01, 0.00, null, 99999999.99]"
    assert 'field timezone = "Europe/Paris"' in result.stdout and 'field unit = "ns"' in result.stdout
    assert "object /cat/categories type=datasetsdk.StringArray" in result.stdout
    assert sums(result.stdout)["/cat_ord/categories"] == "6"


def test_c_reader_reads_python_written_containers(dso_info, tmp_path):
    path = tmp_path / "py.dso"
    ds.save(np.arange(1, 101, dtype=np.int16).reshape(10, 10), path)
    result = subprocess.run([dso_info, str(path)], capture_output=True, text=True, check=True)
    assert sums(result.stdout)["/"] == "5050" and 'field dtype = "int16"' in result.stdout


def test_c_reader_refuses_a_corrupted_file_naming_the_check(helper, dso_info, tmp_path):
    path = tmp_path / "bad.dso"
    helper.run("write-tensor", path, 1)
    data = bytearray(path.read_bytes())
    data[100] ^= 0x10  # inside the blob
    path.write_bytes(bytes(data))
    result = subprocess.run([dso_info, str(path)], capture_output=True, text=True)
    assert result.returncode == 1 and "blob checksum mismatch" in result.stderr and str(path) in result.stderr
    path.write_bytes(bytes(data[:-10]))
    result = subprocess.run([dso_info, str(path)], capture_output=True, text=True)
    assert result.returncode == 1 and "truncated" in result.stderr

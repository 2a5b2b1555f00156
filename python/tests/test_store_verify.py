"""Verifying loads (docs/shared-memory.md, "Integrity"): a bit flipped in a segment is served
as it is by a plain load and refused, naming the blob, by a verifying one, as in Swift; and
store keys are read in exactly the documented form."""

import glob
import os
import stat

import numpy as np
import pandas as pd
import pytest

import datasetsdk as ds
from datasetsdk.kedro import SharedMemoryDataset


def flip_a_byte_of(store_path: str, value: bytes) -> None:
    """Flips the first byte of `value` where it lies in a segment file (segments are sealed 0400)."""
    for path in glob.glob(f"{store_path}/segments/*"):
        data = open(path, "rb").read()
        at = data.find(value)
        if at >= 0:
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            with open(path, "r+b") as file:
                file.seek(at)
                file.write(bytes([data[at] ^ 0x01]))
            os.chmod(path, stat.S_IRUSR)
            return
    raise AssertionError("the value is in no segment")


def test_a_verifying_load_names_the_damaged_blob_and_a_plain_load_still_maps(store_path):
    frame = pd.DataFrame({"area": np.arange(1000, dtype=np.int64) + 8450, "zone": ["RL", "RM"] * 500})
    with ds.SharedMemoryStore.open(store_path) as store:
        store.save(frame, "houses")
        assert store.load("houses", verify=True).equals(frame)
        flip_a_byte_of(store_path, np.arange(8450, 8460, dtype=np.int64).tobytes())
        assert store.load("houses")["area"].iloc[0] != 8450  # served as it is
        with pytest.raises(ds.StoreError, match=r"holds a damaged copy of 'houses': 'houses' blob area/data at "
                                                r"\S+@\d+: CRC-32 is [0-9a-f]+, saved as [0-9a-f]+; save 'houses' again"):
            store.load("houses", verify=True)


def test_the_kedro_dataset_verifies_when_asked_and_rejects_a_bad_option(store_path):
    SharedMemoryDataset(object_name="t", store=store_path).save(np.arange(100, 200, dtype=np.int64))
    checked = SharedMemoryDataset(object_name="t", store=store_path, verify=True)
    assert checked.load().sum() == sum(range(100, 200)) and checked._describe()["verify"] is True
    flip_a_byte_of(store_path, np.arange(100, 110, dtype=np.int64).tobytes())
    with pytest.raises(Exception, match="damaged copy of 't'.*blob data"):
        checked.load()
    assert SharedMemoryDataset(object_name="t", store=store_path).load()[0] != 100
    with pytest.raises(Exception, match="verify must be true or false, found 'yes'"):
        SharedMemoryDataset(object_name="t", store=store_path, verify="yes")


def test_only_the_documented_store_key_form_parses():
    from datasetsdk.store.layout import split_blob_key
    segment = "0123456789abcdef" * 2
    assert split_blob_key(f"{segment}@4096") == (segment, 4096) and split_blob_key(f"{segment}@0") == (segment, 0)
    for bad in [f"{segment}@04096", f"{segment}@+1", f"{segment}@-1", f"{segment}@", f"{segment.upper()}@1",
                f"{segment[:-1]}@1", f"{segment}0@1", f"{segment}@1@2", f"{segment}@١", "@1", ""]:
        assert split_blob_key(bad) is None, bad

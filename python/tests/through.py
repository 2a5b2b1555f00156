"""Saving and loading through each place a value can live (a .dso file, a .dso.zst file, the
store), shared by the round-trip and interop tests."""

import decimal

import numpy as np
import pandas as pd

import datasetsdk as ds


def load_sample(swift_samples, source, name):
    """Sample `name` that Swift wrote (the `swift_samples` fixture), from `source`."""
    folder, store = swift_samples
    if source == "store":
        with ds.SharedMemoryStore.open(store) as opened:
            return opened.load(name)
    return ds.load(f"{folder}/{name}.{source}")


def put_and_load(tmp_path, store_path, source, obj, name="object", **options):
    """Writes the StoredObject `obj` as it is (no pandas conversion) to `source` and loads it
    back as a Python value."""
    if source == "store":
        with ds.SharedMemoryStore.open(store_path) as store:
            store.put(obj, name)
            return store.load(name, **options)
    ds.write(obj, tmp_path / f"{name}.{source}")
    return ds.load(tmp_path / f"{name}.{source}", **options)


def write_and_describe(helper, tmp_path, store_path, source, value, name="object"):
    """Saves `value` with Python to `source` and returns what Swift's decoders see of it."""
    if source == "store":
        with ds.SharedMemoryStore.open(store_path) as store:
            store.save(value, name)
        return helper.describe_store(store_path, name)
    path = tmp_path / f"{name}.{source}"
    ds.save(value, path)
    return helper.describe(path)


def exact(values) -> list:
    """The values with the kind of every missing value spelled out (NaN, None, pd.NA and
    Decimal NaN all compare equal in pandas; a round trip must keep which one a row held)."""
    def kind(value):
        if value is None:
            return "None"
        if value is pd.NA:
            return "NA"
        if isinstance(value, float) and np.isnan(value):
            return "NaN"
        if isinstance(value, decimal.Decimal) and value.is_nan():
            return "DecimalNaN"
        return value
    return [kind(value) for value in values]


def assert_same_results(actual: dict, expected: dict) -> None:
    """Each result of later code on a loaded value equals the one on the pickled value: frames and
    series exactly (dtypes included), scalars by type and repr (NaN and NA too)."""
    for name, value in expected.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(actual[name], value, check_exact=True, obj=name)
        elif isinstance(value, pd.Series):
            pd.testing.assert_series_equal(actual[name], value, check_exact=True, obj=name)
        else:
            assert type(actual[name]) is type(value) and repr(actual[name]) == repr(value), name

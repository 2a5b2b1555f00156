"""Fixtures for the interop tests: the Swift binaries (built by `swift build --build-tests`,
found through $DATASETSDK_BIN or `swift build --show-bin-path`), fresh stores on /dev/shm and
the samples Swift writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def pytest_configure(config):
    """scripts/test-python runs the tests against the wheel installed in a fresh virtual
    environment (DATASETSDK_EXPECT_INSTALLED=venv), not the source tree."""
    expected = os.environ.get("DATASETSDK_EXPECT_INSTALLED")
    if expected:
        import datasetsdk
        where = os.path.abspath(datasetsdk.__file__)
        if where.startswith(os.path.join(ROOT, "python") + os.sep):
            raise pytest.UsageError(f"datasetsdk was imported from the source tree ({where}), not from the installed wheel")
        if expected == "venv" and (sys.prefix == sys.base_prefix or not where.startswith(os.path.abspath(sys.prefix) + os.sep)):
            raise pytest.UsageError(f"datasetsdk was imported from {where}, not from the virtual environment "
                                    f"scripts/test-python made ({sys.prefix})")


def _bin_path() -> str:
    path = os.environ.get("DATASETSDK_BIN")
    if not path:
        path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout.strip()
    return path


@pytest.fixture(scope="session")
def bin_path() -> str:
    path = _bin_path()
    for tool in ("DatasetTestHelper", "PipelineFixture"):
        if not os.path.exists(os.path.join(path, tool)):
            pytest.fail(f"{path}/{tool} is missing: run `swift build --build-tests` first (scripts/test does)")
    return path


class Helper:
    """Runs DatasetTestHelper subcommands."""

    def __init__(self, path: str):
        self.path = path

    def run(self, *arguments, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([self.path, *map(str, arguments)], capture_output=True, text=True, timeout=600)
        if check and result.returncode != 0:
            raise AssertionError(f"DatasetTestHelper {' '.join(map(str, arguments))} failed: {result.stderr}")
        return result

    def fields(self, *arguments) -> dict:
        """The `key=value` line a store-* command prints."""
        line = self.run(*arguments).stdout.strip().splitlines()[-1]
        return dict(item.split("=", 1) for item in line.split())

    def describe(self, path) -> dict:
        return json.loads(self.run("interop-describe", path).stdout)

    def describe_store(self, store, name) -> dict:
        return json.loads(self.run("interop-describe-store", store, name).stdout)


@pytest.fixture(scope="session")
def helper(bin_path) -> Helper:
    return Helper(os.path.join(bin_path, "DatasetTestHelper"))


def _fresh_store_path() -> str:
    return f"/dev/shm/datasetsdk-pytest-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def store_path():
    path = _fresh_store_path()
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def swift_samples(helper, tmp_path_factory):
    """(folder, store) holding every sample Swift writes (InteropSamples.swift)."""
    folder = tmp_path_factory.mktemp("swift-samples")
    store = _fresh_store_path()
    helper.run("interop-write-samples", folder, store)
    yield str(folder), store
    shutil.rmtree(store, ignore_errors=True)


@pytest.fixture
def round_trip(tmp_path, store_path):
    """`through(source, value, name="value", **load_options)`: saves `value` to a .dso file, a
    .dso.zst file or the store (`source`: "dso", "dso.zst", "store") and loads it back."""
    import datasetsdk as ds
    stores = []

    def through(source, value, name="value", **options):
        if source == "store":
            if not stores:
                stores.append(ds.SharedMemoryStore.open(store_path))
            stores[0].save(value, name)
            return stores[0].load(name, **options)
        path = tmp_path / f"{name}.{source}"
        ds.save(value, path)
        return ds.load(path, **options)

    yield through
    for store in stores:
        store.close()

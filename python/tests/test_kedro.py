"""A Kedro 1.x pipeline with one Python node consumes a Swift pipeline node's output through the
shared-memory store, both configured by catalog.yml; its output goes back to Swift."""

import datetime
import os
import subprocess

import numpy as np
import pandas as pd
import pytest

os.environ.setdefault("KEDRO_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "1")

kedro = pytest.importorskip("kedro", reason="scripts/test-python installs kedro")
from kedro.config import OmegaConfigLoader  # noqa: E402
from kedro.io import DataCatalog, DatasetError  # noqa: E402
from kedro.pipeline import Pipeline, node  # noqa: E402
from kedro.runner import SequentialRunner  # noqa: E402

import datasetsdk as ds  # noqa: E402
from datasetsdk.kedro import ObjectDataset, PickleDataset, SharedMemoryDataset  # noqa: E402


def total(squares: np.ndarray) -> dict:
    return {"sum": float(squares.sum()), "count": int(squares.shape[0]), "zero_copy": not squares.flags.owndata}


def test_kedro_node_consumes_a_swift_node_output_through_the_store(bin_path, helper, store_path, tmp_path):
    swift_conf = tmp_path / "swift-conf" / "base"
    swift_conf.mkdir(parents=True)
    (swift_conf / "catalog.yml").write_text(f'"{{name}}":\n  type: SharedMemoryDataset\n  store: {store_path}\n')
    (swift_conf / "parameters.yml").write_text("count: 10\n")
    swift = subprocess.run([f"{bin_path}/PipelineFixture", "run", "--conf", str(tmp_path / "swift-conf"), "--params",
                            "count=100", "--to-nodes", "square"], capture_output=True, text=True, timeout=300)
    assert swift.returncode == 0, swift.stderr

    kedro_conf = tmp_path / "kedro-conf" / "base"
    kedro_conf.mkdir(parents=True)
    (kedro_conf / "catalog.yml").write_text(
        '"{name}":\n  type: datasetsdk.kedro.SharedMemoryDataset\n  object_name: "{name}"\n'
        f"  store: {store_path}\n")
    config = OmegaConfigLoader(str(tmp_path / "kedro-conf"), base_env="base", default_run_env="base")
    catalog = DataCatalog.from_config(config["catalog"])
    SequentialRunner().run(Pipeline([node(total, inputs="squares", outputs="python_total", name="python_total")]), catalog)

    seen = helper.describe_store(store_path, "python_total")
    assert seen["type"] == "datasetsdk.Record"
    assert seen["fields"] == {"sum": 328350.0, "count": 100, "zero_copy": True}  # sum of k^2 for k < 100


def test_kedro_datasets_read_and_write_swift_files(helper, swift_samples, tmp_path):
    folder, store = swift_samples
    frame = ObjectDataset(filepath=f"{folder}/frame.dso").load()
    assert isinstance(frame, pd.DataFrame) and frame["s"].tolist()[3] == "héllo"
    assert PickleDataset(filepath=f"{folder}/frame.dso.zst").load().equals(frame)
    out = PickleDataset(filepath=str(tmp_path / "out.dso.zst"), save_args={"level": 5, "workers": 1})
    out.save(frame)
    assert helper.describe(tmp_path / "out.dso.zst")["columns"][22]["values"] == ["RL", "RM", "", "héllo", "日本語"]
    shared = SharedMemoryDataset(object_name="strings", store=store)
    assert shared.exists() and shared.load().to_list()[2] == "héllo"


def test_kedro_dataset_errors_name_what_is_wrong(tmp_path, store_path):
    with pytest.raises(DatasetError, match="object_name"):
        SharedMemoryDataset(store=store_path)
    with pytest.raises(DatasetError, match="SharedMemoryDataset 'absent': no shared-memory store at"):
        SharedMemoryDataset(object_name="absent", store=store_path).load()
    assert not SharedMemoryDataset(object_name="absent", store=store_path).exists()
    assert not os.path.exists(store_path)  # a load or exists check creates no store
    ds.SharedMemoryStore.open(store_path).close()
    with pytest.raises(DatasetError, match="unknown option.*verify"):
        ObjectDataset(filepath="x.dso", load_args={"verify": False})
    with pytest.raises(DatasetError, match="does not exist"):
        ObjectDataset(filepath=str(tmp_path / "missing.dso")).load()
    with pytest.raises(DatasetError, match="SharedMemoryDataset 'absent': no object named 'absent'"):
        SharedMemoryDataset(object_name="absent", store=store_path).load()
    with pytest.raises(DatasetError, match="column 'when'.*datetime"):
        ObjectDataset(filepath=str(tmp_path / "t.dso")).save(pd.DataFrame({"when": pd.Series([datetime.date(2024, 1, 1)], dtype=object)}))
    assert not os.path.exists(tmp_path / "t.dso")


def catalog_from(tmp_path, text: str, credentials: str = "") -> DataCatalog:
    conf = tmp_path / "conf" / "base"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "catalog.yml").write_text(text)
    (conf / "credentials.yml").write_text(credentials or "{}\n")
    config = OmegaConfigLoader(str(tmp_path / "conf"), base_env="base", default_run_env="base")
    return DataCatalog.from_config(config["catalog"], credentials=config["credentials"])


def test_the_catalog_gives_the_name_versions_and_load_args(tmp_path, store_path):
    """object_name defaults to the catalog name (factory entries too), `versioned: true` binds
    `<name>@<version>`, load_args reach the load, `_describe()` shows the options."""
    catalog = catalog_from(tmp_path, f'"{{name}}":\n  type: datasetsdk.kedro.SharedMemoryDataset\n  store: {store_path}\n'
                                     "  load_args: {arrow_strings: true}\n"
                                     f"kept:\n  type: datasetsdk.kedro.SharedMemoryDataset\n  store: {store_path}\n"
                                     "  versioned: true\n")
    frame = pd.DataFrame({"s": pd.Series(["a", np.nan, "b"], dtype=object), "i": [1, 2, 3]})
    catalog.save("prices", frame)
    catalog.save("kept", frame)
    with ds.SharedMemoryStore.open(store_path) as store:
        names = store.names()
    assert "prices" in names and [name.split("@")[0] for name in names if "@" in name] == ["kept"]
    assert str(catalog.load("prices")["s"].dtype) == "str"  # arrow_strings from load_args
    kept = catalog.load("kept")
    assert kept["s"].dtype == object and kept["s"].isna().tolist() == [False, True, False]
    assert isinstance(kept["s"].iloc[1], float)  # NaN stays NaN
    described = catalog.get("kept")._describe()
    assert described["object_name"] == "kept" and described["store"] == store_path and described["version"].save
    assert catalog.get("prices")._describe()["load_args"] == {"arrow_strings": True}


def test_file_datasets_go_through_fsspec_with_credentials_and_versions(tmp_path):
    import fsspec
    catalog = catalog_from(tmp_path, "plain:\n  type: datasetsdk.kedro.ObjectDataset\n  filepath: memory://kedro-test/plain.dso\n"
                                     "  versioned: true\n"
                                     "packed:\n  type: datasetsdk.kedro.PickleDataset\n"
                                     "  filepath: memory://kedro-test/packed.dso.zst\n  credentials: memory_fs\n"
                                     "  save_args: {level: 1, frame_size: 64Ki}\n",
                           credentials="memory_fs: {}\n")
    frame = pd.DataFrame({"s": pd.Series(["x", None, "y"], dtype=object), "f": [1.0, np.nan, 2.0]})
    catalog.save("plain", frame)
    catalog.save("packed", frame)
    memory = fsspec.filesystem("memory")
    stored = sorted(path for path in memory.find("/") if path.endswith((".dso", ".dso.zst")))
    assert len(stored) == 2 and any("/plain.dso/" in path for path in stored)  # <filepath>/<version>/plain.dso
    for name in ("plain", "packed"):
        back = catalog.load(name)
        pd.testing.assert_frame_equal(back, frame)
        assert back["s"].iloc[1] is None  # None stays None
    for path in stored:
        memory.rm(path)


@pytest.mark.parametrize("save_args, message", [
    ({"level": 3.0}, "save_args.level must be a zstd level"),
    ({"level": 23}, "save_args.level must be a zstd level"),
    ({"level": "fast"}, "save_args.level must be a zstd level"),
    ({"workers": -1}, "save_args.workers must be a number of frames compressed at once"),
    ({"checksum": "maybe"}, "save_args.checksum must be true or false"),
    ({"compression": "gzip"}, "save_args.compression must be zstd or none"),
    ({"compression": "none", "level": 5}, "save_args.level must be absent with compression: none"),
])
def test_pickle_save_args_are_checked_when_the_dataset_is_built_as_in_swift(tmp_path, save_args, message):
    from datasetsdk.kedro import PickleDataset
    with pytest.raises(DatasetError, match=message):
        PickleDataset(filepath=str(tmp_path / "m.dso.zst"), save_args=save_args)

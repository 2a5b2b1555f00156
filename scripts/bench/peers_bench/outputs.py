"""Loading what a run saved, for the comparison: the Kedro environments through the project's
own catalog (the same datasets the nodes used), the Swift environments through the Python
datasetsdk package (.dso, .dso.zst, the shared-memory store) and pandas (CSV)."""

from __future__ import annotations

import contextlib
import os
import sys


@contextlib.contextmanager
def environment_variables(variables: dict):
    previous = {key: os.environ.get(key) for key in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class KedroOutputs:
    """The project's catalog for one environment, built as `kedro run -e ENV` builds it."""

    def __init__(self, project: str, conf_env: str, multiplier: int, variables: dict):
        from kedro.framework.session import KedroSession
        from kedro.framework.startup import bootstrap_project

        self._variables = variables
        with environment_variables(variables):
            bootstrap_project(project)
            self._session = KedroSession.create(project_path=project, env=conf_env,
                                                runtime_params={"multiplier": multiplier})
            self._catalog = self._session.load_context().catalog

    def load(self, name: str):
        with environment_variables(self._variables):
            return self._catalog.load(name)

    def close(self) -> None:
        self._session.close()


class SwiftOutputs:
    """Where each Swift environment (Examples/MLOps/conf/ENV/catalog.yml) saved its frames."""

    def __init__(self, conf_env: str, workdir: str, store: str, bucket: str | None, credentials: dict | None):
        self._env = conf_env
        self._workdir = workdir
        self._store = store
        self._bucket = bucket
        self._credentials = credentials

    def load(self, name: str):
        from datasetsdk.kedro import ObjectDataset, PickleDataset, SharedMemoryDataset

        folder = os.path.join(self._workdir, "data", "02_intermediate")
        if self._env == "shm":
            dataset = SharedMemoryDataset(object_name=name, store=self._store)
            try:
                return dataset.load()
            finally:
                dataset.release()
        if self._env == "local":
            return ObjectDataset(filepath=os.path.join(folder, f"{name}.dso")).load()
        if self._env == "pickle-local":
            return PickleDataset(filepath=os.path.join(folder, f"{name}.dso.zst")).load()
        if self._env == "s3":
            return ObjectDataset(filepath=f"s3://{self._bucket}/objects/{name}.dso", credentials=self._credentials).load()
        if self._env == "pickle":
            return PickleDataset(filepath=f"s3://{self._bucket}/pickle/{name}.dso.zst", credentials=self._credentials).load()
        if self._env == "s3-csv":
            from kedro_datasets.pandas import CSVDataset

            return CSVDataset(filepath=f"s3://{self._bucket}/csv/{name}.csv", credentials=self._credentials,
                              load_args={"keep_default_na": False, "na_values": ["", "NA"]}).load()
        raise ValueError(f"no loader for the Swift environment {self._env}")

    def close(self) -> None:
        pass


def project_on_path(project: str) -> None:
    source = os.path.join(project, "src")
    if source not in sys.path:
        sys.path.insert(0, source)

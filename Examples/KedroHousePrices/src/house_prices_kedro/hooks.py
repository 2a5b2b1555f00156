"""Per-node timings, the benchmark's measure: seconds loading the node's inputs, running its
function and saving its outputs, as the Swift runner reports them.

When $PEERS_TIMINGS names a file, the hook writes one JSON object there when the run ends:

    {"nodes": [{"node": "fill_na_node", "load": 0.41, "compute": 0.22, "save": 0.37,
                "loads": {"house_prices_drop": 0.41}, "saves": {"house_prices_no_na": 0.37},
                "params_load": 0.0001, "rows_out": {"house_prices_no_na": 13564}}],
     "run": 1.02, "pid": 1234, "kedro": "1.7.0"}

`load` counts the catalog datasets only; `params:` inputs (in-memory values) are reported apart
as `params_load`. `compute` is before_node_run to after_node_run (Kedro calls them right around
the node's function). Without $PEERS_TIMINGS the hook only keeps the numbers in memory.
"""

from __future__ import annotations

import json
import os
import time

from kedro.framework.hooks import hook_impl


def _is_parameter(name: str) -> bool:
    return name == "parameters" or name.startswith("params:")


class NodeTimingHooks:
    def __init__(self):
        self._nodes: dict[str, dict] = {}
        self._started: dict[tuple, float] = {}
        self._run_started = None

    def _entry(self, node) -> dict:
        return self._nodes.setdefault(node.name, {"node": node.name, "load": 0.0, "compute": 0.0, "save": 0.0,
                                                   "loads": {}, "saves": {}, "params_load": 0.0, "rows_out": {}})

    @hook_impl
    def before_pipeline_run(self):
        self._run_started = time.perf_counter()

    @hook_impl
    def before_dataset_loaded(self, dataset_name, node):
        self._started[("load", dataset_name, node.name)] = time.perf_counter()

    @hook_impl
    def after_dataset_loaded(self, dataset_name, node):
        seconds = time.perf_counter() - self._started.pop(("load", dataset_name, node.name))
        entry = self._entry(node)
        if _is_parameter(dataset_name):
            entry["params_load"] += seconds
        else:
            entry["load"] += seconds
            entry["loads"][dataset_name] = seconds

    @hook_impl
    def before_node_run(self, node):
        self._started[("node", node.name)] = time.perf_counter()

    @hook_impl
    def after_node_run(self, node):
        self._entry(node)["compute"] += time.perf_counter() - self._started.pop(("node", node.name))

    @hook_impl
    def before_dataset_saved(self, dataset_name, node):
        self._started[("save", dataset_name, node.name)] = time.perf_counter()

    @hook_impl
    def after_dataset_saved(self, dataset_name, data, node):
        seconds = time.perf_counter() - self._started.pop(("save", dataset_name, node.name))
        entry = self._entry(node)
        entry["save"] += seconds
        entry["saves"][dataset_name] = seconds
        if hasattr(data, "shape"):
            entry["rows_out"][dataset_name] = int(data.shape[0])

    @hook_impl
    def after_pipeline_run(self):
        path = os.environ.get("PEERS_TIMINGS")
        if not path:
            return
        import kedro

        record = {"nodes": list(self._nodes.values()), "pid": os.getpid(), "kedro": kedro.__version__,
                  "run": None if self._run_started is None else time.perf_counter() - self._run_started}
        with open(path, "w") as file:
            json.dump(record, file)

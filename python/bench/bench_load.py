#!/usr/bin/env python3
"""Benchmark (not a test): a Python process loads the house-prices frame (multiplier 100) that
another Python process saved, from DatasetSDK's shared-memory store, from Vineyard 0.24.2 and
from a pickle file on the same tmpfs. Prints a table of measured seconds.

    python3 python/bench/bench_load.py [--multiplier 100] [--repeats 5] [--csv PATH]

Layout, the same for every peer: one process saves the frame; then, `repeats` times, a fresh
process imports the library, connects/opens, and loads the frame (timed: `load`), then uses it
(sums every numeric column and the lengths of every string column: `use`), which makes lazy
loads pay for what they deferred. Python start-up and `import pandas` are outside the timings;
the peer library's import is reported apart. The frame is built from train.csv repeated
`multiplier` times with Id renumbered; its 43 text columns are pandas-3 `str` columns, given to
Vineyard as object columns (Vineyard 0.24.2 keeps only the first value of `str` columns).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "bench"))


def build_frame(csv: str, multiplier: int):
    import numpy as np
    import pandas as pd
    base = pd.read_csv(csv)
    frame = pd.concat([base] * multiplier, ignore_index=True)
    frame["Id"] = np.arange(1, len(frame) + 1, dtype=np.int64)
    return frame


def use(frame) -> float:
    """Reads every value: numeric sums and string lengths."""
    import pandas as pd
    total = 0.0
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column.dtype):
            total += float(column.sum())
        else:
            total += float(column.str.len().sum())
    return total


# --------------------------------------------------------------------------- child processes


def child(peer: str, operation: str, location: str, options: dict) -> dict:
    import pandas as pd  # noqa: F401 - outside the timings, as in every peer
    result = {}
    if operation == "save":
        frame = build_frame(options["csv"], options["multiplier"])
        result["rows"], result["columns"] = frame.shape
        start = time.perf_counter()
        if peer == "datasetsdk":
            import datasetsdk as ds
            ds.SharedMemoryStore.open(location).save(frame, "house_prices")
        elif peer == "pickle":
            import pickle
            with open(location, "wb") as file:
                pickle.dump(frame, file, protocol=5)
        else:
            import vineyard
            for name in frame.columns:
                if frame[name].dtype == "str":
                    frame[name] = frame[name].astype(object)
            client = vineyard.connect(location)
            result["object_id"] = repr(client.put(frame))  # "o..." (str() adds a wrapper)
        result["save"] = time.perf_counter() - start
        return result
    start = time.perf_counter()
    if peer == "datasetsdk":
        import datasetsdk as ds
        result["import"] = time.perf_counter() - start
        start = time.perf_counter()
        frame = ds.SharedMemoryStore.open(location).load("house_prices")
    elif peer == "pickle":
        import pickle
        result["import"] = time.perf_counter() - start
        start = time.perf_counter()
        with open(location, "rb") as file:
            frame = pickle.load(file)
    else:
        import vineyard
        result["import"] = time.perf_counter() - start
        start = time.perf_counter()
        client = vineyard.connect(location)
        frame = client.get(vineyard.ObjectID(options["object_id"]))
    result["load"] = time.perf_counter() - start
    start = time.perf_counter()
    result["checksum"] = use(frame)
    result["use"] = time.perf_counter() - start
    result["rows"], result["columns"] = frame.shape
    result["sample"] = str(frame["Neighborhood"].iloc[len(frame) - 7])
    return result


def run_child(peer, operation, location, options) -> dict:
    command = [sys.executable, os.path.abspath(__file__), "--child", peer, operation, location, json.dumps(options)]
    process = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    if process.returncode != 0:
        raise RuntimeError(f"{peer} {operation} failed: {process.stderr[-2000:]}")
    return json.loads(process.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- driver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--multiplier", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--csv", default=os.path.join(os.path.dirname(ROOT), "shared", "data", "house-prices", "train.csv"))
    parser.add_argument("--peers", default="datasetsdk,vineyard,pickle")
    arguments = parser.parse_args()
    if not os.path.exists(arguments.csv):
        for candidate in ("/work/shared/data/house-prices/train.csv",):
            if os.path.exists(candidate):
                arguments.csv = candidate
    options = {"csv": arguments.csv, "multiplier": arguments.multiplier}
    folder = tempfile.mkdtemp(prefix="bench-load-", dir="/dev/shm")
    daemon = None
    rows = []
    try:
        for peer in arguments.peers.split(","):
            if peer == "datasetsdk":
                location = f"{folder}/store"
            elif peer == "pickle":
                location = f"{folder}/house_prices.pkl"
            else:
                from vineyard_peer import Daemon, vineyardd_binary
                binary, _ = vineyardd_binary()
                daemon = Daemon(binary, folder, "8Gi")
                location = daemon.socket
            saved = run_child(peer, "save", location, options)
            loads = [run_child(peer, "load", location, {**options, **saved}) for _ in range(arguments.repeats)]
            rows.append((peer, saved, loads))
            if daemon:
                daemon.stop()
                daemon = None
    finally:
        if daemon:
            daemon.stop()
        shutil.rmtree(folder, ignore_errors=True)

    first = rows[0][2][0]
    print(f"house-prices x{arguments.multiplier}: {first['rows']} rows x {first['columns']} columns; "
          f"{arguments.repeats} loads per peer, each in a fresh process (seconds: median / best)")
    print(f"{'peer':<12} {'save':>7} {'import':>15} {'load':>15} {'use':>15} {'load+use':>15} {'load ratio':>11}  check")
    ours = statistics.median(run["load"] for run in rows[0][2])
    for peer, saved, loads in rows:
        def cell(key):
            values = [run[key] for run in loads]
            return f"{statistics.median(values):.4f}/{min(values):.4f}"
        for run in loads:
            run["load+use"] = run["load"] + run["use"]
        same = all(run["checksum"] == first["checksum"] and run["sample"] == first["sample"] and run["rows"] == first["rows"]
                   for run in loads)
        ratio = statistics.median(run["load"] for run in loads) / ours
        print(f"{peer:<12} {saved['save']:>7.3f} {cell('import'):>15} {cell('load'):>15} {cell('use'):>15} "
              f"{cell('load+use'):>15} {ratio:>10.1f}x  {'same values' if same else 'VALUES DIFFER'}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5]))))
    else:
        main()

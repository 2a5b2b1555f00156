#!/usr/bin/env python3
"""Benchmark (not a test): the house-prices frame at a multiplier (default 500: 730,000 rows x
81 columns, 43 of them text) with its text columns as object dtype (what most pandas code makes)
and as pandas 3's `str`, through DatasetSDK's shared-memory store, pickle files on /dev/shm and
Vineyard, in the same run. Prints a table of seconds (median / best of --repeats runs, each in a
fresh process) and ratios to DatasetSDK.

    python3 python/bench/bench_frames.py [--multiplier 500] [--repeats 3] [--peers datasetsdk,pickle,vineyard]

Cases (each child builds or loads its input untimed, then times one operation):

- save: the frame built from train.csv (repeated `multiplier` times, Id renumbered);
- load: a fresh process loads the saved frame (DatasetSDK: object text as object columns);
- load zero-copy: DatasetSDK only, `arrow_strings=True` (object text as Arrow-backed str);
- drop_cols save: the loaded frame without SalePrice and Utilities, saved as a new object;
- total_sf save: the loaded frame plus TotalSF = TotalBsmtSF + 1stFlrSF + 2ndFlrSF, saved.

Vineyard 0.24.2 keeps only the first value of pandas-3 `str` columns, so its `str` rows are given
object columns (as python/bench/bench_load.py does). The machine is shared and noisy: read the
medians, and the best as what the code can do.
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
sys.path.insert(0, os.path.join(ROOT, "scripts", "bench"))  # vineyard_peer: vineyardd started and stopped by pid
sys.path.insert(0, os.path.join(ROOT, "python"))  # this checkout's datasetsdk, not an installed one
CSV = next((p for p in (os.path.join(os.path.dirname(ROOT), "shared", "data", "house-prices", "train.csv"),
                        "/work/shared/data/house-prices/train.csv") if os.path.exists(p)), None)


def build_frame(multiplier: int, text: str):
    import numpy as np
    import pandas as pd
    base = pd.read_csv(CSV)
    for name in base.columns:
        if not pd.api.types.is_numeric_dtype(base[name].dtype):
            base[name] = base[name].astype(object if text == "object" else "str")
    frame = pd.concat([base] * multiplier, ignore_index=True)
    frame["Id"] = np.arange(1, len(frame) + 1, dtype=np.int64)
    return frame


def derive(frame, case: str):
    if case == "drop_cols":
        return frame.drop(columns=["SalePrice", "Utilities"])
    frame = frame.copy(deep=False)
    frame["TotalSF"] = frame["TotalBsmtSF"] + frame["1stFlrSF"] + frame["2ndFlrSF"]
    return frame


def checksum(frame) -> float:
    """Reads every value (outside the timings): numeric sums, string lengths, null counts."""
    import pandas as pd
    total = 0.0
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column.dtype):
            total += float(column.sum())
        else:
            total += float(column.str.len().sum()) + 0.5 * int(column.isna().sum())
    return total


def as_vineyard_input(frame):
    for name in frame.columns:
        if str(frame[name].dtype) == "str":
            frame[name] = frame[name].astype(object)
    return frame


# --------------------------------------------------------------------------- child processes


def child(peer: str, case: str, location: str, options: dict) -> dict:
    import pandas as pd  # noqa: F401 - outside the timings
    text, multiplier = options["text"], options["multiplier"]
    if peer == "datasetsdk":
        import datasetsdk as ds
        store = ds.SharedMemoryStore.open(location)

        def put(value, name):
            store.save(value, name)
        get = lambda name, **kw: store.load(name, **kw)  # noqa: E731
    elif peer == "pickle":
        import pickle

        def put(value, name):
            with open(f"{location}/{name}.pkl", "wb") as file:
                pickle.dump(value, file, protocol=5)

        def get(name, **_):
            with open(f"{location}/{name}.pkl", "rb") as file:
                return pickle.load(file)
    else:
        import vineyard
        client = vineyard.connect(location)
        ids_file = os.path.join(os.path.dirname(location), "ids.json")
        ids = json.load(open(ids_file)) if os.path.exists(ids_file) else {}

        def put(value, name):
            object_id = client.put(value)
            seconds = time.perf_counter()
            if name in ids:  # the previous repeat's object: freed outside the timing (not shared ones)
                client.delete(vineyard.ObjectID(ids[name]), force=False, deep=True)
            ids[name] = repr(object_id)
            json.dump(ids, open(ids_file, "w"))
            return seconds

        def get(name, **_):
            return client.get(vineyard.ObjectID(ids[name]))
    name = f"hp_{text}"
    if case == "save":
        frame = build_frame(multiplier, text)
        if peer == "vineyard":
            frame = as_vineyard_input(frame)
        start = time.perf_counter()
        end = put(frame, name) or time.perf_counter()
        return {"seconds": end - start, "rows": len(frame), "columns": len(frame.columns)}
    if case in ("load", "load_zero_copy"):
        start = time.perf_counter()
        frame = get(name, **({"arrow_strings": True} if case == "load_zero_copy" else {}))
        seconds = time.perf_counter() - start
        result = {"seconds": seconds, "rows": len(frame), "sample": str(frame["Neighborhood"].iloc[len(frame) - 7]),
                  "dtype": str(frame["Alley"].dtype), "alley_nan": int(frame["Alley"].isna().sum()),
                  "alley_null": type(frame["Alley"].to_numpy(dtype=object)[frame["Alley"].isna().to_numpy()][0]).__name__}
        if options.get("check"):
            result["checksum"] = checksum(frame)
        return result
    derived = derive(get(name), case)
    if peer == "vineyard":
        derived = as_vineyard_input(derived)
    start = time.perf_counter()
    end = put(derived, f"{name}_{case}") or time.perf_counter()
    return {"seconds": end - start}


def run_child(peer, case, location, options) -> dict:
    command = [sys.executable, os.path.abspath(__file__), "--child", peer, case, location, json.dumps(options)]
    process = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if process.returncode != 0:
        raise RuntimeError(f"{peer} {case} failed: {process.stderr[-3000:]}")
    return json.loads(process.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- driver

CASES = ["save", "load", "load_zero_copy", "drop_cols", "total_sf"]
TITLES = {"save": "save", "load": "load", "load_zero_copy": "load zero-copy", "drop_cols": "drop_cols save",
          "total_sf": "total_sf save"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--multiplier", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--peers", default="datasetsdk,pickle,vineyard")
    parser.add_argument("--texts", default="object,str")
    arguments = parser.parse_args()
    if CSV is None:
        sys.exit("bench_frames: train.csv not found under shared/data/house-prices")
    started, load = time.strftime("%Y-%m-%d %H:%M:%S %Z"), os.getloadavg()
    folder = tempfile.mkdtemp(prefix="bench-frames-", dir="/dev/shm")
    results: dict = {}
    daemon = None
    try:
        for peer in arguments.peers.split(","):
            if peer == "datasetsdk":
                location = f"{folder}/store"
            elif peer == "pickle":
                location = f"{folder}/pickle"
                os.makedirs(location)
            else:
                from vineyard_peer import Daemon, vineyardd_binary
                os.makedirs(f"{folder}/vineyard")
                daemon = Daemon(vineyardd_binary()[0], f"{folder}/vineyard", "12Gi")
                location = daemon.socket
            for text in arguments.texts.split(","):
                options = {"text": text, "multiplier": arguments.multiplier}
                for case in CASES:
                    if case == "load_zero_copy" and peer != "datasetsdk":
                        continue
                    runs = [run_child(peer, case, location, {**options, "check": repeat == 0})
                            for repeat in range(arguments.repeats)]
                    results[(peer, text, case)] = runs
                    print(f"  {peer} {text} {case}: " + " ".join(f"{r['seconds']:.3f}" for r in runs), file=sys.stderr, flush=True)
            if daemon:
                daemon.stop()
                daemon = None
            if peer != "datasetsdk":
                shutil.rmtree(location, ignore_errors=True)
    finally:
        if daemon:
            daemon.stop()
        shutil.rmtree(folder, ignore_errors=True)

    peers = arguments.peers.split(",")
    print(f"{started} to {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, {os.cpu_count()} CPUs, load average "
          f"{load[0]:.1f} at the start and {os.getloadavg()[0]:.1f} at the end")
    print(f"house-prices x{arguments.multiplier}, seconds, median / best of {arguments.repeats} fresh processes; "
          "ratio = peer median / DatasetSDK median")
    header = f"| text | case | " + " | ".join(peers) + " | " + " | ".join(f"{p} / datasetsdk" for p in peers[1:]) + " |"
    print(header)
    print("|" + "---|" * (2 + len(peers) + len(peers) - 1))
    for text in arguments.texts.split(","):
        for case in CASES:
            cells, medians = [], {}
            for peer in peers:
                runs = results.get((peer, text, case))
                if not runs:
                    cells.append("")
                    continue
                values = [r["seconds"] for r in runs]
                medians[peer] = statistics.median(values)
                cells.append(f"{medians[peer]:.3f} / {min(values):.3f}")
            ours = medians.get("datasetsdk")
            ratios = [f"{medians[p] / ours:.1f}x" if ours and p in medians else "" for p in peers[1:]]
            print(f"| {text} | {TITLES[case]} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    loads = {key: runs[0] for key, runs in results.items() if key[2] in ("load", "load_zero_copy")}
    samples = {(r["rows"], r["sample"], r["checksum"]) for r in loads.values()}
    print(f"loads agree on rows, a sample and a checksum of every value: {len(samples) == 1} {sorted(samples)[:2]}")
    for key, run in sorted(loads.items()):
        print(f"  {key[0]} {key[1]} {TITLES[key[2]]}: Alley dtype {run['dtype']}, {run['alley_nan']} missing, "
              f"held as {run['alley_null']}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5]))))
    else:
        main()

#!/usr/bin/env python3
"""Vineyard's side of `datasets-bench store`: the same puts and gets, measured on this machine.

    python3 scripts/bench/vineyard_peer.py run [--tensor-mib 1024] [--frame-rows 6400000]
                                               [--latency-mib 1,64,1024] [--repeats 3]

Starts a private vineyardd (the binary shipped in the vineyard wheel, under `vineyard/bdist/`)
on a UNIX socket in a temporary folder, runs every measurement in fresh Python processes (the
`child` subcommand of this script), stops the daemon by its pid (SIGTERM, bounded wait, SIGKILL)
and removes the folder. Prints one JSON object per line on standard output:

    {"event": "vineyardd", ...}                      the daemon that was measured
    {"case": "tensor", "op": "put", "seconds": ...}  best of --repeats, with every run in "runs"
    {"error": "..."}                                 what failed (the bench shows it)

A put child builds the value first (not timed), then times connect and `client.put`. A get child
times `import vineyard`, connect, `client.get` and, for tensors, `get + sum` (reads every byte);
the driver also times the whole child process. Progress goes to standard error.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

WORDS = ["CollgCr", "Veenker", "Crawfor", "NoRidge", "Mitchel", "Somerst", "NWAmes", "OldTown"]


def log(message):
    print(f"vineyard_peer: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- children


def make_tensor(mib):
    import numpy as np

    count = mib << 17  # 8-byte elements
    return np.arange(count, dtype=np.float64) * 0.25


def make_frame(rows):
    """8 float64, 4 int64 and 4 string (object dtype) columns: the frame of `datasets-bench store`."""
    import numpy as np
    import pandas as pd

    row = np.arange(rows, dtype=np.int64)
    columns = {}
    for index in range(8):
        columns[f"double{index}"] = row.astype(np.float64) / (index + 1)
    for index in range(4):
        columns[f"int{index}"] = row * (index + 3)
    # String i of column c is WORDS[(i + c) % 8] + str(i % 1000), as in the Swift bench; the
    # 8000 distinct strings are built once and referenced (object dtype).
    table = np.array([word + str(number) for word in WORDS for number in range(1000)], dtype=object)
    frame = pd.DataFrame(columns)
    for index in range(4):
        # dtype=object: pandas 3 would otherwise infer its Arrow-backed `str` dtype.
        frame[f"string{index}"] = pd.Series(table[((row + index) % 8) * 1000 + row % 1000], dtype=object)
    return frame


def child(arguments):
    """One measurement in this fresh process; prints one JSON line."""
    operation, socket = arguments[0], arguments[1]
    result = {"op": operation}
    if operation.startswith("put-"):
        value = make_tensor(int(arguments[2])) if operation == "put-tensor" else make_frame(int(arguments[2]))
        start = time.perf_counter()
        import vineyard

        result["import"] = time.perf_counter() - start
        start = time.perf_counter()
        client = vineyard.connect(socket)
        result["connect"] = time.perf_counter() - start
        start = time.perf_counter()
        object_id = client.put(value)
        result["put"] = time.perf_counter() - start
        result["object_id"] = repr(object_id)  # "o6889be7c6e800002" (str() adds a wrapper)
    elif operation in ("get", "get-read", "get-frame"):
        start = time.perf_counter()
        import vineyard

        result["import"] = time.perf_counter() - start
        start = time.perf_counter()
        client = vineyard.connect(socket)
        result["connect"] = time.perf_counter() - start
        object_id = vineyard.ObjectID(arguments[2])
        start = time.perf_counter()
        value = client.get(object_id)
        result["get"] = time.perf_counter() - start
        result["connect_get"] = result["connect"] + result["get"]
        if operation == "get-read":
            import numpy as np

            start = time.perf_counter()
            total = float(np.asarray(value).sum())
            result["read"] = time.perf_counter() - start
            result["get_read"] = result["get"] + result["read"]
            result["checksum"] = total
        if operation == "get-frame":
            result["rows"] = int(len(value))
            result["columns"] = int(len(value.columns))
        else:
            result["bytes"] = int(value.nbytes)
        # A get that already returned is timed; a second get on the open client shows the warm cost.
        start = time.perf_counter()
        client.get(object_id)
        result["get_again"] = time.perf_counter() - start
    elif operation == "delete":
        import vineyard

        client = vineyard.connect(socket)
        for text in arguments[2:]:
            try:
                client.delete(vineyard.ObjectID(text), force=True, deep=True)
            except Exception as error:  # noqa: BLE001 - best effort cleanup
                log(f"delete {text}: {error}")
    else:
        raise SystemExit(f"unknown child operation {operation}")
    print(json.dumps(result), flush=True)


# --------------------------------------------------------------------------- driver


def run_child(socket, *arguments, timeout=900):
    """Runs a child process; returns (its JSON result, whole-process wall seconds)."""
    command = [sys.executable, os.path.abspath(__file__), "child", arguments[0], socket, *map(str, arguments[1:])]
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    if completed.returncode != 0:
        raise RuntimeError(f"child {' '.join(command[3:])} failed ({completed.returncode}): {completed.stderr.strip()[-800:]}")
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"child {' '.join(command[3:])} printed no result: {completed.stdout[-400:]} {completed.stderr[-400:]}")
    return json.loads(lines[-1]), wall


def emit(record):
    print(json.dumps(record), flush=True)


def vineyardd_binary():
    import vineyard

    folder = os.path.join(os.path.dirname(vineyard.__file__), "bdist")
    binary = os.path.join(folder, "vineyardd")
    if not os.access(binary, os.X_OK):
        found = shutil.which("vineyardd")
        if not found:
            raise RuntimeError(f"no vineyardd under {folder} nor on PATH")
        binary = found
    return binary, getattr(vineyard, "__version__", "?")


class Daemon:
    """A vineyardd on a private socket, stopped by its pid."""

    def __init__(self, binary, folder, size):
        self.socket = os.path.join(folder, "vineyard.sock")
        self.log_path = os.path.join(folder, "vineyardd.log")
        self.log_file = open(self.log_path, "w")
        # --meta local: no etcd. --rpc=false: no TCP port (runs do not collide on 9600).
        command = [binary, f"--socket={self.socket}", f"--size={size}", "--meta=local", "--rpc=false"]
        self.command = command
        self.process = subprocess.Popen(command, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while not os.path.exists(self.socket):
            if self.process.poll() is not None:
                raise RuntimeError(f"vineyardd exited with {self.process.returncode}: {self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"vineyardd did not create {self.socket} within 60 s: {self.log_tail()}")
            time.sleep(0.05)

    def log_tail(self):
        try:
            with open(self.log_path) as file:
                return file.read()[-800:]
        except OSError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log_file.close()


def best_of(runs, key):
    return min(run[key] for run in runs)


def measure(socket, options):
    repeats = options.repeats

    # Tensor: put (fresh process each), then get and get+read of the last put object.
    log(f"tensor {options.tensor_mib} MiB: {repeats} puts")
    runs, tensor_id = [], None
    for _ in range(repeats):
        result, _ = run_child(socket, "put-tensor", options.tensor_mib)
        if tensor_id:
            run_child(socket, "delete", tensor_id)
        tensor_id = result["object_id"]
        runs.append(result)
    emit({"case": "tensor", "op": "put", "mib": options.tensor_mib, "seconds": best_of(runs, "put"),
          "connect": best_of(runs, "connect"), "runs": [run["put"] for run in runs]})
    for operation, key in (("get", "get"), ("get-read", "get_read")):
        log(f"tensor {operation}")
        results = [run_child(socket, operation, tensor_id) for _ in range(repeats)]
        runs = [result for result, _ in results]
        emit({"case": "tensor", "op": operation, "mib": options.tensor_mib, "seconds": best_of(runs, key),
              "connect": best_of(runs, "connect"), "import": best_of(runs, "import"),
              "connect_get": best_of(runs, "connect_get"),
              "get_again": best_of(runs, "get_again"), "process": min(wall for _, wall in results),
              "runs": [run[key] for run in runs]})

    # Get latency by size: a fresh process per get; whole-process wall time beside in-process get.
    for mib in options.latency_mib:
        if mib == options.tensor_mib:
            object_id, put = tensor_id, None
        else:
            result, _ = run_child(socket, "put-tensor", mib)
            object_id, put = result["object_id"], result["put"]
        log(f"latency {mib} MiB")
        results = [run_child(socket, "get", object_id) for _ in range(repeats)]
        runs = [result for result, _ in results]
        emit({"case": "latency", "op": "get", "mib": mib, "seconds": best_of(runs, "get"),
              "connect": best_of(runs, "connect"), "import": best_of(runs, "import"),
              "connect_get": best_of(runs, "connect_get"),
              "get_again": best_of(runs, "get_again"), "process": min(wall for _, wall in results),
              "put": put})
        if object_id != tensor_id:
            run_child(socket, "delete", object_id)
    run_child(socket, "delete", tensor_id)

    # Data frame: 8 float64 + 4 int64 + 4 strings (object dtype).
    log(f"frame {options.frame_rows} rows: {repeats} puts")
    runs, frame_id = [], None
    for _ in range(repeats):
        result, _ = run_child(socket, "put-frame", options.frame_rows)
        if frame_id:
            run_child(socket, "delete", frame_id)
        frame_id = result["object_id"]
        runs.append(result)
    emit({"case": "frame", "op": "put", "rows": options.frame_rows, "seconds": best_of(runs, "put"),
          "connect": best_of(runs, "connect"), "runs": [run["put"] for run in runs]})
    log("frame get")
    results = [run_child(socket, "get-frame", frame_id) for _ in range(repeats)]
    runs = [result for result, _ in results]
    emit({"case": "frame", "op": "get", "rows": options.frame_rows, "seconds": best_of(runs, "get"),
          "connect": best_of(runs, "connect"), "import": best_of(runs, "import"),
              "connect_get": best_of(runs, "connect_get"),
          "get_again": best_of(runs, "get_again"), "process": min(wall for _, wall in results),
          "runs": [run["get"] for run in runs]})
    run_child(socket, "delete", frame_id)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        return child(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["run"])
    parser.add_argument("--tensor-mib", type=int, default=1024)
    parser.add_argument("--frame-rows", type=int, default=6_400_000)
    parser.add_argument("--latency-mib", default="1,64,1024")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--size", default=None, help="vineyardd --size (default: room for the tensor and the frame, x2)")
    options = parser.parse_args()
    options.latency_mib = [int(part) for part in options.latency_mib.split(",") if part]
    try:
        binary, version = vineyardd_binary()
    except ImportError as error:
        emit({"error": f"vineyard not installed ({error})", "installed": False})
        return 0
    except RuntimeError as error:
        emit({"error": str(error)})
        return 0
    frame_mib = options.frame_rows * 170 >> 20
    size = options.size or f"{max(2 * (options.tensor_mib + max(options.latency_mib, default=0) + frame_mib) + 1024, 2048)}Mi"
    folder = tempfile.mkdtemp(prefix="vineyard-bench-")
    daemon = None
    try:
        daemon = Daemon(binary, folder, size)
        emit({"event": "vineyardd", "binary": binary, "version": version, "pid": daemon.process.pid,
              "socket": daemon.socket, "size": size, "command": " ".join(daemon.command)})
        measure(daemon.socket, options)
    except Exception as error:  # noqa: BLE001 - reported to the bench, which prints it
        emit({"error": f"{type(error).__name__}: {error}"})
    finally:
        if daemon:
            daemon.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

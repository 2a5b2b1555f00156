"""One node in its own process, as Argo runs a pipeline: `kedro run -e ENV -n NODE` for the Kedro
project, `mlops run --env ENV --nodes NODE` for the Swift example. The node's own load, compute
and save seconds come from the process (Kedro: the project's timing hook writing JSON; Swift: the
line `mlops run` prints); whole-process wall seconds and peak RSS are measured here."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field

SWIFT_LINE = re.compile(r"node (?P<node>\w+): load (?P<load>[\d.]+) s, compute (?P<compute>[\d.]+) s, "
                        r"save (?P<save>[\d.]+) s \((?P<mb_in>[\d.]+) MB in, (?P<mb_out>[\d.]+) MB out\)")


@dataclass
class NodeRun:
    environment: str
    multiplier: int
    node: str
    load: float = 0.0
    compute: float = 0.0
    save: float = 0.0
    wall: float = 0.0
    max_rss_mb: float = 0.0
    mb_in: float | None = None
    mb_out: float | None = None
    rows_out: dict = field(default_factory=dict)
    error: str | None = None

    @property
    def total(self) -> float:
        return self.load + self.compute + self.save

    def as_dict(self) -> dict:
        record = asdict(self)
        record["total"] = self.total
        return record


@dataclass
class Process:
    returncode: int
    wall: float
    max_rss_mb: float
    stdout: str
    stderr: str


# GNU time reports the child's own peak RSS. wait4's figure is not that: a child forked (or
# vforked) from this Python process keeps this process's high-water mark across exec, so every
# small child would report at least the harness's RSS.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_process(command: list[str], cwd: str, variables: dict, log_prefix: str, timeout: float) -> Process:
    """Runs `command` with the current environment plus `variables`; its output goes to
    `log_prefix`.out / .err. Wall seconds from start to reaped exit; peak RSS from GNU time
    when it is installed (else from wait4, an upper bound: see GNU_TIME)."""
    environment = dict(os.environ)
    environment.update(variables)
    rss_file = log_prefix + ".rss"
    wrapped = [GNU_TIME, "-o", rss_file, "-f", "%M", *command] if GNU_TIME else command
    with open(log_prefix + ".out", "w") as out, open(log_prefix + ".err", "w") as err:
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=cwd, env=environment, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
        timer = threading.Timer(timeout, lambda: _kill_group(process.pid))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    max_rss_mb = usage.ru_maxrss / 1024.0
    if GNU_TIME:
        try:
            with open(rss_file) as file:
                max_rss_mb = int(file.read().strip().splitlines()[-1]) / 1024.0
        except (OSError, ValueError, IndexError):
            pass
    with open(log_prefix + ".out", errors="replace") as out, open(log_prefix + ".err", errors="replace") as err:
        stdout, stderr = out.read(), err.read()
    return Process(process.returncode, wall, max_rss_mb, stdout, stderr)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def kedro_node(kedro: str, project: str, conf_env: str, node: str, multiplier: int, variables: dict,
               folder: str, name: str, timeout: float) -> NodeRun:
    timings = os.path.join(folder, f"{node}.timings.json")
    if os.path.exists(timings):
        os.remove(timings)
    command = [kedro, "run", "-e", conf_env, "-n", node, "--params", f"multiplier={multiplier}"]
    process = run_process(command, project, {**variables, "PEERS_TIMINGS": timings}, os.path.join(folder, node), timeout)
    result = NodeRun(name, multiplier, node, wall=process.wall, max_rss_mb=process.max_rss_mb)
    if process.returncode != 0:
        result.error = f"`{' '.join(command)}` exited with {process.returncode}: {_tail(process.stderr + process.stdout)}"
        return result
    try:
        with open(timings) as file:
            record = json.load(file)
        entry = next(item for item in record["nodes"] if item["node"] == node)
    except (OSError, ValueError, StopIteration, KeyError) as error:
        result.error = f"no timings from the Kedro hook in {timings}: {error}"
        return result
    result.load, result.compute, result.save = entry["load"], entry["compute"], entry["save"]
    result.rows_out = entry.get("rows_out", {})
    return result


def swift_node(mlops: str, conf: str, conf_env: str, node: str, multiplier: int, variables: dict, workdir: str,
               folder: str, name: str, timeout: float) -> NodeRun:
    command = [mlops, "run", "--conf", conf, "--env", conf_env, "--nodes", node, "--params", f"multiplier={multiplier}"]
    process = run_process(command, workdir, variables, os.path.join(folder, node), timeout)
    result = NodeRun(name, multiplier, node, wall=process.wall, max_rss_mb=process.max_rss_mb)
    if process.returncode != 0:
        result.error = f"`{' '.join(command)}` exited with {process.returncode}: {_tail(process.stderr + process.stdout)}"
        return result
    match = next((found for found in SWIFT_LINE.finditer(process.stderr + process.stdout) if found["node"] == node), None)
    if match is None:
        result.error = f"no timing line for {node} in the output of `{' '.join(command)}`: {_tail(process.stderr)}"
        return result
    result.load, result.compute, result.save = float(match["load"]), float(match["compute"]), float(match["save"])
    result.mb_in, result.mb_out = float(match["mb_in"]), float(match["mb_out"])
    return result

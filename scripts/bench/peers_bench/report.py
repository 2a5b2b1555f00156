"""The printed tables (Markdown, so that docs/peers.md can quote them) and the files written
beside them: results.json (everything), results.csv (one line per run and node)."""

from __future__ import annotations

import csv
import json

from .environments import BY_NAME, NODES, RATIOS


def seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def ratio(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}x" if value < 0.1 else f"{value:.2f}x"


class Summary:
    """A and W (and load + save) per environment and multiplier, from the node runs."""

    def __init__(self, node_runs, environments, multipliers):
        self.environments = [environment.name for environment in environments]
        self.multipliers = multipliers
        self.cells = {}
        for name in self.environments:
            for multiplier in multipliers:
                runs = [run for run in node_runs if run.environment == name and run.multiplier == multiplier]
                if not runs:
                    continue
                failed = next((run for run in runs if run.error), None)
                complete = len(runs) == len(NODES) and failed is None
                self.cells[(name, multiplier)] = {
                    "A": sum(run.total for run in runs) if complete else None,
                    "W": sum(run.wall for run in runs) if complete else None,
                    "load_save": sum(run.load + run.save for run in runs) if complete else None,
                    "failed": failed.node if failed else (None if complete else "incomplete"),
                }

    def cell(self, name, multiplier):
        return self.cells.get((name, multiplier))

    def value(self, name, multiplier, key):
        cell = self.cell(name, multiplier)
        return None if cell is None else cell[key]


def _label(name: str) -> str:
    environment = BY_NAME[name]
    return f"{environment.label} (Kedro)" if environment.runner == "kedro" else f"`{environment.conf_env}` (Swift)"


def tables(summary: Summary, rows_by_multiplier: dict) -> str:
    lines = []
    header = "| environment | " + " | ".join(f"{m}: A / W (s)" for m in summary.multipliers) + " |"
    lines += ["Seconds, A = sum of the nodes' load + compute + save, W = sum of the nodes' whole-process wall:", "",
              header, "|---|" + "---|" * len(summary.multipliers)]
    rows = "| rows after the filter | " + " | ".join(f"{rows_by_multiplier.get(m, '-'):,}" if isinstance(rows_by_multiplier.get(m), int) else "-"
                                                   for m in summary.multipliers) + " |"
    lines.append(rows)
    for name in summary.environments:
        cells = []
        for multiplier in summary.multipliers:
            cell = summary.cell(name, multiplier)
            if cell is None:
                cells.append("-")
            elif cell["failed"]:
                cells.append(f"failed ({cell['failed']})")
            else:
                cells.append(f"{seconds(cell['A'])} / {seconds(cell['W'])}")
        lines.append(f"| {_label(name)} | " + " | ".join(cells) + " |")
    lines += ["", "Load + save seconds (share of A):", "",
              "| environment | " + " | ".join(str(m) for m in summary.multipliers) + " |",
              "|---|" + "---|" * len(summary.multipliers)]
    for name in summary.environments:
        cells = []
        for multiplier in summary.multipliers:
            cell = summary.cell(name, multiplier)
            if cell is None or cell["failed"]:
                cells.append("-")
            else:
                share = cell["load_save"] / cell["A"] if cell["A"] else 0
                cells.append(f"{seconds(cell['load_save'])} ({share:.0%})")
        lines.append(f"| {_label(name)} | " + " | ".join(cells) + " |")
    ratio_lines = []
    for ours, peer in RATIOS:
        if ours not in summary.environments or peer not in summary.environments:
            continue
        cells = []
        for multiplier in summary.multipliers:
            a_ours, a_peer = summary.value(ours, multiplier, "A"), summary.value(peer, multiplier, "A")
            w_ours, w_peer = summary.value(ours, multiplier, "W"), summary.value(peer, multiplier, "W")
            if None in (a_ours, a_peer, w_ours, w_peer) or not a_peer or not w_peer:
                cells.append("-")
            else:
                cells.append(f"{ratio(a_ours / a_peer)} / {ratio(w_ours / w_peer)}")
        ratio_lines.append(f"| {_label(ours)} / {_label(peer)} | " + " | ".join(cells) + " |")
    if ratio_lines:
        lines += ["", "Ratios from this run, ours / peer, A / W (below 1: ours is faster):", "",
                  "| ours / peer | " + " | ".join(str(m) for m in summary.multipliers) + " |",
                  "|---|" + "---|" * len(summary.multipliers)] + ratio_lines
    return "\n".join(lines)


def node_table(node_runs) -> str:
    lines = ["| environment | multiplier | node | load s | compute s | save s | wall s | peak RSS MB |",
             "|---|---|---|---|---|---|---|---|"]
    for run in node_runs:
        if run.error:
            lines.append(f"| {_label(run.environment)} | {run.multiplier} | {run.node} | failed | | | {seconds(run.wall)} | |")
            continue
        lines.append(f"| {_label(run.environment)} | {run.multiplier} | {run.node} | {seconds(run.load)} | "
                     f"{seconds(run.compute)} | {seconds(run.save)} | {seconds(run.wall)} | {run.max_rss_mb:.0f} |")
    return "\n".join(lines)


def comparison_text(comparisons: list[dict]) -> str:
    lines = []
    for entry in comparisons:
        head = f"multiplier {entry['multiplier']}: reference {_label(entry['reference'])}"
        lines.append(head)
        for name, result in entry["environments"].items():
            if result["problems"]:
                lines.append(f"  DISAGREE {_label(name)}: " + "; ".join(result["problems"][:6])
                             + (f" (+{len(result['problems']) - 6} more)" if len(result["problems"]) > 6 else ""))
            elif result.get("error"):
                lines.append(f"  NOT COMPARED {_label(name)}: {result['error']}")
            else:
                lines.append(f"  agree    {_label(name)}: {result['rows']}")
                dtypes = [item for item in result["notes"] if "dtype" in item]
                within = [item for item in result["notes"] if "within the tolerance" in item]
                if dtypes:
                    lines.append(f"           {len(dtypes)} columns with another dtype, e.g. {dtypes[0]}")
                for item in within[:3]:
                    lines.append(f"           {item.split('; ')[-1]}")
    return "\n".join(lines)


def write_csv(path: str, node_runs) -> None:
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["environment", "runner", "multiplier", "node", "load_s", "compute_s", "save_s", "total_s",
                         "wall_s", "peak_rss_mb", "mb_in", "mb_out", "error"])
        for run in node_runs:
            writer.writerow([run.environment, BY_NAME[run.environment].runner, run.multiplier, run.node,
                             f"{run.load:.6f}", f"{run.compute:.6f}", f"{run.save:.6f}", f"{run.total:.6f}",
                             f"{run.wall:.6f}", f"{run.max_rss_mb:.1f}", run.mb_in if run.mb_in is not None else "",
                             run.mb_out if run.mb_out is not None else "", run.error or ""])


def write_json(path: str, record: dict) -> None:
    with open(path, "w") as file:
        json.dump(record, file, indent=1, default=str)

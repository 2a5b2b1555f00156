"""The environments the benchmark runs: the Kedro project's (the Python peers and DatasetSDK's
Python datasets) and the Swift example's, with what each needs and where it keeps its outputs."""

from __future__ import annotations

from dataclasses import dataclass

NODES = ["outliers_node", "create_target_node", "drop_cols_node", "fill_na_node", "total_sf_node"]
# Every dataset the nodes save; the comparison loads all of them.
OUTPUTS = ["house_prices_no_outliers", "y_train", "house_prices_drop", "house_prices_no_na", "house_prices_clean"]


@dataclass(frozen=True)
class Environment:
    name: str             # the key in tables (Kedro: its conf folder; Swift: "swift:" + its -e name)
    runner: str           # "kedro" or "swift"
    conf_env: str         # the -e argument
    label: str            # what the table's header says
    needs_s3: bool = False
    needs_vineyard: bool = False
    needs_store: bool = False


KEDRO = [
    Environment("vineyard", "kedro", "vineyard", "Vineyard", needs_vineyard=True),
    Environment("pickle-s3", "kedro", "pickle-s3", "pickle on S3", needs_s3=True),
    Environment("cloudpickle-zstd-s3", "kedro", "cloudpickle-zstd-s3", "cloudpickle+zstd on S3", needs_s3=True),
    Environment("csv-s3", "kedro", "csv-s3", "CSV on S3", needs_s3=True),
    Environment("datasetsdk-shm", "kedro", "datasetsdk-shm", "Kedro + datasetsdk shm", needs_store=True),
    Environment("datasetsdk-dso", "kedro", "datasetsdk-dso", "Kedro + datasetsdk .dso"),
]

SWIFT = [
    Environment("swift:shm", "swift", "shm", "shm", needs_store=True),
    Environment("swift:local", "swift", "local", "local"),
    Environment("swift:pickle-local", "swift", "pickle-local", "pickle-local"),
    Environment("swift:pickle", "swift", "pickle", "pickle (S3)", needs_s3=True),
    Environment("swift:s3", "swift", "s3", "s3", needs_s3=True),
    Environment("swift:s3-csv", "swift", "s3-csv", "s3-csv", needs_s3=True),
]

BY_NAME = {environment.name: environment for environment in KEDRO + SWIFT}

# Ratios printed under the table: (ours, peer), both A and W, from the same run.
RATIOS = [
    ("swift:shm", "vineyard"),
    ("datasetsdk-shm", "vineyard"),
    ("swift:pickle", "cloudpickle-zstd-s3"),
    ("swift:s3", "pickle-s3"),
    ("swift:s3-csv", "csv-s3"),
    ("datasetsdk-dso", "pickle-s3"),
]

# The comparison's reference, the first of these that ran.
REFERENCE_ORDER = ["swift:local", "datasetsdk-dso", "swift:shm", "datasetsdk-shm"]


def parse(kedro_text: str | None, swift_text: str | None) -> list[Environment]:
    """The environments named in --environments and --swift-environments (comma-separated;
    "all" or empty for all, "none" for none). Swift names may omit the "swift:" prefix."""
    chosen = []
    for text, group, prefix in ((kedro_text, KEDRO, ""), (swift_text, SWIFT, "swift:")):
        if text is None or text.strip() in ("", "all"):
            chosen.extend(group)
            continue
        if text.strip() == "none":
            continue
        known = {environment.name: environment for environment in group}
        for part in (item.strip() for item in text.split(",")):
            if not part:
                continue
            key = part if part.startswith(prefix) else prefix + part
            if key not in known:
                names = ", ".join(name[len(prefix):] for name in known)
                raise SystemExit(f"peers: unknown environment '{part}'; known: {names}")
            chosen.append(known[key])
    return chosen

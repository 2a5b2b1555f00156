"""Does vineyard truncate pandas-3 `str` columns? A probe on the running vineyardd.

vineyard 0.24's `pandas_dataframe_builder` takes `block.values[0]` for a one-column block that
is not a numpy array: for an extension array (pandas 3's `str` columns are one) that is the
column's first value, which it stores as a `vineyard::Scalar<std::string>` without an error.
The probe puts the first rows of the input as pandas reads them (text as `str`), looks at the
stored members' type names and gets the frame back in a fresh process, then reports what it saw.
The benchmark's Vineyard environment does not hit this: its dataset hands `str` columns to
vineyard as object columns (`strings_as_object: true`) and checks the members' type names.
"""

from __future__ import annotations

import json
import subprocess
import sys


def probe(socket: str, csv_path: str | None, rows: int = 64) -> dict:
    import pandas as pd
    import vineyard

    if csv_path:
        frame = pd.read_csv(csv_path, nrows=rows)
    else:
        frame = pd.DataFrame({"Id": range(rows), "Neighborhood": pd.Series([f"N{i % 7}" for i in range(rows)], dtype="str")})
    text = [name for name in frame.columns if isinstance(frame[name].dtype, pd.StringDtype)]
    report = {"vineyard": vineyard.__version__, "pandas": pd.__version__, "str_columns": len(text),
              "columns": len(frame.columns)}
    if not text:
        report["result"] = "pandas read no `str` columns (pandas < 3): nothing to probe"
        return report
    client = vineyard.connect(socket)
    try:
        object_id = client.put(frame, persist=True)
    except Exception as error:  # noqa: BLE001 - reported
        report["put"] = f"{type(error).__name__}: {error}"
        report["result"] = "put refused the frame (loud, not silent)"
        return report
    report["put"] = "accepted, no error"
    meta = client.get_meta(object_id)
    scalars = []
    for index, name in enumerate(frame.columns):
        member = meta.get_member(f"__values_-value-{index}")
        if "Scalar" in member.typename:
            scalars.append(name)
    report["stored_as_scalar"] = len(scalars)
    report["example"] = None
    if scalars:
        name = scalars[0]
        member = meta.get_member(f"__values_-value-{list(frame.columns).index(name)}")
        report["example"] = (f"column {name!r} ({frame[name].nunique()} distinct values in {len(frame)} rows) "
                             f"stored as {member.typename}")
    # Get it back in a fresh process, as the next node would.
    code = ("import json, sys, vineyard\n"
            "client = vineyard.connect(sys.argv[1])\n"
            "try:\n"
            "    value = client.get(vineyard.ObjectID(sys.argv[2]), fetch=True)\n"
            "    print(json.dumps({'get': 'ok', 'first_column_values': [str(v) for v in value[sys.argv[3]].head(3)]}))\n"
            "except Exception as error:\n"
            "    print(json.dumps({'get': type(error).__name__ + ': ' + str(error)[:200]}))\n")
    completed = subprocess.run([sys.executable, "-c", code, socket, repr(object_id), text[0]], capture_output=True,
                               text=True, timeout=300)
    try:
        report.update(json.loads(completed.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        report["get"] = f"the get process failed: {completed.stderr.strip()[-300:]}"
    if scalars:
        report["result"] = (f"TRUNCATION: vineyard {report['vineyard']} put a frame with {len(text)} pandas `str` "
                            f"columns without an error and stored {len(scalars)} of them as one scalar (their "
                            f"first value); get in a fresh process: {report['get']}")
    else:
        report["result"] = f"no truncation: every `str` column was stored as an array; get: {report['get']}"
    try:
        client.delete(object_id, force=True, deep=True)
    except Exception:  # noqa: BLE001
        pass
    return report

"""Do two environments' outputs agree? Every saved frame (the five node outputs), every column.

The rules (docs/peers.md, "Correctness"):

- the same row count and the same column names in the same order;
- the same rows null in every column (NaN, None and pandas' NA are all "null");
- text columns: equal strings (object, pandas `str` and Arrow-backed dtypes are all text);
- numeric columns: integers equal; floating-point values within a relative tolerance of
  1e-12 (|a - b| <= 1e-12 * max(|a|, |b|)), since numpy's `log1p` (y_train) and glibc's, which
  Swift calls, may differ in the last bit (1 ulp is 2.2e-16 relative). An int64 column on one
  side and a float64 column on the other agree when the values do (scikit-learn's imputer and
  CSV readers may change numeric dtypes on purpose); such a dtype difference is noted, not failed;
- a numeric column on one side and a text column on the other disagree.

A text column whose values on one side are all its first value, where the reference has several
distinct values, is reported as truncated: what vineyard 0.24 does to pandas-3 `str` columns
(it stores `block.values[0]`, a `vineyard::Scalar<std::string>`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RELATIVE_TOLERANCE = 1e-12


def _kind(series: pd.Series) -> str:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if pd.api.types.is_string_dtype(dtype) or dtype == object:
        return "text"
    return str(dtype)


def _frame(value, name: str) -> pd.DataFrame:
    if isinstance(value, pd.DataFrame):
        return value
    if isinstance(value, pd.Series):
        return value.to_frame()
    raise TypeError(f"{name}: expected a pandas DataFrame, found {type(value).__module__}.{type(value).__name__}")


def compare_column(name: str, reference: pd.Series, other: pd.Series):
    """(problem or None, note or None) for one column."""
    kind_ref, kind_other = _kind(reference), _kind(other)
    note = None
    if str(reference.dtype) != str(other.dtype):
        note = f"{name}: dtype {reference.dtype} vs {other.dtype}"
    if {kind_ref, kind_other} != {"number"} and kind_ref != kind_other:
        return f"{name}: {kind_ref} ({reference.dtype}) vs {kind_other} ({other.dtype})", None
    null_ref = reference.isna().to_numpy()
    null_other = other.isna().to_numpy()
    if not np.array_equal(null_ref, null_other):
        first = int(np.flatnonzero(null_ref != null_other)[0])
        return (f"{name}: nulls differ ({int(null_ref.sum())} vs {int(null_other.sum())}; first at row {first}: "
                f"{reference.iloc[first]!r} vs {other.iloc[first]!r})"), note
    present = ~null_ref
    if kind_ref == "number":
        a = reference.to_numpy(dtype=np.float64, na_value=np.nan)[present]
        b = other.to_numpy(dtype=np.float64, na_value=np.nan)[present]
        if pd.api.types.is_integer_dtype(reference.dtype) and pd.api.types.is_integer_dtype(other.dtype):
            same = reference.to_numpy()[present] == other.to_numpy()[present]
        else:
            with np.errstate(invalid="ignore"):
                same = (a == b) | (np.abs(a - b) <= RELATIVE_TOLERANCE * np.maximum(np.abs(a), np.abs(b)))
        if not same.all():
            bad = np.flatnonzero(~same)
            row = int(np.flatnonzero(present)[bad[0]])
            worst = float(np.max(np.abs(a[bad] - b[bad]) / np.maximum(np.abs(a[bad]), np.abs(b[bad]))))
            return (f"{name}: {len(bad)} values differ beyond rtol {RELATIVE_TOLERANCE:g} (worst relative "
                    f"{worst:.3g}; first at row {row}: {reference.iloc[row]!r} vs {other.iloc[row]!r})"), note
        inexact = a != b
        if inexact.any():
            worst = float(np.max(np.abs(a[inexact] - b[inexact]) / np.maximum(np.abs(a[inexact]), np.abs(b[inexact]))))
            within = f"{name}: {int(inexact.sum())} of {len(a)} values differ within the tolerance (worst relative {worst:.2g})"
            note = within if note is None else f"{note}; {within}"
        return None, note
    a = reference.astype(object).to_numpy()[present]
    b = other.astype(object).to_numpy()[present]
    same = np.array([x == y for x, y in zip(a, b)], dtype=bool) if len(a) else np.ones(0, dtype=bool)
    if not same.all():
        bad = np.flatnonzero(~same)
        row = int(np.flatnonzero(present)[bad[0]])
        if len(b) > 1 and all(value == b[0] for value in b) and len(set(a)) > 1:
            return (f"{name}: TRUNCATED: every value is the first one ({b[0]!r}), the reference has "
                    f"{len(set(a))} distinct values"), note
        return (f"{name}: {len(bad)} strings differ (first at row {row}: {reference.iloc[row]!r} vs "
                f"{other.iloc[row]!r})"), note
    return None, note


def compare_frames(dataset: str, reference, other) -> tuple[list[str], list[str]]:
    """(problems, notes) comparing one dataset of two environments."""
    reference = _frame(reference, dataset)
    other = _frame(other, dataset)
    problems, notes = [], []
    if len(reference) != len(other):
        problems.append(f"{dataset}: {len(reference)} rows vs {len(other)}")
        return problems, notes
    if list(reference.columns) != list(other.columns):
        missing = [name for name in reference.columns if name not in other.columns]
        extra = [name for name in other.columns if name not in reference.columns]
        problems.append(f"{dataset}: columns differ (missing {missing[:5]}, extra {extra[:5]}"
                        + (", order differs" if not missing and not extra else "") + ")")
        return problems, notes
    for name in reference.columns:
        problem, note = compare_column(name, reference[name], other[name])
        if problem:
            problems.append(f"{dataset}.{problem}")
        if note:
            notes.append(f"{dataset}.{note}")
    return problems, notes

"""Seeded house-prices rows, the same values as the Swift example's generator.

A numpy port of Examples/MLOps/Sources/MLOps/Data (SeededRandom, ColumnGenerator,
HousePricesGenerator): every column draws from its own SplitMix64 stream, named after the
column (FNV-1a of its name with a salt: 1 for base rows, 2 for augmentation rows), so the rows
are the same bytes as the Swift pipeline's in every process and environment.

Per row, a column with a share of nulls draws once for "is it null" (the top 53 bits as a
double below the share) and, when it is not, once more for the value; a column without nulls
draws only the value. Values in `lo...hi` come from a multiply-shift of the 64-bit draw (the high
word of `span * draw`). SplitMix64's n-th output is a function of n, so the draws are computed
as arrays; which draws decide nulls is found without a Python loop (see `_null_positions`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema

DEFAULT_SEED = 42
GOLDEN = np.uint64(0x9E3779B97F4A7C15)
MASK64 = (1 << 64) - 1


def stream_for(name: str, salt: int) -> int:
    """FNV-1a over the name's UTF-8 bytes, starting from the offset basis xor `salt`."""
    value = 0xCBF29CE484222325 ^ salt
    for byte in name.encode("utf-8"):
        value = ((value ^ byte) * 0x100000001B3) & MASK64
    return value


def _draws(seed: int, stream: int, count: int) -> np.ndarray:
    """The `count` outputs of SeededRandom(seed, stream) that follow the discarded first one."""
    start = (seed ^ ((stream * 0x9E3779B97F4A7C15) & MASK64) ^ 0xD1B54A32D192ED03) & MASK64
    # State after k calls is start + k * golden; output k (k >= 2 here) mixes that state.
    with np.errstate(over="ignore"):
        state = np.uint64(start) + np.arange(2, count + 2, dtype=np.uint64) * GOLDEN
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _in_range(draws: np.ndarray, low: int, high: int) -> np.ndarray:
    """low + high 64 bits of (span * draw), as SeededRandom.integer(in:)."""
    span = high - low + 1
    if not 0 < span < (1 << 32):
        raise ValueError(f"range {low}...{high} is too wide for the generator")
    span64 = np.uint64(span)
    upper = draws >> np.uint64(32)
    lower = draws & np.uint64(0xFFFFFFFF)
    high_word = (span64 * upper + ((span64 * lower) >> np.uint64(32))) >> np.uint64(32)
    return np.int64(low) + high_word.astype(np.int64)


def _null_positions(draws: np.ndarray, share: float, rows: int):
    """For a column with nulls: per row, whether it is null and the index of its value draw.

    Draw k decides a row's null when k is where a row starts. Row 0 starts at draw 0; after a
    null row the next starts at the next draw, after a valued row one further. So draw k starts a
    row exactly when draw k-1 was a null test that came out null (then k starts whatever k-1
    was: a value draw is followed by a start too) or when an even number of draws since the last
    such reset have passed. `last reset` is a running maximum; no loop over rows."""
    is_null_draw = (draws >> np.uint64(11)).astype(np.float64) * 2.0**-53 < share
    count = draws.shape[0]
    reset = np.zeros(count, dtype=bool)
    reset[0] = True
    reset[1:] = is_null_draw[:-1]
    last_reset = np.maximum.accumulate(np.where(reset, np.arange(count), 0))
    starts = np.flatnonzero((np.arange(count) - last_reset) % 2 == 0)[:rows]
    if starts.shape[0] < rows:
        raise AssertionError("not enough draws for the rows (a bug: 2 per row is the most)")
    nulls = is_null_draw[starts]
    return nulls, starts + 1


def generate(values, share: float, rows: int, seed: int, stream: int):
    """`rows` values of `values` (("int64", lo, hi), ("float64", lo, hi) or ("strings", list)) with
    `share` nulls, as ColumnGenerator.generate: a numpy array and a null mask (or None)."""
    kind = values[0]
    if share > 0:
        draws = _draws(seed, stream, 2 * rows + 1)
        nulls, value_index = _null_positions(draws, share, rows)
        value_draws = draws[np.minimum(value_index, draws.shape[0] - 1)]
    else:
        value_draws = _draws(seed, stream, rows)
        nulls = None
    if kind == "strings":
        categories = values[1]
        codes = _in_range(value_draws, 0, len(categories) - 1)
        table = np.array(list(categories) + [None], dtype=object)
        if nulls is not None:
            codes = np.where(nulls, len(categories), codes)
        return table[codes], nulls
    numbers = _in_range(value_draws, values[1], values[2])
    if nulls is not None:
        numbers = np.where(nulls, 0, numbers)
    if kind == "float64":
        numbers = numbers.astype(np.float64)
    return numbers, nulls


def _series(name: str, data: np.ndarray, nulls, kind: str, text_dtype) -> pd.Series:
    if kind == "strings":
        return pd.Series(data, name=name, dtype=text_dtype)
    if nulls is not None and nulls.any():
        if kind == "int64":
            raise ValueError(f"column {name}: an int64 column cannot hold the nulls it draws (pandas has no int64 NaN)")
        data = data.copy()
        data[nulls] = np.nan
    return pd.Series(data, name=name)


def _domain_values(kind: str, domain):
    if kind == "categories":
        return ("strings", list(domain))
    return ("float64" if kind == "reals" else "int64", domain[0], domain[1])


def default_text_dtype():
    """What pandas' read_csv gives text columns: `str` from pandas 3 on, object before."""
    return "str" if int(pd.__version__.split(".")[0]) >= 3 else object


def base_rows(rows: int = schema.BASE_ROW_COUNT, seed: int = DEFAULT_SEED, text_dtype=None) -> pd.DataFrame:
    """`rows` rows with the 81 columns of the schema (when there is no train.csv); Id from 1."""
    text_dtype = text_dtype or default_text_dtype()
    columns = {}
    for spec in schema.COLUMNS:
        name, kind, domain, _ = spec
        if name == "Id":
            columns[name] = pd.Series(np.arange(1, rows + 1, dtype=np.int64), name=name)
            continue
        values = _domain_values(kind, domain)
        data, nulls = generate(values, schema.missing_share(spec), rows, seed, stream_for(name, 1))
        columns[name] = _series(name, data, nulls, values[0], text_dtype)
    return pd.DataFrame(columns)


def generator_for(name: str, column: pd.Series):
    """(values, share) for random rows of `column`'s kind, as HousePricesGenerator.generator(for:in:):
    the schema's domain and share when the kinds agree, else what the column holds."""
    spec = schema.BY_NAME.get(name)
    kind = column_kind(column)
    if spec is not None:
        _, schema_kind, domain, _ = spec
        share = schema.missing_share(spec)
        if kind in ("int64", "float64") and schema_kind in ("integers", "reals"):
            return (kind, domain[0], domain[1]), share
        if kind == "strings" and schema_kind == "categories":
            return ("strings", list(domain)), share
    present = column.dropna()
    share = 0.0 if len(column) == 0 else float(column.isna().sum()) / len(column)
    if kind == "int64":
        return ("int64", int(present.min()) if len(present) else 0, int(present.max()) if len(present) else 0), share
    if kind == "float64":
        low = int(np.floor(present.min())) if len(present) else 0
        high = int(np.ceil(present.max())) if len(present) else 0
        return ("float64", low, high), share
    if kind == "strings":
        distinct = sorted(set(map(str, present)), key=lambda text: text.encode("utf-8"))
        return (("strings", distinct), share) if distinct else (("strings", [""]), 1.0)
    raise ValueError(f"column {name}: cannot generate random rows for dtype {column.dtype}")


def column_kind(column: pd.Series) -> str:
    """int64, float64 or strings: the DatasetSDK kind pandas' dtype maps to here."""
    dtype = column.dtype
    if pd.api.types.is_integer_dtype(dtype):
        return "int64"
    if pd.api.types.is_float_dtype(dtype):
        return "float64"
    if pd.api.types.is_string_dtype(dtype) or dtype == object:
        return "strings"
    return str(dtype)


def random_rows(base: pd.DataFrame, rows: int, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """`rows` random rows over `base`'s columns, each of the same kind and dtype as in `base`."""
    columns = {}
    for name in base.columns:
        values, share = generator_for(name, base[name])
        data, nulls = generate(values, share, rows, seed, stream_for(name, 2))
        series = _series(name, data, nulls, values[0], base[name].dtype)
        if values[0] == "int64":
            series = series.astype(base[name].dtype)
        columns[name] = series
    return pd.DataFrame(columns)

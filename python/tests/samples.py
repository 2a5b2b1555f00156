"""What Swift writes in Tests/Helpers/DatasetTestHelper/InteropSamples.swift, restated
independently: the tests compare what Python reads with these values."""

import numpy as np

I8, I16, I32, I64 = (np.iinfo(t) for t in (np.int8, np.int16, np.int32, np.int64))
U8, U16, U32, U64 = (np.iinfo(t) for t in (np.uint8, np.uint16, np.uint32, np.uint64))
F32MAX, F64MAX = float(np.finfo(np.float32).max), float(np.finfo(np.float64).max)


def signed(info):
    return [info.min, -1, 0, 1, 42, info.max]


def unsigned(info):
    return [0, 1, 2, 42, info.max - 1, info.max]


TENSORS = {
    "bool": [True, False, True, True, False, False],
    "int8": signed(I8), "int16": signed(I16), "int32": signed(I32), "int64": signed(I64),
    "uint8": unsigned(U8), "uint16": unsigned(U16), "uint32": unsigned(U32), "uint64": unsigned(U64),
    "float32": [-1.5, 0, 0.001, float("nan"), float("inf"), F32MAX],
    "float64": [-1.5, 0, 0.001, float("nan"), float("-inf"), F64MAX],
}

STRINGS = ["", "a", "héllo", "日本語", "emoji 🎉", "line\nbreak"]

FRAME_COLUMNS = {
    "bool": [True, False, True, False, True],
    "int8": [I8.min, -1, 0, 1, I8.max], "int16": [I16.min, -1, 0, 1, I16.max],
    "int32": [I32.min, -1, 0, 1, I32.max], "int64": [I64.min, -1, 0, 1, I64.max],
    "uint8": [0, 1, 2, 42, U8.max], "uint16": [0, 1, 2, 42, U16.max],
    "uint32": [0, 1, 2, 42, U32.max], "uint64": [0, 1, 2, 42, U64.max],
    "float32": [-1.5, 0, 0.25, 1e30, float("inf")], "float64": [-1.5, 0, 0.25, 1e300, float("-inf")],
}
FRAME_NULL_ROWS = (1, 3)
FRAME_S = ["RL", "RM", "", "héllo", "日本語"]
FRAME_SN = [None, "Pave", "Grvl", "", None]

RECORD = {
    "flag": True, "count": -42, "big": U64.max, "ratio": 0.125, "name": "house prices ✓", "raw": bytes([0, 1, 254, 255]),
    "list": [1, "two", None, [3.5]], "map": {"a": 1, "b": {"c": False}}, "nothing": None,
}

BYTES = bytes(i % 256 for i in range(300))

# Column types (issue #19): "frame_types", "series" and "series_indexed". The raw values are the
# stored counts (days for dates, the unscaled integer for decimals, the category for
# dictionaries); None marks the null row (Swift may store anything there).
FRAME_TYPES = {
    "ts_ns": ("timestamp[ns]", [0, 1600000000123456789, None, -1, 86400000000000]),
    "ts_utc_ms": ("timestamp[ms, UTC]", [0, 1600000000123, 2, None, -86400000]),
    "ts_paris_s": ("timestamp[s, Europe/Paris]", [0, 1600000000, None, 3, 4]),
    "dur_us": ("duration[us]", [0, -1, 86400000000, None, 5]),
    "date": ("date32", [0, 18262, -1, None, 2932896]),
    "dec": ("decimal128(10, 2)", [12345, -1, 0, None, 9999999999]),
    "cat": ("dictionary<int8, string>", ["RL", "RM", None, "FV", "RL"]),
    "cat_ord": ("dictionary<int16, int64, ordered>", [3, 2, 1, None, 3]),
}
FRAME_TYPES_DECIMAL_TEXT = ["123.45", "-0.01", "0.00", None, "99999999.99"]
FRAME_TYPES_CATEGORIES = {"cat": ["RL", "RM", "FV"], "cat_ord": [1, 2, 3]}
SERIES = ("SalePrice", [208500.0, 181500.0, 223500.0])
SERIES_INDEXED = (7, ["a", "b"], {"Id": [10, 20]})

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

#!/usr/bin/env python3
"""Python's side of `datasets-bench pickle`: cloudpickle + zstandard on the same data.

    python3 scripts/bench/pickle_peer.py --frame FRAME.dso --tensor TENSOR.dso --directory DIR

FRAME.dso and TENSOR.dso are plain DatasetSDK containers written by the Swift benchmark; they are
read once (untimed) with Tests/Interop/dso_reader.py into a pandas DataFrame (pandas' default
dtypes: int64, float64 with NaN for nulls, `str` for text) and a numpy float64 array. The script
then prints `ready` and serves one command per line on standard input, so that the benchmark can
measure each case of ours and the same case here back to back:

    measure NAME LEVEL THREADS REPEATS    ->  case=NAME level=L threads=T pickled=B stored=B save=S load=S
    quit

where save is cloudpickle.dumps(obj, protocol=5) -> ZstdCompressor(level, threads).compress ->
write the file, and load is read the file -> ZstdDecompressor().decompress -> cloudpickle.loads
(python-zstandard's defaults otherwise: content size recorded, no checksum; `threads` is libzstd's
nbWorkers). Sizes are bytes, times the best of REPEATS in seconds. A failure prints `error=...`.
Progress goes to standard error.
"""

import argparse
import gc
import mmap
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Interop"))

import dso_reader  # noqa: E402


def log(message):
    print(f"pickle_peer: {message}", file=sys.stderr, flush=True)


NUMPY_DTYPES = {
    "bool": "bool", "int8": "<i1", "int16": "<i2", "int32": "<i4", "int64": "<i8", "uint8": "u1",
    "uint16": "<u2", "uint32": "<u4", "uint64": "<u8", "float32": "<f4", "float64": "<f8",
}


def field(meta, name):
    """A metadata field as a plain Python value (str, int, list, ...)."""
    return dso_reader.value_to_json(meta.fields[name])


def blob(data, ref, dtype="u1", count=-1):
    import numpy as np

    return np.frombuffer(data, dtype=dtype, count=count, offset=ref.container_offset)


def validity(data, meta, rows):
    import numpy as np

    ref = meta.blobs.get("validity")
    if ref is None:
        return None
    bits = np.unpackbits(blob(data, ref, count=ref.size), bitorder="little")[:rows]
    return bits.astype(bool)


def column(data, meta, rows):
    """A pandas Series from a Tensor or StringArray column member, nulls as NaN."""
    import numpy as np
    import pandas as pd

    valid = validity(data, meta, rows)
    if meta.type_name == "datasetsdk.StringArray":
        offsets = blob(data, meta.blobs["offsets"], "<i8", rows + 1)
        raw = bytes(blob(data, meta.blobs["bytes"], count=meta.blobs["bytes"].size))
        values = [raw[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(rows)]
        if valid is not None:
            values = [v if ok else None for v, ok in zip(values, valid)]
        return pd.Series(values, dtype="str")
    values = blob(data, meta.blobs["data"], NUMPY_DTYPES[field(meta, "dtype")], rows).copy()
    if valid is not None and not valid.all():
        values = values.astype(np.float64)
        values[~valid] = np.nan
    return pd.Series(values)


def read_object(path):
    import numpy as np
    import pandas as pd

    with open(path, "rb") as file:
        data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    meta = dso_reader.open_container(data, verify=False)
    if meta.type_name == "datasetsdk.Tensor":
        shape = field(meta, "shape")
        dtype = NUMPY_DTYPES[field(meta, "dtype")]
        ref = meta.blobs["data"]
        return blob(data, ref, dtype, ref.size // np.dtype(dtype).itemsize).reshape(shape).copy()
    if meta.type_name == "datasetsdk.DataFrame":
        rows = field(meta, "row_count")
        names = field(meta, "columns")
        return pd.DataFrame({name: column(data, meta.members[name], rows) for name in names})
    raise ValueError(f"{path}: unsupported type {meta.type_name}")


def measure(obj, path, level, threads, repeats):
    """Best-of-`repeats` save and load of `obj` through `path`; returns the result fields."""
    import cloudpickle
    import zstandard

    saves, loads = [], []
    pickled = stored = 0
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        payload = cloudpickle.dumps(obj, protocol=5)
        compressed = zstandard.ZstdCompressor(level=level, threads=threads).compress(payload)
        with open(path, "wb") as file:
            file.write(compressed)
        saves.append(time.perf_counter() - start)
        pickled, stored = len(payload), len(compressed)
        del payload, compressed
        gc.collect()
        start = time.perf_counter()
        with open(path, "rb") as file:
            compressed = file.read()
        loaded = cloudpickle.loads(zstandard.ZstdDecompressor().decompress(compressed))
        loads.append(time.perf_counter() - start)
        del compressed, loaded
    os.unlink(path)
    return f"pickled={pickled} stored={stored} save={min(saves):.6f} load={min(loads):.6f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frame", required=True)
    parser.add_argument("--tensor", required=True)
    parser.add_argument("--directory", required=True)
    args = parser.parse_args()
    try:
        import cloudpickle
        import zstandard

        log(f"cloudpickle {cloudpickle.__version__}, zstandard {zstandard.__version__} (libzstd {zstandard.ZSTD_VERSION})")
        objects = {"frame": read_object(args.frame), "tensor": read_object(args.tensor)}
    except Exception as error:  # reported to the Swift side, which prints it
        print(f"error={type(error).__name__}: {error}".replace("\n", " "), flush=True)
        return 1
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        try:
            name, level, threads, repeats = words[1], int(words[2]), int(words[3]), int(words[4])
            result = measure(objects[name], os.path.join(args.directory, f"{name}.pkl.zst"), level, threads, repeats)
            print(f"case={name} level={level} threads={threads} {result}", flush=True)
        except Exception as error:
            print(f"error={type(error).__name__}: {error}".replace("\n", " "), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Read and write DatasetSDK objects from Python.

```python
import datasetsdk as ds

frame = ds.load("data/prices.dso")                  # pandas.DataFrame; numeric columns view the mapped file
ds.save(frame["SalePrice"], "data/y.dso")           # a pandas.Series (name, values, index)
ds.save(frame, "data/prices_copy.dso")
ds.save(frame, "data/prices.dso.zst")               # zstd-compressed container (needs zstandard)

store = ds.SharedMemoryStore.open()                 # the default store: /dev/shm/datasetsdk-<uid>/default
tensor = store.load("big")                          # numpy array mapping the store's file: no copy
store.save(frame, "house_prices")                   # one transaction, as the Swift side does
```

Formats: docs/format.md (containers, built-in types) and docs/shared-memory.md (the store).
"""

from __future__ import annotations

import os

from . import arrays, compressed, container, frames
from .errors import (CompressionError, DatasetSDKError, FormatError, ObjectError, ObjectNotFoundError,
                     StoreError)
from .objects import StoredObject
from .sizes import format_size, parse_size
from .store import SharedMemoryStore
from .arrays import DateArray, DecimalArray, DictionaryArray, DurationArray, TimestampArray
from .types import StringArray, decode, encode
from .values import uint

__all__ = [
    "CompressionError", "DatasetSDKError", "DateArray", "DecimalArray", "DictionaryArray", "DurationArray", "FormatError",
    "ObjectError", "ObjectNotFoundError", "StoreError", "SharedMemoryStore", "StoredObject", "StringArray",
    "TimestampArray", "decode", "encode", "format_size", "load", "parse_size", "read", "save", "uint", "write",
]


def _compressed(path) -> bool:
    return os.fspath(path).endswith(".zst")


def read(path, verify: bool = True) -> StoredObject:
    """The object in a `.dso` file, or in a `.dso.zst` file (by its name), as metadata plus blob
    views. `verify` checks every blob's CRC-32 (one read of the bytes)."""
    return compressed.read(path, verify) if _compressed(path) else container.read(path, verify)


def write(obj: StoredObject, path, **options) -> None:
    """Writes a :class:`StoredObject` to `path` (`.dso.zst`: compressed; options `level`,
    `threads`, `checksum`, `frame_size`, `durable`), atomically."""
    if _compressed(path):
        compressed.write(obj, path, **options)
    else:
        container.write(obj, path, **options)


def load(path, verify: bool = True, **options):
    """The Python value of the object in `path` (numpy array, pandas DataFrame or Series, dict, ...;
    see :mod:`datasetsdk.types`); `options` go to :func:`datasetsdk.frames.to_pandas`
    (``arrow_strings=True``: object-dtype text as Arrow-backed str columns)."""
    return decode(read(path, verify), **options)


def save(value, path, **options) -> None:
    """Stores a Python value (numpy array, pandas DataFrame or Series, dict, bytes, StringArray,
    an array of :mod:`datasetsdk.arrays` or a StoredObject) in `path`."""
    write(encode(value), path, **options)

"""Kedro datasets that share objects with Swift pipelines through the same catalog.yml.

```yaml
"{name}":                                  # a factory: every dataset without its own entry
  type: datasetsdk.kedro.SharedMemoryDataset
  object_name: "{name}"                     # the object's name in the store (the Swift default is the dataset name)
  store: /dev/shm/datasetsdk-1000/default   # default: $DATASETS_SHM_STORE, else /dev/shm/datasetsdk-<uid>/default
house_prices_clean:
  type: datasetsdk.kedro.ObjectDataset
  filepath: data/03_primary/house_prices_clean.dso
  load_args: {verify_checksums: true}
y_train:
  type: datasetsdk.kedro.PickleDataset
  filepath: data/05_model_input/y_train.dso.zst
  save_args: {level: 3}
```

Kedro does not tell a dataset its catalog name, so `SharedMemoryDataset` needs `object_name`
(a factory's `"{name}"` gives every dataset its own, as the Swift side does by default).
Loads return numpy arrays, pandas DataFrames, dicts (records) or bytes views, as
:func:`datasetsdk.decode` does; saves take the same.
"""

from __future__ import annotations

from typing import Any

from kedro.io import AbstractDataset, DatasetError

from . import compressed, container
from .errors import DatasetSDKError
from .store import SharedMemoryStore
from .types import decode, encode

_SIZE_UNITS = {"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}


def parse_size(value) -> int | None:
    """Kubernetes-style sizes as the Swift catalog reads them: 8Gi, 512Mi, 2G, or bytes."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    text = str(value).strip()
    for suffix in sorted(_SIZE_UNITS, key=len, reverse=True):
        if text.endswith(suffix):
            try:
                number = float(text[:-len(suffix)])
            except ValueError:
                break
            if number >= 0:
                return int(number * _SIZE_UNITS[suffix])
    if text.isdigit():
        return int(text)
    raise DatasetError(f"size: expected a size such as 8Gi, 512Mi, 2G or a number of bytes, found {value!r}")


class SharedMemoryDataset(AbstractDataset):
    """An object in DatasetSDK's shared-memory store: loads map the store's files (numpy and
    Arrow views, no copy), saves publish atomically, exactly as Swift's SharedMemoryDataset."""

    def __init__(self, *, object_name: str | None = None, store: str | None = None, size=None, eviction: str = "none",
                 metadata: dict[str, Any] | None = None):
        if not object_name:
            raise DatasetError("SharedMemoryDataset needs 'object_name' (Kedro does not pass the dataset's name); "
                               "with a factory write object_name: \"{name}\"")
        self._object_name = object_name
        self._store_path = store
        self._size = parse_size(size)
        self._eviction = eviction
        self.metadata = metadata
        self._store: SharedMemoryStore | None = None

    def _open(self) -> SharedMemoryStore:
        if self._store is None:
            try:
                self._store = SharedMemoryStore.open(self._store_path, self._size, self._eviction)
            except DatasetSDKError as error:
                raise DatasetError(f"SharedMemoryDataset '{self._object_name}': {error}") from None
        return self._store

    def load(self):
        try:
            return self._open().load(self._object_name)
        except DatasetSDKError as error:
            raise DatasetError(str(error)) from None

    def save(self, data) -> None:
        try:
            self._open().save(data, self._object_name)
        except DatasetSDKError as error:
            raise DatasetError(f"SharedMemoryDataset '{self._object_name}': {error}") from None

    def _exists(self) -> bool:
        return self._open().contains(self._object_name)

    def _release(self) -> None:
        super()._release()
        if self._store is not None:
            self._store.close()
            self._store = None

    def _describe(self) -> dict[str, Any]:
        return {"object_name": self._object_name, "store": self._store_path, "size": self._size, "eviction": self._eviction}


class ObjectDataset(AbstractDataset):
    """One object in a `.dso` container file (mapped on load; written atomically)."""

    def __init__(self, *, filepath: str, load_args: dict | None = None, save_args: dict | None = None,
                 metadata: dict[str, Any] | None = None):
        self._filepath = filepath
        self._load_args = dict(load_args or {})
        self._save_args = dict(save_args or {})
        self.metadata = metadata
        _check_keys("load_args", self._load_args, {"verify_checksums"})
        _check_keys("save_args", self._save_args, self._save_keys())

    @staticmethod
    def _save_keys() -> set:
        return {"durable"}

    def _read(self, path, verify):
        return container.read(path, verify)

    def _write(self, obj, path, **options):
        container.write(obj, path, **options)

    def load(self):
        try:
            return decode(self._read(self._filepath, self._load_args.get("verify_checksums", True)))
        except FileNotFoundError:
            raise DatasetError(f"{type(self).__name__}: {self._filepath} does not exist (save it first)") from None
        except DatasetSDKError as error:
            raise DatasetError(str(error)) from None

    def save(self, data) -> None:
        try:
            self._write(encode(data), self._filepath, **self._save_args)
        except DatasetSDKError as error:
            raise DatasetError(f"{type(self).__name__} {self._filepath}: {error}") from None

    def _exists(self) -> bool:
        import os
        return os.path.exists(self._filepath)

    def _describe(self) -> dict[str, Any]:
        return {"filepath": self._filepath, "load_args": self._load_args, "save_args": self._save_args}


class PickleDataset(ObjectDataset):
    """One object in a zstd-compressed container (`.dso.zst`), as Swift's PickleDataset writes
    it; save_args: level, threads (Swift: workers), checksum, frame_size (bytes), durable."""

    @staticmethod
    def _save_keys() -> set:
        return {"durable", "level", "threads", "workers", "checksum", "frame_size", "compression"}

    def _read(self, path, verify):
        return compressed.read(path, verify)

    def _write(self, obj, path, **options):
        if "workers" in options:
            options["threads"] = options.pop("workers")
        if options.pop("compression", "zstd") == "none":
            container.write(obj, path, durable=options.get("durable", False))
        else:
            compressed.write(obj, path, **options)


def _check_keys(what: str, options: dict, known: set) -> None:
    unknown = sorted(set(options) - known)
    if unknown:
        raise DatasetError(f"{what}: unknown option(s) {unknown}; known: {sorted(known)}")

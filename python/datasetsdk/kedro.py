"""Kedro datasets that share objects with Swift pipelines through the same catalog.yml
(docs/python.md, "Kedro").

```yaml
"{name}":                                  # a factory: every dataset without its own entry
  type: datasetsdk.kedro.SharedMemoryDataset  # object_name: the catalog name, as in Swift
  store: /dev/shm/datasetsdk-1000/default   # default: $DATASETS_SHM_STORE, else /dev/shm/datasetsdk-<uid>/default
  load_args: {arrow_strings: true}          # object-dtype text as Arrow-backed str columns, zero-copy
house_prices_clean:
  type: datasetsdk.kedro.ObjectDataset
  filepath: data/03_primary/house_prices_clean.dso   # or s3://bucket/key.dso (fsspec; credentials: ...)
  versioned: true
y_train:
  type: datasetsdk.kedro.PickleDataset
  filepath: data/05_model_input/y_train.dso.zst
  save_args: {level: 3, frame_size: 16Mi}
```

Loads return numpy arrays, pandas DataFrames and Series, dicts (records) or bytes views, as
:func:`datasetsdk.decode` does; saves take the same.
"""

from __future__ import annotations

import sys
from pathlib import PurePosixPath
from typing import Any

from kedro.io import AbstractVersionedDataset, DatasetError, Version
from kedro.io.core import get_filepath_str, get_protocol_and_path

from . import compressed, container
from .errors import DatasetSDKError, ObjectNotFoundError
from .sizes import EXPECTED, try_parse_size
from .store import SharedMemoryStore
from .types import decode, encode

LOAD_KEYS = {"arrow_strings", "use_pyarrow"}


def _catalog_name() -> str | None:
    """The name Kedro's ``AbstractDataset.from_config(name, config, ...)`` is building a dataset
    for (it is on the call stack: Kedro does not pass the name to the constructor)."""
    frame = sys._getframe(2)
    for _ in range(8):
        if frame is None:
            return None
        if frame.f_code.co_name == "from_config" and isinstance(frame.f_locals.get("name"), str):
            return frame.f_locals["name"]
        frame = frame.f_back
    return None


def _check_keys(dataset: str, what: str, options: dict, known: set) -> None:
    unknown = sorted(set(options) - known)
    if unknown:
        raise DatasetError(f"{dataset}: {what}: unknown option(s) {unknown}; known: {sorted(known)}")


def _check_compression_args(dataset: str, save: dict) -> None:
    """PickleDataset's save_args with Swift's ranges and wording (docs/catalog.md), refused when
    the catalog is built rather than at the first save."""
    def integer(key: str, low: int, high: int, expected: str) -> None:
        value = save.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high):
            raise DatasetError(f"{dataset}: save_args.{key} must be {expected}, found {value!r}")
    integer("level", -(1 << 17), 22, "a zstd level from 1 (fastest) to 22 (smallest), or negative down to -131072")
    for key in ("workers", "threads"):
        integer(key, 0, 256, "a number of frames compressed at once from 0 to 256 (default: one per core)")
    if "checksum" in save and not isinstance(save["checksum"], bool):
        raise DatasetError(f"{dataset}: save_args.checksum must be true or false, found {save['checksum']!r}")
    if save.get("compression", "zstd") not in ("zstd", "none"):
        raise DatasetError(f"{dataset}: save_args.compression must be zstd or none, found {save['compression']!r}")
    if save.get("compression") == "none" and "level" in save:
        raise DatasetError(f"{dataset}: save_args.level must be absent with compression: none")


class SharedMemoryDataset(AbstractVersionedDataset):
    """An object in DatasetSDK's shared-memory store: loads map the store's files (numpy and
    Arrow views, no copy), saves publish atomically and reference the blobs of loaded columns,
    exactly as Swift's SharedMemoryDataset.

    `object_name` defaults to the dataset's catalog name (also for factory entries). With
    ``versioned: true`` every save binds ``<object_name>@<version>`` and a load takes the newest
    (or the requested) version. ``verify: true`` checks every blob against the CRC-32 recorded at
    save on each load and fails naming the damaged blobs (as Swift's ``verify: true``)."""

    def __init__(self, *, object_name: str | None = None, store: str | None = None, size=None, eviction: str = "none",
                 verify: bool = False, load_args: dict | None = None, save_args: dict | None = None,
                 version: Version | None = None, metadata: dict[str, Any] | None = None):
        object_name = object_name or _catalog_name()
        if not object_name:
            raise DatasetError("SharedMemoryDataset needs 'object_name' when it is not made by a Kedro catalog "
                               "(which gives it the dataset's name)")
        self._object_name = object_name
        self._label = f"SharedMemoryDataset '{object_name}'"
        self._store_path = store
        self._size = None if size is None else try_parse_size(size)
        if size is not None and self._size is None:
            raise DatasetError(f"{self._label}: size: expected {EXPECTED}, found {size!r}")
        if eviction not in ("none", "lru"):
            raise DatasetError(f"{self._label}: eviction must be 'none' or 'lru', found {eviction!r}")
        self._eviction = eviction
        if not isinstance(verify, bool):
            raise DatasetError(f"{self._label}: verify must be true or false, found {verify!r}")
        self._verify = verify
        self._load_args = dict(load_args or {})
        self._save_args = dict(save_args or {})
        _check_keys(self._label, "load_args", self._load_args, LOAD_KEYS)
        _check_keys(self._label, "save_args", self._save_args, set())
        self.metadata = metadata
        self._store: SharedMemoryStore | None = None
        super().__init__(PurePosixPath(object_name), version, exists_function=self._name_exists,
                         glob_function=self._versions_glob)

    # versions are names `<object_name>@<version>` in the store
    def _get_versioned_path(self, version: str) -> PurePosixPath:
        return PurePosixPath(f"{self._object_name}@{version}")

    def _fetch_latest_load_version(self) -> str:
        if self._cached_load_version is None:
            versions = self._versions_glob(f"{self._object_name}@*")
            if not versions:
                from kedro.io.core import VersionNotFoundError
                raise VersionNotFoundError(f"{self._label}: no version saved yet in {self._path()}")
            self._cached_load_version = versions[-1].split("@", 1)[1]
        return self._cached_load_version

    def _versions_glob(self, pattern: str) -> list[str]:
        store = self._open(create=False)
        prefix = f"{self._object_name}@"
        return [] if store is None else sorted(name for name in store.names() if name.startswith(prefix))

    def _name_exists(self, name: str) -> bool:
        store = self._open(create=False)
        return store is not None and store.contains(name)

    def _path(self) -> str:
        return self._store.path if self._store is not None else (self._store_path or "the default store")

    def _open(self, create: bool = True) -> SharedMemoryStore | None:
        if self._store is None:
            try:
                self._store = SharedMemoryStore.open(self._store_path, self._size, self._eviction, create=create)
            except DatasetSDKError as error:
                if not create and "no shared-memory store" in str(error):
                    return None
                raise DatasetError(f"{self._label}: {error}") from None
        return self._store

    def load(self):
        name = str(self._get_load_path())
        store = self._open(create=False)
        if store is None:
            raise DatasetError(f"{self._label}: no shared-memory store at {self._store_path or 'the default path'} "
                               "(nothing was saved there; check `store:` or $DATASETS_SHM_STORE)")
        try:
            return store.load(name, verify=self._verify, **self._load_args)
        except ObjectNotFoundError:
            raise DatasetError(f"{self._label}: no object named '{name}' in the shared-memory store {store.path} "
                               "(run the node that saves it first, or check `store:`)") from None
        except DatasetSDKError as error:
            raise DatasetError(f"{self._label}: {error}") from None

    def save(self, data) -> None:
        name = str(self._get_save_path())
        try:
            self._open().save(data, name)
        except DatasetSDKError as error:
            raise DatasetError(f"{self._label}: cannot save {type(data).__module__}.{type(data).__name__}: {error}") from None

    def _exists(self) -> bool:
        return self._name_exists(str(self._get_load_path()))

    def _release(self) -> None:
        super()._release()
        if self._store is not None:
            self._store.close()
            self._store = None

    def _describe(self) -> dict[str, Any]:
        return {"object_name": self._object_name, "store": self._store_path, "size": self._size,
                "eviction": self._eviction, "verify": self._verify, "load_args": self._load_args, "version": self._version}


class ObjectDataset(AbstractVersionedDataset):
    """One object in a `.dso` container file: mapped on load (local files), written atomically;
    any fsspec filesystem (``s3://``, ``gcs://``, ``memory://``...) with `credentials` and
    `fs_args` as Kedro's own datasets take them; ``versioned: true`` as for them."""

    _LOAD_KEYS = {"verify_checksums"} | LOAD_KEYS
    _SAVE_KEYS = {"durable"}

    def __init__(self, *, filepath: str, load_args: dict | None = None, save_args: dict | None = None,
                 version: Version | None = None, credentials: dict | None = None, fs_args: dict | None = None,
                 metadata: dict[str, Any] | None = None):
        import fsspec

        self._label = f"{type(self).__name__} {filepath}"
        self._load_args = dict(load_args or {})
        self._save_args = dict(save_args or {})
        _check_keys(self._label, "load_args", self._load_args, self._LOAD_KEYS)
        _check_keys(self._label, "save_args", self._save_args, self._SAVE_KEYS)
        if "frame_size" in self._save_args and try_parse_size(self._save_args["frame_size"]) is None:
            raise DatasetError(f"{self._label}: save_args: frame_size: expected {EXPECTED}, "
                               f"found {self._save_args['frame_size']!r}")
        self._protocol, path = get_protocol_and_path(filepath, version)
        self._fs_args = dict(fs_args or {})
        self._fs = fsspec.filesystem(self._protocol, **dict(credentials or {}), **self._fs_args)
        self.metadata = metadata
        super().__init__(PurePosixPath(path), version, exists_function=self._fs.exists, glob_function=self._fs.glob)

    @property
    def _local(self) -> bool:
        return self._protocol == "file"

    def _read(self, path: str, verify: bool):
        if self._local:
            return container.read(path, verify)
        return container.read_buffer(self._fs.cat_file(path), path, verify)

    def _write(self, obj, path: str, options: dict) -> None:
        if self._local:
            container.write(obj, path, **options)
        else:
            with self._fs.open(path, "wb") as file:
                container.write_file(obj, file)

    def load(self):
        path = get_filepath_str(self._get_load_path(), self._protocol)
        options = {key: value for key, value in self._load_args.items() if key in LOAD_KEYS}
        try:
            return decode(self._read(path, self._load_args.get("verify_checksums", True)), **options)
        except FileNotFoundError:
            raise DatasetError(f"{self._label}: {path} does not exist (save it first)") from None
        except DatasetSDKError as error:
            raise DatasetError(f"{self._label}: {error}") from None

    def save(self, data) -> None:
        path = get_filepath_str(self._get_save_path(), self._protocol)
        try:
            obj = encode(data)
        except DatasetSDKError as error:
            raise DatasetError(f"{self._label}: cannot save {type(data).__module__}.{type(data).__name__}: {error}") from None
        try:
            self._write(obj, path, dict(self._save_args))
        except DatasetSDKError as error:
            raise DatasetError(f"{self._label}: {error}") from None
        self._invalidate_cache()

    def _exists(self) -> bool:
        return self._fs.exists(get_filepath_str(self._get_load_path(), self._protocol))

    def _invalidate_cache(self) -> None:
        self._fs.invalidate_cache(get_filepath_str(self._filepath, self._protocol))

    def _release(self) -> None:
        super()._release()
        self._invalidate_cache()

    def _describe(self) -> dict[str, Any]:
        return {"filepath": self._filepath, "protocol": self._protocol, "load_args": self._load_args,
                "save_args": self._save_args, "version": self._version}


class PickleDataset(ObjectDataset):
    """One object in a zstd-compressed container (`.dso.zst`), as Swift's PickleDataset writes
    it; save_args: level, workers (or threads), checksum, frame_size (bytes or a size such as
    16Mi), compression (zstd or none), durable."""

    _SAVE_KEYS = {"durable", "level", "threads", "workers", "checksum", "frame_size", "compression"}

    def __init__(self, **arguments):
        super().__init__(**arguments)
        _check_compression_args(self._label, self._save_args)

    def _read(self, path: str, verify: bool):
        if self._local:
            return compressed.read(path, verify)
        return compressed.read_buffer_compressed(self._fs.cat_file(path), path, verify)

    def _write(self, obj, path: str, options: dict) -> None:
        if "workers" in options:
            options["threads"] = options.pop("workers")
        if options.pop("compression", "zstd") == "none":
            return ObjectDataset._write(self, obj, path, {"durable": options["durable"]} if "durable" in options else {})
        if self._local:
            compressed.write(obj, path, **options)
        else:
            options.pop("durable", None)
            with self._fs.open(path, "wb") as file:
                compressed.write_file(obj, file, source=path, **options)

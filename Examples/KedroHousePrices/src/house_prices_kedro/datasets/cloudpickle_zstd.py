"""Any Python object as cloudpickle (protocol 5) compressed with zstandard, on any fsspec
filesystem: the reference's "Cloudpickle S3" column.

```yaml
"{name}":
  type: house_prices_kedro.datasets.CloudpickleZstdDataset
  filepath: s3://bucket/cloudpickle/{name}.pkl.zst
  credentials: peers_s3          # s3fs arguments: key, secret, client_kwargs
  level: 3                       # zstd level
  threads: 0                     # libzstd workers (0: compress on the calling thread)
```

Save: `cloudpickle.dumps(data, protocol=5)`, then `ZstdCompressor(level, threads).compress`, then
one write (s3fs uploads it, in parts when large). Load: read the object, decompress, unpickle.
python-zstandard's defaults otherwise (content size in the frame header, no checksum), as
scripts/bench/pickle_peer.py measures it.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import fsspec
from kedro.io import AbstractDataset, DatasetError
from kedro.io.core import get_filepath_str, get_protocol_and_path


class CloudpickleZstdDataset(AbstractDataset):
    def __init__(self, *, filepath: str, level: int = 3, threads: int = 0, credentials: dict | None = None,
                 fs_args: dict | None = None, metadata: dict[str, Any] | None = None):
        self._protocol, path = get_protocol_and_path(filepath)
        self._filepath = PurePosixPath(path)
        self._level = int(level)
        self._threads = int(threads)
        self._fs = fsspec.filesystem(self._protocol, **dict(credentials or {}), **dict(fs_args or {}))
        self.metadata = metadata

    def _path(self) -> str:
        return get_filepath_str(self._filepath, self._protocol)

    def load(self):
        import cloudpickle
        import zstandard

        try:
            compressed = self._fs.cat_file(self._path())
        except FileNotFoundError:
            raise DatasetError(f"CloudpickleZstdDataset: {self._path()} does not exist (save it first)") from None
        return cloudpickle.loads(zstandard.ZstdDecompressor().decompress(compressed))

    def save(self, data) -> None:
        import cloudpickle
        import zstandard

        payload = cloudpickle.dumps(data, protocol=5)
        compressed = zstandard.ZstdCompressor(level=self._level, threads=self._threads).compress(payload)
        del payload
        with self._fs.open(self._path(), "wb") as file:
            file.write(compressed)
        self._fs.invalidate_cache(self._path())

    def _exists(self) -> bool:
        return self._fs.exists(self._path())

    def _describe(self) -> dict[str, Any]:
        return {"filepath": str(self._filepath), "protocol": self._protocol, "level": self._level, "threads": self._threads}

"""The raw input: train.csv read with pandas when the file exists, else the 1,460 base rows
generated (seeded) from the schema, as the Swift example's `HousePricesDataset` does.

```yaml
house_prices:
  type: house_prices_kedro.datasets.HousePricesDataset
  filepath: data/01_raw/train.csv
  load_args: {keep_default_na: false, na_values: ["", "NA"]}
  generate: {rows: 1460, seed: 42}       # optional; these are the defaults
```

`load_args` go to `pandas.read_csv`. The null tokens above are the Swift `CSVDataset`'s ("" and
"NA"): pandas 2 and later also read the text "None" as a null, which would turn train.csv's 864
`MasVnrType` values "None" into nulls in Python only.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pandas as pd
from kedro.io import AbstractDataset, DatasetError

from .. import generator, schema


class HousePricesDataset(AbstractDataset):
    def __init__(self, *, filepath: str, load_args: dict | None = None, save_args: dict | None = None,
                 generate: dict | None = None, metadata: dict[str, Any] | None = None):
        self._filepath = filepath
        self._load_args = dict(load_args or {})
        self._save_args = {"index": False, **dict(save_args or {})}
        generate = dict(generate or {})
        unknown = sorted(set(generate) - {"rows", "seed"})
        if unknown:
            raise DatasetError(f"HousePricesDataset: generate: unknown option(s) {unknown}; known: rows, seed")
        self._rows = int(generate.get("rows", schema.BASE_ROW_COUNT))
        self._seed = int(generate.get("seed", generator.DEFAULT_SEED))
        self.metadata = metadata

    def load(self) -> pd.DataFrame:
        if os.path.exists(self._filepath):
            return pd.read_csv(self._filepath, **self._load_args)
        print(f"dataset 'house_prices': no file at {self._filepath}; using {self._rows} generated base rows "
              f"(seed {self._seed})", file=sys.stderr)
        return generator.base_rows(self._rows, self._seed)

    def save(self, data: pd.DataFrame) -> None:
        data.to_csv(self._filepath, **self._save_args)

    def _exists(self) -> bool:
        return True

    def _describe(self) -> dict[str, Any]:
        return {"filepath": self._filepath, "load_args": self._load_args, "rows": self._rows, "seed": self._seed}

"""The project's own Kedro datasets: frames in vineyardd, cloudpickle + zstd on any fsspec
filesystem (S3 here), and the raw input (train.csv, or generated rows when it is absent)."""

from .cloudpickle_zstd import CloudpickleZstdDataset
from .house_prices import HousePricesDataset
from .vineyard import VineyardDataset

__all__ = ["CloudpickleZstdDataset", "HousePricesDataset", "VineyardDataset"]

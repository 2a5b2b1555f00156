"""The house-prices pipeline as a Kedro 1.x project (docs/peers.md)."""

__version__ = "0.1.0"

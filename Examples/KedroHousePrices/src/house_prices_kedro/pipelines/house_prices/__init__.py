"""The house-prices pipeline (docs/house-prices.md)."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]

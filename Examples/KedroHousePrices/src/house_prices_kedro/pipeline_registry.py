"""Project pipelines: the house-prices pipeline is the default one."""

from kedro.pipeline import Pipeline

from .pipelines import house_prices


def register_pipelines() -> dict[str, Pipeline]:
    pipeline = house_prices.create_pipeline()
    return {"__default__": pipeline, "house_prices": pipeline}

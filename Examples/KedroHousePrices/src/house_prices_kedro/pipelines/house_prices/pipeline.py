"""The house-prices pipeline: five nodes, named as in the Swift example, so that
`kedro run -n NODE` and `mlops run -n NODE` run the same step."""

from kedro.pipeline import Pipeline, node

from .nodes import create_target_node, drop_cols_node, fill_na_node, outliers_node, total_sf_node


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([
        node(outliers_node, inputs=["house_prices", "params:multiplier", "params:seed", "params:outliers"],
             outputs="house_prices_no_outliers", name="outliers_node"),
        node(create_target_node, inputs="house_prices_no_outliers", outputs="y_train", name="create_target_node"),
        node(drop_cols_node, inputs=["house_prices_no_outliers", "params:cols_to_drop"], outputs="house_prices_drop",
             name="drop_cols_node"),
        node(fill_na_node, inputs=["house_prices_drop", "params:none_cols", "params:zero_cols"],
             outputs="house_prices_no_na", name="fill_na_node"),
        node(total_sf_node, inputs="house_prices_drop", outputs="house_prices_clean", name="total_sf_node"),
    ])

"""The five nodes of the house-prices pipeline in pandas (docs/house-prices.md, "The pipeline").

They compute what the Swift nodes (Examples/MLOps/Sources/MLOps/Nodes) compute, the way a
pandas user writes them; where pandas differs on purpose (dtypes after scikit-learn's imputer),
docs/peers.md says so and the benchmark's comparison allows for it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer

from ... import generator


def outliers_node(house_prices: pd.DataFrame, multiplier, seed, outliers: dict) -> pd.DataFrame:
    """Appends `rows x (multiplier - 1)` seeded random rows (the Swift generator's values), then
    drops rows with GrLivArea above and SalePrice below the thresholds (NaN is never an outlier)."""
    multiplier = int(multiplier)
    if multiplier < 1:
        raise ValueError(f"params:multiplier must be a whole number of at least 1, found {multiplier}")
    frame = house_prices
    if multiplier > 1:
        extra = generator.random_rows(house_prices, len(house_prices) * (multiplier - 1), seed=int(seed))
        frame = pd.concat([house_prices, extra], ignore_index=True)
    outlier = (frame["GrLivArea"] > float(outliers["GrLivArea"])) & (frame["SalePrice"] < float(outliers["SalePrice"]))
    return frame[~outlier].reset_index(drop=True)


def create_target_node(house_prices_no_outliers: pd.DataFrame) -> pd.DataFrame:
    """log1p(SalePrice) as a one-column frame `SalePrice` (float64)."""
    return pd.DataFrame({"SalePrice": np.log1p(house_prices_no_outliers["SalePrice"].astype(np.float64))})


def drop_cols_node(house_prices_no_outliers: pd.DataFrame, cols_to_drop: list) -> pd.DataFrame:
    """The frame without `cols_to_drop`."""
    return house_prices_no_outliers.drop(columns=list(cols_to_drop))


def fill_na_node(house_prices_drop: pd.DataFrame, none_cols: list, zero_cols: list) -> pd.DataFrame:
    """"None" in the text columns of `none_cols`, 0 in `zero_cols`, LotFrontage by the median of
    its Neighborhood group, then scikit-learn's most frequent value (the smallest among ties) in
    every other column that still has nulls."""
    frame = house_prices_drop.copy()
    for name in none_cols:
        # A numeric column listed here (MSSubClass) is not turned into text, as in Swift: it has
        # no nulls in this data, and if it had, the most-frequent step would fill it.
        if not pd.api.types.is_numeric_dtype(frame[name].dtype):
            frame[name] = frame[name].fillna("None")
    for name in zero_cols:
        frame[name] = frame[name].fillna(0)
    frame["LotFrontage"] = frame.groupby("Neighborhood")["LotFrontage"].transform(lambda values: values.fillna(values.median()))
    rest = [name for name in frame.columns if frame[name].isna().any()]
    for name in rest:
        # One column at a time: the imputer on a mixed block would turn every column into object.
        text = not pd.api.types.is_numeric_dtype(frame[name].dtype)
        imputer = SimpleImputer(missing_values=np.nan, strategy="most_frequent")
        filled = imputer.fit_transform(frame[[name]].astype(object) if text else frame[[name]])[:, 0]
        frame[name] = pd.Series(filled, index=frame.index).astype(frame[name].dtype if text else np.float64)
    return frame


def total_sf_node(house_prices_drop: pd.DataFrame) -> pd.DataFrame:
    """Adds TotalSF = TotalBsmtSF + 1stFlrSF + 2ndFlrSF (int64 when the three are, else float64)."""
    frame = house_prices_drop.copy()
    frame["TotalSF"] = frame["TotalBsmtSF"] + frame["1stFlrSF"] + frame["2ndFlrSF"]
    return frame

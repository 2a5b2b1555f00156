"""The house-prices pipeline's five nodes written the way a Kedro user writes them in pandas and
scikit-learn (docs/house-prices.md), and the frame they start from: train.csv from shared/ when
it is there, else a generated frame of the same kind (text columns with NaN, numeric nulls)."""

import os

import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CSV_CANDIDATES = [os.path.join(os.path.dirname(ROOT), "shared", "data", "house-prices", "train.csv"),
                  "/work/shared/data/house-prices/train.csv"]
COLS_TO_DROP = ["SalePrice", "Utilities"]
NONE_COLS = ["PoolQC", "MiscFeature", "Alley", "Fence", "FireplaceQu", "GarageType", "GarageFinish", "GarageQual",
             "GarageCond", "BsmtQual", "BsmtCond", "BsmtExposure", "BsmtFinType1", "BsmtFinType2", "MasVnrType",
             "MSSubClass"]
ZERO_COLS = ["GarageYrBlt", "GarageArea", "GarageCars", "BsmtFinSF1", "BsmtFinSF2", "BsmtUnfSF", "TotalBsmtSF",
             "BsmtFullBath", "BsmtHalfBath", "MasVnrArea"]


def csv_path():
    return next((path for path in CSV_CANDIDATES if os.path.exists(path)), None)


def raw_frame(text: str = "object") -> pd.DataFrame:
    """The input frame; `text` = "object" (what most pandas code makes) or "str" (pandas 3)."""
    path = csv_path()
    frame = pd.read_csv(path) if path else _generated()
    for name in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[name].dtype):
            frame[name] = frame[name].astype(object if text == "object" else "str")
    return frame


def _generated(rows: int = 600) -> pd.DataFrame:
    random = np.random.default_rng(7)
    frame = pd.DataFrame({"Id": np.arange(1, rows + 1), "MSSubClass": random.choice([20, 60], rows),
                          "LotFrontage": np.where(random.random(rows) < 0.2, np.nan, random.integers(40, 120, rows)),
                          "LotArea": random.integers(2000, 20000, rows), "GrLivArea": random.integers(500, 5000, rows),
                          "SalePrice": random.integers(50_000, 500_000, rows),
                          "TotalBsmtSF": random.integers(0, 2000, rows), "1stFlrSF": random.integers(400, 2000, rows),
                          "2ndFlrSF": random.integers(0, 1500, rows)})
    for name in ZERO_COLS:
        if name not in frame:
            frame[name] = np.where(random.random(rows) < 0.05, np.nan, random.integers(0, 900, rows).astype(float))
    words = {"Neighborhood": ["CollgCr", "Veenker", "Crawfor"], "Utilities": ["AllPub", "NoSeWa"],
             "Electrical": ["SBrkr", "FuseA", "FuseF"]}
    for name in NONE_COLS[:-1]:
        words[name] = ["Gd", "TA", "Fa"]
    for name, choices in words.items():
        values = np.array(random.choice(choices, rows), dtype=object)
        values[random.random(rows) < (0.6 if name in NONE_COLS else 0.01)] = np.nan
        frame[name] = values
    frame.loc[rows - 3, "Electrical"] = np.nan
    return frame


def outliers_node(frame):
    return frame[~((frame["GrLivArea"] > 4000) & (frame["SalePrice"] < 300000))].reset_index(drop=True)


def create_target_node(frame):
    return pd.DataFrame({"SalePrice": np.log1p(frame["SalePrice"])})


def drop_cols_node(frame):
    return frame.drop(columns=COLS_TO_DROP)


def fill_na_node(frame):
    from sklearn.impute import SimpleImputer

    frame = frame.copy()
    for name in NONE_COLS:
        frame[name] = frame[name].fillna("None")
    for name in ZERO_COLS:
        frame[name] = frame[name].fillna(0)
    frame["LotFrontage"] = frame.groupby("Neighborhood")["LotFrontage"].transform(lambda x: x.fillna(x.median()))
    rest = [name for name in frame.columns if frame[name].isna().any()]
    if rest:
        imputer = SimpleImputer(missing_values=np.nan, strategy="most_frequent")
        frame[rest] = imputer.fit_transform(frame[rest])
    return frame


def total_sf_node(frame):
    frame = frame.copy()
    frame["TotalSF"] = frame["TotalBsmtSF"] + frame["1stFlrSF"] + frame["2ndFlrSF"]
    return frame


def run(frame, round_trip):
    """The five nodes, each node's input and output through `round_trip(value, name)`."""
    no_outliers = round_trip(outliers_node(round_trip(frame, "house_prices")), "house_prices_no_outliers")
    target = round_trip(create_target_node(no_outliers), "y_train")
    dropped = round_trip(drop_cols_node(no_outliers), "house_prices_drop")
    no_na = round_trip(fill_na_node(dropped), "house_prices_no_na")
    clean = round_trip(total_sf_node(dropped), "house_prices_clean")
    return {"y_train": target, "house_prices_drop": dropped, "house_prices_no_na": no_na, "house_prices_clean": clean}

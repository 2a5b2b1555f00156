"""The 81 columns of Kaggle's house-prices `train.csv`, their value domains and how many of its
1,460 rows miss each value: what the generated base rows and the augmentation rows draw from.

A copy of Examples/MLOps/Sources/MLOps/Data/HousePricesSchema.swift (same order, same domains),
so that the Python pipeline draws the same rows as the Swift one.

Each entry is (name, kind, domain, missing): kind "integers" (int64), "reals" (whole numbers
stored as float64: the column has nulls, as pandas reads it) or "categories" (text).
"""

BASE_ROW_COUNT = 1460

COLUMNS = [
    ("Id", "integers", (1, 99999), 0),
    ("MSSubClass", "integers", (20, 200), 0),
    ("MSZoning", "categories", ["C (all)", "FV", "RH", "RL", "RM"], 0),
    ("LotFrontage", "reals", (50, 150), 259),
    ("LotArea", "integers", (5000, 20000), 0),
    ("Street", "categories", ["Grvl", "Pave"], 0),
    ("Alley", "categories", ["Grvl", "Pave"], 1369),
    ("LotShape", "categories", ["IR1", "IR2", "IR3", "Reg"], 0),
    ("LandContour", "categories", ["Bnk", "HLS", "Low", "Lvl"], 0),
    ("Utilities", "categories", ["AllPub", "NoSeWa"], 0),
    ("LotConfig", "categories", ["Corner", "CulDSac", "FR2", "FR3", "Inside"], 0),
    ("LandSlope", "categories", ["Gtl", "Mod", "Sev"], 0),
    ("Neighborhood", "categories", ["Blmngtn", "Blueste", "BrDale", "BrkSide", "ClearCr", "CollgCr", "Crawfor", "Edwards", "Gilbert", "IDOTRR", "MeadowV", "Mitchel", "NAmes", "NPkVill", "NWAmes", "NoRidge", "NridgHt", "OldTown", "SWISU", "Sawyer", "SawyerW", "Somerst", "StoneBr", "Timber", "Veenker"], 0),
    ("Condition1", "categories", ["Artery", "Feedr", "Norm", "PosA", "PosN", "RRAe", "RRAn", "RRNe", "RRNn"], 0),
    ("Condition2", "categories", ["Artery", "Feedr", "Norm", "PosA", "PosN", "RRAe", "RRAn", "RRNn"], 0),
    ("BldgType", "categories", ["1Fam", "2fmCon", "Duplex", "Twnhs", "TwnhsE"], 0),
    ("HouseStyle", "categories", ["1.5Fin", "1.5Unf", "1Story", "2.5Fin", "2.5Unf", "2Story", "SFoyer", "SLvl"], 0),
    ("OverallQual", "integers", (1, 10), 0),
    ("OverallCond", "integers", (1, 10), 0),
    ("YearBuilt", "integers", (1900, 2021), 0),
    ("YearRemodAdd", "integers", (1900, 2021), 0),
    ("RoofStyle", "categories", ["Flat", "Gable", "Gambrel", "Hip", "Mansard", "Shed"], 0),
    ("RoofMatl", "categories", ["ClyTile", "CompShg", "Membran", "Metal", "Roll", "Tar&Grv", "WdShake", "WdShngl"], 0),
    ("Exterior1st", "categories", ["AsbShng", "AsphShn", "BrkComm", "BrkFace", "CBlock", "CemntBd", "HdBoard", "ImStucc", "MetalSd", "Plywood", "Stone", "Stucco", "VinylSd", "Wd Sdng", "WdShing"], 0),
    ("Exterior2nd", "categories", ["AsbShng", "AsphShn", "Brk Cmn", "BrkFace", "CBlock", "CmentBd", "HdBoard", "ImStucc", "MetalSd", "Other", "Plywood", "Stone", "Stucco", "VinylSd", "Wd Sdng", "Wd Shng"], 0),
    ("MasVnrType", "categories", ["BrkCmn", "BrkFace", "None", "Stone"], 8),
    ("MasVnrArea", "reals", (0, 1000), 8),
    ("ExterQual", "categories", ["Ex", "Fa", "Gd", "TA"], 0),
    ("ExterCond", "categories", ["Ex", "Fa", "Gd", "Po", "TA"], 0),
    ("Foundation", "categories", ["BrkTil", "CBlock", "PConc", "Slab", "Stone", "Wood"], 0),
    ("BsmtQual", "categories", ["Ex", "Fa", "Gd", "TA"], 37),
    ("BsmtCond", "categories", ["Fa", "Gd", "Po", "TA"], 37),
    ("BsmtExposure", "categories", ["Av", "Gd", "Mn", "No"], 38),
    ("BsmtFinType1", "categories", ["ALQ", "BLQ", "GLQ", "LwQ", "Rec", "Unf"], 37),
    ("BsmtFinSF1", "integers", (0, 2000), 0),
    ("BsmtFinType2", "categories", ["ALQ", "BLQ", "GLQ", "LwQ", "Rec", "Unf"], 38),
    ("BsmtFinSF2", "integers", (0, 1000), 0),
    ("BsmtUnfSF", "integers", (0, 2000), 0),
    ("TotalBsmtSF", "integers", (0, 3000), 0),
    ("Heating", "categories", ["Floor", "GasA", "GasW", "Grav", "OthW", "Wall"], 0),
    ("HeatingQC", "categories", ["Ex", "Fa", "Gd", "Po", "TA"], 0),
    ("CentralAir", "categories", ["N", "Y"], 0),
    ("Electrical", "categories", ["FuseA", "FuseF", "FuseP", "Mix", "SBrkr"], 1),
    ("1stFlrSF", "integers", (500, 4000), 0),
    ("2ndFlrSF", "integers", (0, 2000), 0),
    ("LowQualFinSF", "integers", (0, 200), 0),
    ("GrLivArea", "integers", (600, 5000), 0),
    ("BsmtFullBath", "integers", (0, 3), 0),
    ("BsmtHalfBath", "integers", (0, 2), 0),
    ("FullBath", "integers", (0, 4), 0),
    ("HalfBath", "integers", (0, 2), 0),
    ("BedroomAbvGr", "integers", (0, 10), 0),
    ("KitchenAbvGr", "integers", (0, 3), 0),
    ("KitchenQual", "categories", ["Ex", "Fa", "Gd", "TA"], 0),
    ("TotRmsAbvGrd", "integers", (0, 15), 0),
    ("Functional", "categories", ["Maj1", "Maj2", "Min1", "Min2", "Mod", "Sev", "Typ"], 0),
    ("Fireplaces", "integers", (0, 3), 0),
    ("FireplaceQu", "categories", ["Ex", "Fa", "Gd", "Po", "TA"], 690),
    ("GarageType", "categories", ["2Types", "Attchd", "Basment", "BuiltIn", "CarPort", "Detchd"], 81),
    ("GarageYrBlt", "reals", (1900, 2021), 81),
    ("GarageFinish", "categories", ["Fin", "RFn", "Unf"], 81),
    ("GarageCars", "integers", (0, 4), 0),
    ("GarageArea", "integers", (0, 1000), 0),
    ("GarageQual", "categories", ["Ex", "Fa", "Gd", "Po", "TA"], 81),
    ("GarageCond", "categories", ["Ex", "Fa", "Gd", "Po", "TA"], 81),
    ("PavedDrive", "categories", ["N", "P", "Y"], 0),
    ("WoodDeckSF", "integers", (0, 500), 0),
    ("OpenPorchSF", "integers", (0, 300), 0),
    ("EnclosedPorch", "integers", (0, 200), 0),
    ("3SsnPorch", "integers", (0, 100), 0),
    ("ScreenPorch", "integers", (0, 200), 0),
    ("PoolArea", "integers", (0, 300), 0),
    ("PoolQC", "categories", ["Ex", "Fa", "Gd"], 1453),
    ("Fence", "categories", ["GdPrv", "GdWo", "MnPrv", "MnWw"], 1179),
    ("MiscFeature", "categories", ["Gar2", "Othr", "Shed", "TenC"], 1406),
    ("MiscVal", "integers", (0, 5000), 0),
    ("MoSold", "integers", (1, 12), 0),
    ("YrSold", "integers", (2006, 2021), 0),
    ("SaleType", "categories", ["COD", "CWD", "Con", "ConLD", "ConLI", "ConLw", "New", "Oth", "WD"], 0),
    ("SaleCondition", "categories", ["Abnorml", "AdjLand", "Alloca", "Family", "Normal", "Partial"], 0),
    ("SalePrice", "integers", (50000, 800000), 0),]

BY_NAME = {column[0]: column for column in COLUMNS}


def missing_share(column) -> float:
    """The share of rows without a value, as the Swift schema's `missingShare`."""
    return column[3] / BASE_ROW_COUNT

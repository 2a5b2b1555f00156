/// The 81 columns of Kaggle's house-prices `train.csv` with their value domains and how many of
/// its 1,460 rows miss each value: what the generated base rows and the augmentation draw from.
///
/// Numeric ranges are those of the reference benchmark's random-row generator (so multiplier
/// 500 keeps about 674,600 of 730,000 rows after the outlier filter, as in the published runs);
/// categories are the values that occur in `train.csv`. Columns with missing values in
/// `train.csv` that hold numbers are `reals` (pandas reads them as float64).
public enum HousePricesSchema {
    /// The columns in `train.csv` order.
    public static let columns: [HousePricesColumn] = [
        HousePricesColumn("Id", .integers(1...99999), missing: 0),
        HousePricesColumn("MSSubClass", .integers(20...200), missing: 0),
        HousePricesColumn("MSZoning", .categories(["C (all)", "FV", "RH", "RL", "RM"]), missing: 0),
        HousePricesColumn("LotFrontage", .reals(50...150), missing: 259),
        HousePricesColumn("LotArea", .integers(5000...20000), missing: 0),
        HousePricesColumn("Street", .categories(["Grvl", "Pave"]), missing: 0),
        HousePricesColumn("Alley", .categories(["Grvl", "Pave"]), missing: 1369),
        HousePricesColumn("LotShape", .categories(["IR1", "IR2", "IR3", "Reg"]), missing: 0),
        HousePricesColumn("LandContour", .categories(["Bnk", "HLS", "Low", "Lvl"]), missing: 0),
        HousePricesColumn("Utilities", .categories(["AllPub", "NoSeWa"]), missing: 0),
        HousePricesColumn("LotConfig", .categories(["Corner", "CulDSac", "FR2", "FR3", "Inside"]), missing: 0),
        HousePricesColumn("LandSlope", .categories(["Gtl", "Mod", "Sev"]), missing: 0),
        HousePricesColumn("Neighborhood", .categories(["Blmngtn", "Blueste", "BrDale", "BrkSide", "ClearCr", "CollgCr", "Crawfor", "Edwards", "Gilbert", "IDOTRR", "MeadowV", "Mitchel", "NAmes", "NPkVill", "NWAmes", "NoRidge", "NridgHt", "OldTown", "SWISU", "Sawyer", "SawyerW", "Somerst", "StoneBr", "Timber", "Veenker"]), missing: 0),
        HousePricesColumn("Condition1", .categories(["Artery", "Feedr", "Norm", "PosA", "PosN", "RRAe", "RRAn", "RRNe", "RRNn"]), missing: 0),
        HousePricesColumn("Condition2", .categories(["Artery", "Feedr", "Norm", "PosA", "PosN", "RRAe", "RRAn", "RRNn"]), missing: 0),
        HousePricesColumn("BldgType", .categories(["1Fam", "2fmCon", "Duplex", "Twnhs", "TwnhsE"]), missing: 0),
        HousePricesColumn("HouseStyle", .categories(["1.5Fin", "1.5Unf", "1Story", "2.5Fin", "2.5Unf", "2Story", "SFoyer", "SLvl"]), missing: 0),
        HousePricesColumn("OverallQual", .integers(1...10), missing: 0),
        HousePricesColumn("OverallCond", .integers(1...10), missing: 0),
        HousePricesColumn("YearBuilt", .integers(1900...2021), missing: 0),
        HousePricesColumn("YearRemodAdd", .integers(1900...2021), missing: 0),
        HousePricesColumn("RoofStyle", .categories(["Flat", "Gable", "Gambrel", "Hip", "Mansard", "Shed"]), missing: 0),
        HousePricesColumn("RoofMatl", .categories(["ClyTile", "CompShg", "Membran", "Metal", "Roll", "Tar&Grv", "WdShake", "WdShngl"]), missing: 0),
        HousePricesColumn("Exterior1st", .categories(["AsbShng", "AsphShn", "BrkComm", "BrkFace", "CBlock", "CemntBd", "HdBoard", "ImStucc", "MetalSd", "Plywood", "Stone", "Stucco", "VinylSd", "Wd Sdng", "WdShing"]), missing: 0),
        HousePricesColumn("Exterior2nd", .categories(["AsbShng", "AsphShn", "Brk Cmn", "BrkFace", "CBlock", "CmentBd", "HdBoard", "ImStucc", "MetalSd", "Other", "Plywood", "Stone", "Stucco", "VinylSd", "Wd Sdng", "Wd Shng"]), missing: 0),
        HousePricesColumn("MasVnrType", .categories(["BrkCmn", "BrkFace", "None", "Stone"]), missing: 8),
        HousePricesColumn("MasVnrArea", .reals(0...1000), missing: 8),
        HousePricesColumn("ExterQual", .categories(["Ex", "Fa", "Gd", "TA"]), missing: 0),
        HousePricesColumn("ExterCond", .categories(["Ex", "Fa", "Gd", "Po", "TA"]), missing: 0),
        HousePricesColumn("Foundation", .categories(["BrkTil", "CBlock", "PConc", "Slab", "Stone", "Wood"]), missing: 0),
        HousePricesColumn("BsmtQual", .categories(["Ex", "Fa", "Gd", "TA"]), missing: 37),
        HousePricesColumn("BsmtCond", .categories(["Fa", "Gd", "Po", "TA"]), missing: 37),
        HousePricesColumn("BsmtExposure", .categories(["Av", "Gd", "Mn", "No"]), missing: 38),
        HousePricesColumn("BsmtFinType1", .categories(["ALQ", "BLQ", "GLQ", "LwQ", "Rec", "Unf"]), missing: 37),
        HousePricesColumn("BsmtFinSF1", .integers(0...2000), missing: 0),
        HousePricesColumn("BsmtFinType2", .categories(["ALQ", "BLQ", "GLQ", "LwQ", "Rec", "Unf"]), missing: 38),
        HousePricesColumn("BsmtFinSF2", .integers(0...1000), missing: 0),
        HousePricesColumn("BsmtUnfSF", .integers(0...2000), missing: 0),
        HousePricesColumn("TotalBsmtSF", .integers(0...3000), missing: 0),
        HousePricesColumn("Heating", .categories(["Floor", "GasA", "GasW", "Grav", "OthW", "Wall"]), missing: 0),
        HousePricesColumn("HeatingQC", .categories(["Ex", "Fa", "Gd", "Po", "TA"]), missing: 0),
        HousePricesColumn("CentralAir", .categories(["N", "Y"]), missing: 0),
        HousePricesColumn("Electrical", .categories(["FuseA", "FuseF", "FuseP", "Mix", "SBrkr"]), missing: 1),
        HousePricesColumn("1stFlrSF", .integers(500...4000), missing: 0),
        HousePricesColumn("2ndFlrSF", .integers(0...2000), missing: 0),
        HousePricesColumn("LowQualFinSF", .integers(0...200), missing: 0),
        HousePricesColumn("GrLivArea", .integers(600...5000), missing: 0),
        HousePricesColumn("BsmtFullBath", .integers(0...3), missing: 0),
        HousePricesColumn("BsmtHalfBath", .integers(0...2), missing: 0),
        HousePricesColumn("FullBath", .integers(0...4), missing: 0),
        HousePricesColumn("HalfBath", .integers(0...2), missing: 0),
        HousePricesColumn("BedroomAbvGr", .integers(0...10), missing: 0),
        HousePricesColumn("KitchenAbvGr", .integers(0...3), missing: 0),
        HousePricesColumn("KitchenQual", .categories(["Ex", "Fa", "Gd", "TA"]), missing: 0),
        HousePricesColumn("TotRmsAbvGrd", .integers(0...15), missing: 0),
        HousePricesColumn("Functional", .categories(["Maj1", "Maj2", "Min1", "Min2", "Mod", "Sev", "Typ"]), missing: 0),
        HousePricesColumn("Fireplaces", .integers(0...3), missing: 0),
        HousePricesColumn("FireplaceQu", .categories(["Ex", "Fa", "Gd", "Po", "TA"]), missing: 690),
        HousePricesColumn("GarageType", .categories(["2Types", "Attchd", "Basment", "BuiltIn", "CarPort", "Detchd"]), missing: 81),
        HousePricesColumn("GarageYrBlt", .reals(1900...2021), missing: 81),
        HousePricesColumn("GarageFinish", .categories(["Fin", "RFn", "Unf"]), missing: 81),
        HousePricesColumn("GarageCars", .integers(0...4), missing: 0),
        HousePricesColumn("GarageArea", .integers(0...1000), missing: 0),
        HousePricesColumn("GarageQual", .categories(["Ex", "Fa", "Gd", "Po", "TA"]), missing: 81),
        HousePricesColumn("GarageCond", .categories(["Ex", "Fa", "Gd", "Po", "TA"]), missing: 81),
        HousePricesColumn("PavedDrive", .categories(["N", "P", "Y"]), missing: 0),
        HousePricesColumn("WoodDeckSF", .integers(0...500), missing: 0),
        HousePricesColumn("OpenPorchSF", .integers(0...300), missing: 0),
        HousePricesColumn("EnclosedPorch", .integers(0...200), missing: 0),
        HousePricesColumn("3SsnPorch", .integers(0...100), missing: 0),
        HousePricesColumn("ScreenPorch", .integers(0...200), missing: 0),
        HousePricesColumn("PoolArea", .integers(0...300), missing: 0),
        HousePricesColumn("PoolQC", .categories(["Ex", "Fa", "Gd"]), missing: 1453),
        HousePricesColumn("Fence", .categories(["GdPrv", "GdWo", "MnPrv", "MnWw"]), missing: 1179),
        HousePricesColumn("MiscFeature", .categories(["Gar2", "Othr", "Shed", "TenC"]), missing: 1406),
        HousePricesColumn("MiscVal", .integers(0...5000), missing: 0),
        HousePricesColumn("MoSold", .integers(1...12), missing: 0),
        HousePricesColumn("YrSold", .integers(2006...2021), missing: 0),
        HousePricesColumn("SaleType", .categories(["COD", "CWD", "Con", "ConLD", "ConLI", "ConLw", "New", "Oth", "WD"]), missing: 0),
        HousePricesColumn("SaleCondition", .categories(["Abnorml", "AdjLand", "Alloca", "Family", "Normal", "Partial"]), missing: 0),
        HousePricesColumn("SalePrice", .integers(50000...800000), missing: 0),
    ]

    /// Number of rows in `train.csv`, which the missing counts refer to.
    public static let baseRowCount = 1460

    /// The column named `name`, if the schema has it.
    public static func column(named name: String) -> HousePricesColumn? { byName[name] }

    private static let byName: [String: HousePricesColumn] = Dictionary(uniqueKeysWithValues: columns.map { ($0.name, $0) })
}

/// One column of ``HousePricesSchema``.
public struct HousePricesColumn: Sendable {
    /// What values a column holds.
    public enum Domain: Sendable {
        /// Whole numbers in the range, stored as `Int64`.
        case integers(ClosedRange<Int64>)
        /// Whole numbers in the range, stored as `Double` (the column has nulls, as in pandas).
        case reals(ClosedRange<Int64>)
        /// One of these strings.
        case categories([String])
    }

    /// The column's name.
    public let name: String
    /// Its values.
    public let domain: Domain
    /// How many of the 1,460 rows of `train.csv` miss a value.
    public let missing: Int

    init(_ name: String, _ domain: Domain, missing: Int) {
        self.name = name
        self.domain = domain
        self.missing = missing
    }

    /// The share of rows without a value.
    public var missingShare: Double { Double(missing) / Double(HousePricesSchema.baseRowCount) }
}

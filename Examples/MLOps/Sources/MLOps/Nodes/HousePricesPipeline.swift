import DatasetSDK

/// The reference house-prices pipeline: five nodes passing data frames through the catalog.
///
/// ```text
/// house_prices --outliers_node--> house_prices_no_outliers
/// house_prices_no_outliers --create_target_node--> y_train
/// house_prices_no_outliers --drop_cols_node--> house_prices_drop
/// house_prices_drop --fill_na_node--> house_prices_no_na
/// house_prices_drop --total_sf_node--> house_prices_clean
/// ```
public enum HousePricesPipeline {
    /// The datasets whose checksums must agree across environments.
    public static let results = ["house_prices_clean", "house_prices_no_na", "y_train"]

    /// The pipeline, in the reference's node order.
    public static func make() -> Pipeline {
        let outliers = Node(name: "outliers_node", inputs: ["house_prices", "params:outliers", "params:multiplier", "params:seed"], outputs: ["house_prices_no_outliers"], tags: ["prepare"]) { inputs in
            let raw: DataFrame = try inputs.value("house_prices")
            let limits = try inputs.parameter("params:outliers")
            guard let area = limits.mapValue?["GrLivArea"], let price = limits.mapValue?["SalePrice"] else {
                throw MLOpsError.invalidParameter("outliers", expected: "a mapping with GrLivArea and SalePrice", found: limits.kindName)
            }
            let seed = try inputs.parameter("params:seed")
            let frame = try HousePricesNodes.removeOutliers(
                raw,
                multiplier: Parameters.multiplier(inputs.parameter("params:multiplier")),
                maxLivingArea: Parameters.number(area, name: "outliers.GrLivArea"),
                minPrice: Parameters.number(price, name: "outliers.SalePrice"),
                seed: seed.isNull ? HousePricesGenerator.defaultSeed : UInt64(Parameters.number(seed, name: "seed")))
            return try NodeOutputs(["house_prices_no_outliers": frame])
        }
        let target = Node.map("create_target_node", input: "house_prices_no_outliers", output: "y_train", tags: ["target"]) { (frame: DataFrame) in
            try HousePricesNodes.createTarget(frame)
        }
        let drop = Node(name: "drop_cols_node", inputs: ["house_prices_no_outliers", "params:cols_to_drop"], outputs: ["house_prices_drop"], tags: ["features"]) { inputs in
            let frame: DataFrame = try inputs.value("house_prices_no_outliers")
            let columns = try Parameters.strings(inputs.parameter("params:cols_to_drop"), name: "cols_to_drop")
            return try NodeOutputs(["house_prices_drop": HousePricesNodes.dropColumns(frame, columns: columns)])
        }
        let fill = Node(name: "fill_na_node", inputs: ["house_prices_drop", "params:none_cols", "params:zero_cols"], outputs: ["house_prices_no_na"], tags: ["features"]) { inputs in
            let frame: DataFrame = try inputs.value("house_prices_drop")
            let fill = try FillMissing(
                noneColumns: Parameters.strings(inputs.parameter("params:none_cols"), name: "none_cols"),
                zeroColumns: Parameters.strings(inputs.parameter("params:zero_cols"), name: "zero_cols"))
            return try NodeOutputs(["house_prices_no_na": fill.apply(to: frame)])
        }
        let totalSF = Node.map("total_sf_node", input: "house_prices_drop", output: "house_prices_clean", tags: ["features"]) { (frame: DataFrame) in
            try HousePricesNodes.addTotalSF(frame)
        }
        return Pipeline([outliers, target, drop, fill, totalSF])
    }
}

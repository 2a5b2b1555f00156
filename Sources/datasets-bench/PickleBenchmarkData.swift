import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

/// The objects of `datasets-bench pickle`: the house-prices frame and a realistic tensor.
enum PickleBenchmarkData {
    /// The house-prices frame repeated `multiplier` times: `path` read with `CSVDataset` when it
    /// exists, else 1,460 synthesized rows with the same 81 columns (38 numeric, 43 text) and
    /// value domains. Returns the frame and where it came from.
    static func houseFrame(csv path: String, multiplier: Int) async throws -> (DataFrame, String) {
        let base: DataFrame
        let origin: String
        if access(path, R_OK) == 0 {
            let dataset = try CSVDataset(configuration: DatasetConfiguration(name: "house_prices", options: ["filepath": .string(path)]))
            base = try DataFrame(decoding: await dataset.load())
            origin = path
        } else {
            base = try synthesizedHouseFrame(rows: 1460)
            origin = "synthesized (\(path) not found)"
        }
        return (try DataFrame.concatenating(Array(repeating: base, count: multiplier)), origin)
    }

    /// A `Tensor<Double>` of `mebibytes` MiB that looks like a measured signal: a slow sine plus
    /// a random walk plus noise, recorded to 3 decimals (so about 12 significant bits vary per
    /// value, as with real sensors), not a constant or a ramp that compresses to nothing.
    static func signal(mebibytes: Int) throws -> Tensor<Double> {
        try Tensor<Double>(shape: [mebibytes << 17]) { values in
            var random = SplitMix64(seed: 42)
            var walk = 0.0
            for index in values.indices {
                walk += random.unit() - 0.5
                let noise = (random.unit() + random.unit() + random.unit() - 1.5) * 0.2
                let value = 20 + 5 * sin(Double(index) * 2e-5) + 0.05 * walk + noise
                values[index] = (value * 1000).rounded() / 1000
            }
        }
    }

    /// 81 columns like Kaggle's house-prices `train.csv`: `Id`, 37 numeric columns (some with
    /// nulls) and 43 text columns drawn from small vocabularies (some with nulls).
    static func synthesizedHouseFrame(rows: Int) throws -> DataFrame {
        var random = SplitMix64(seed: 7)
        var columns: [(String, Column)] = [("Id", try Column(Tensor<Int64>(shape: [rows]) { v in for row in v.indices { v[row] = Int64(row + 1) } }))]
        for index in 0..<37 {
            let scale = [1.0, 10, 100, 1000, 10000][index % 5]
            if index % 6 == 5 {
                let values: [Double?] = (0..<rows).map { _ in random.unit() < 0.1 ? nil : (random.unit() * scale).rounded() }
                columns.append(("Numeric\(index)", Column(values)))
            } else {
                columns.append(("Numeric\(index)", Column((0..<rows).map { _ in Int64(random.unit() * scale) })))
            }
        }
        let vocabulary = ["RL", "RM", "FV", "Pave", "Grvl", "Reg", "IR1", "Lvl", "AllPub", "Inside", "Corner", "Gtl",
                          "CollgCr", "Veenker", "Crawfor", "NoRidge", "Mitchel", "Somerst", "NWAmes", "OldTown",
                          "Norm", "Feedr", "1Fam", "2Story", "1Story", "Gable", "Hip", "CompShg", "VinylSd", "MetalSd",
                          "BrkFace", "None", "Gd", "TA", "Ex", "Fa", "PConc", "CBlock", "No", "GLQ", "ALQ", "Unf", "GasA"]
        for index in 0..<43 {
            let choices = Array(vocabulary[(index % 10)..<min(vocabulary.count, index % 10 + 3 + index % 7)])
            let values: [String?] = (0..<rows).map { _ in
                index % 5 == 4 && random.unit() < 0.3 ? nil : choices[Int(random.unit() * Double(choices.count)) % choices.count]
            }
            columns.append(("Text\(index)", Column(values)))
        }
        return try DataFrame(columns: columns)
    }
}

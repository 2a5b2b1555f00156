import DatasetSDK
import DatasetSDKSharedMemory

#if canImport(Glibc)
import Glibc
#endif

/// Saves and loads a generated type (`TrainingSet`, from house_prices.proto) through the
/// catalog. Which storage it uses is a catalog entry: `conf/base` puts it in the shared-memory
/// store, the `files` environment in a `.dso` file; the code is the same.
///
///     swift run CustomTypeExample --conf Examples/CustomType/conf [--env files]
@main
struct CustomTypeExample {
    static func main() async {
        do {
            try await run(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            let message = "error: \(error)\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            exit(1)
        }
    }

    static func run(arguments: [String]) async throws {
        var conf = "conf"
        var environment: String?
        var houses = 1460
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--conf": conf = try value(after: argument, in: &iterator)
            case "--env": environment = try value(after: argument, in: &iterator)
            case "--houses":
                guard let count = Int(try value(after: argument, in: &iterator)), count > 0 else { throw UsageError("--houses needs a positive number") }
                houses = count
            default: throw UsageError("unknown argument '\(argument)'; usage: CustomTypeExample [--conf DIR] [--env NAME] [--houses N]")
            }
        }
        let catalog = try DataCatalog(conf: conf, environment: environment, registry: .withSharedMemory)

        let training = try makeTrainingSet(houses: houses)
        try await catalog.save(training, as: "training_set")
        let loaded: TrainingSet = try await catalog.load("training_set")

        guard loaded.features == training.features, loaded.target == training.target,
              loaded.neighborhoods == training.neighborhoods, loaded.featureNames == training.featureNames,
              loaded.modelName == training.modelName, loaded.modelKind == training.modelKind,
              loaded.parameters == training.parameters
        else { throw UsageError("the loaded training set differs from the saved one") }

        let meanPrice = loaded.target.reduce(0, +) / Double(loaded.target.count)
        print("saved and loaded training_set: \(loaded.features.shape[0]) houses x \(loaded.features.shape[1]) features (\(loaded.featureNames.joined(separator: ", ")))")
        print("model \(loaded.modelName) (\(loaded.modelKind.rawValue)), mean sale price \(Int(meanPrice.rounded()))")
        print("features blob: \(loaded.features.blob.origin)")
    }

    /// A deterministic synthetic house-prices set: living area, quality, year built, lot area.
    static func makeTrainingSet(houses: Int) throws -> TrainingSet {
        let names = ["GrLivArea", "OverallQual", "YearBuilt", "LotArea"]
        let neighborhoods = ["CollgCr", "Veenker", "Crawfor", "NoRidge", "Mitchel"]
        var prices: [Double] = []
        prices.reserveCapacity(houses)
        let features = try Tensor<Double>(shape: [houses, names.count]) { matrix in
            for house in 0..<houses {
                let area = Double(800 + (house * 37) % 2200)
                let quality = Double(1 + (house * 7) % 10)
                let year = Double(1900 + (house * 13) % 110)
                let lot = Double(5000 + (house * 101) % 15000)
                matrix[house * 4 + 0] = area
                matrix[house * 4 + 1] = quality
                matrix[house * 4 + 2] = year
                matrix[house * 4 + 3] = lot
                prices.append(20_000 + 55 * area + 9_000 * quality + 300 * (year - 1900) + 0.8 * lot)
            }
        }
        return try TrainingSet(
            features: features,
            target: Tensor(prices),
            neighborhoods: StringArray((0..<houses).map { neighborhoods[$0 % neighborhoods.count] }),
            featureNames: names,
            modelName: "ridge-v1",
            modelKind: .ridge,
            parameters: ["alpha": 0.5, "seed": 42]
        )
    }

    private static func value(after option: String, in iterator: inout IndexingIterator<[String]>) throws -> String {
        guard let value = iterator.next() else { throw UsageError("\(option) needs a value") }
        return value
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

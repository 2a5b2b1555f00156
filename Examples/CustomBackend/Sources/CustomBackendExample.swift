import DatasetSDK
import DatasetSDKCLI

/// A pipeline project whose catalog uses a dataset type (`JSONLinesDataset`) and a storage
/// scheme (`bucket://`) that DatasetSDK does not ship: each is registered with one call.
///
///     swift run CustomBackendExample run --conf Examples/CustomBackend/conf
@main
struct CustomBackendExample: PipelineProject {
    static func registry() -> Registry {
        var registry = Registry.standard
        registry.register(JSONLinesDataset.self, as: "JSONLinesDataset")
        registry.register(scheme: "bucket") { configuration in try BucketStorage(configuration: configuration) }
        return registry
    }

    static var defaultConfPath: String { "conf" }

    static func pipelines() -> [String: Pipeline] {
        let selectAdults = Node(name: "select_adults", inputs: ["people", "params:adult_age"], outputs: ["adults"]) { inputs in
            let people: DataFrame = try inputs.value("people")
            let minimum = try inputs.parameter("params:adult_age").intValue ?? 18
            let ages = try people.values("age", as: Int64.self)
            let adults = try people.filtered(by: ages.map { $0 >= minimum })
            return try NodeOutputs(["adults": adults])
        }
        let summarize = Node.map("summarize", input: "adults", output: "adults_summary") { (adults: DataFrame) -> Record in
            let scores = try adults.column("score")
            let values = try scores.values(as: Double.self)
            let present = (0..<adults.rowCount).filter { !scores.isNull($0) }
            let mean = present.isEmpty ? 0 : present.map { values[$0] }.reduce(0, +) / Double(present.count)
            let cities = Set(try adults.strings("city")).sorted()
            return ["count": .int(Int64(adults.rowCount)), "mean_score": .double(mean), "cities": .list(cities.map(Value.string))]
        }
        return ["__default__": Pipeline([selectAdults, summarize])]
    }
}

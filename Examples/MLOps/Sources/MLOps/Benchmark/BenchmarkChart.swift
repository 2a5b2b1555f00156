import Foundation

/// Draws benchmark results as an SVG line chart: seconds (log scale) against the multiplier (log
/// scale), one colour per environment; solid lines are A (load+compute+save), dashed lines W
/// (process wall time).
enum BenchmarkChart {
    static func svg(_ results: [BenchmarkResult], environments: [String]) -> String {
        let width = 760.0, height = 480.0, left = 70.0, right = 170.0, top = 40.0, bottom = 50.0
        let multipliers = Array(Set(results.map(\.multiplier))).sorted()
        let times = results.flatMap { [$0.accumulated, $0.wall] }.filter { $0 > 0 }
        guard let lowX = multipliers.first, let highX = multipliers.last, let lowY = times.min(), let highY = times.max() else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n"
        }
        let xRange = (log10(Double(lowX)), max(log10(Double(highX)), log10(Double(lowX)) + 1))
        let yRange = (floor(log10(lowY)), ceil(log10(highY)) + (floor(log10(lowY)) == ceil(log10(highY)) ? 1 : 0))
        func x(_ value: Int) -> Double { left + (log10(Double(value)) - xRange.0) / (xRange.1 - xRange.0) * (width - left - right) }
        func y(_ value: Double) -> Double { top + (1 - (log10(value) - yRange.0) / (yRange.1 - yRange.0)) * (height - top - bottom) }
        let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(Int(left))\" y=\"22\" font-size=\"14\">House-prices pipeline, one process per node: seconds vs multiplier (solid A, dashed W)</text>\n"
        for exponent in Int(yRange.0)...Int(yRange.1) {
            let value = pow(10, Double(exponent))
            svg += "<line x1=\"\(left)\" y1=\(quoted(y(value))) x2=\"\(width - right)\" y2=\(quoted(y(value))) stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(left - 8)\" y=\(quoted(y(value) + 4)) text-anchor=\"end\">\(label(value))</text>\n"
        }
        for multiplier in multipliers {
            svg += "<line x1=\(quoted(x(multiplier))) y1=\"\(top)\" x2=\(quoted(x(multiplier))) y2=\"\(height - bottom)\" stroke=\"#eee\"/>\n"
            svg += "<text x=\(quoted(x(multiplier))) y=\"\(height - bottom + 18)\" text-anchor=\"middle\">\(multiplier)</text>\n"
        }
        svg += "<text x=\"\((left + width - right) / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\">multiplier (rows = 1,460 x multiplier before the outlier filter)</text>\n"
        svg += "<text x=\"16\" y=\"\(height / 2)\" transform=\"rotate(-90 16 \(height / 2))\" text-anchor=\"middle\">seconds</text>\n"
        for (index, environment) in environments.enumerated() {
            let runs = results.filter { $0.environment == environment }.sorted { $0.multiplier < $1.multiplier }
            guard !runs.isEmpty else { continue }
            let colour = colours[index % colours.count]
            for (measure, dash) in [(\BenchmarkResult.accumulated, ""), (\BenchmarkResult.wall, " stroke-dasharray=\"6 4\"")] {
                let points = runs.map { "\(format(x($0.multiplier))),\(format(y(max($0[keyPath: measure], 1e-3))))" }.joined(separator: " ")
                svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>\n"
            }
            let legendY = top + 10 + Double(index) * 20
            svg += "<line x1=\"\(width - right + 15)\" y1=\"\(legendY)\" x2=\"\(width - right + 45)\" y2=\"\(legendY)\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(width - right + 52)\" y=\"\(legendY + 4)\">\(environment)</text>\n"
        }
        return svg + "</svg>\n"
    }

    private static func format(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }
    private static func quoted(_ value: Double) -> String { "\"\(format(value))\"" }
    private static func label(_ value: Double) -> String { value >= 1 ? String(Int(value)) : String(value) }
}

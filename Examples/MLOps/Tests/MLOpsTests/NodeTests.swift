import DatasetSDK
import MLOps
import XCTest

/// The five nodes' behaviour on small frames whose answers are known.
final class NodeTests: XCTestCase {
    func testFillNAUsesNoneZeroGroupMedianAndMostFrequentLikeTheReference() throws {
        let frame = try DataFrame(columns: [
            ("Neighborhood", Column(["A", "A", "A", "B", "B", nil])),
            ("LotFrontage", Column([10, 20, nil, 5, nil, nil] as [Double?])),
            ("PoolQC", Column([nil, "Ex", nil, nil, "Gd", nil] as [String?])),
            ("GarageArea", Column([nil, 3, 4, nil, 5, 6] as [Int64?])),
            ("Electrical", Column(["SBrkr", nil, "FuseA", "FuseA", "SBrkr", "Mix"] as [String?])),
            ("YearBuilt", Column([2000, 1990, nil, 1990, 2000, 1980] as [Int64?])),
            ("Clean", Column([1, 2, 3, 4, 5, 6] as [Int64])),
        ])
        let filled = try FillMissing(noneColumns: ["PoolQC"], zeroColumns: ["GarageArea"]).apply(to: frame)
        XCTAssertEqual(Array(try filled.strings("PoolQC")), ["None", "Ex", "None", "None", "Gd", "None"])
        XCTAssertEqual(try filled.values("GarageArea", as: Int64.self).scalars, [0, 3, 4, 0, 5, 6])
        // Group A's median of 10 and 20 is 15, group B's is 5; the row without a neighbourhood is
        // left to the most-frequent step, where 5 (twice after the group fill) wins.
        XCTAssertEqual(try filled.values("LotFrontage", as: Double.self).scalars, [10, 20, 15, 5, 5, 5])
        // Ties go to the smallest value: FuseA and SBrkr both occur twice.
        XCTAssertEqual(Array(try filled.strings("Electrical")), ["SBrkr", "FuseA", "FuseA", "FuseA", "SBrkr", "Mix"])
        XCTAssertEqual(try filled.values("YearBuilt", as: Int64.self).scalars, [2000, 1990, 1990, 1990, 2000, 1980])
        // The most-frequent step covers every column, the grouping column too (A occurs 3 times).
        XCTAssertEqual(Array(try filled.strings("Neighborhood")), ["A", "A", "A", "B", "B", "A"])
        XCTAssertEqual(filled.columns.map { $0.column.nullCount }, [0, 0, 0, 0, 0, 0, 0])
        XCTAssertTrue(try filled.column("Clean").blobs[0].owner === frame.column("Clean").blobs[0].owner, "a column without nulls is shared, not copied")
    }

    func testFillNANamesAParameterColumnTheFrameLacks() throws {
        let frame = try DataFrame(columns: [("A", Column([nil, "x"] as [String?]))])
        XCTAssertThrowsError(try FillMissing(noneColumns: ["PoolQC"], zeroColumns: []).apply(to: frame)) { error in
            XCTAssertTrue("\(error)".contains("none_cols") && "\(error)".contains("PoolQC"), "\(error)")
        }
    }

    func testRemoveOutliersDropsOnlyLargeCheapHouses() throws {
        let frame = try DataFrame(columns: [
            ("GrLivArea", Column([4500, 4500, 3000, 5000, nil] as [Int64?])),
            ("SalePrice", Column([200_000, 400_000, 100_000, 299_999, 100_000] as [Int64])),
        ])
        let kept = try HousePricesNodes.removeOutliers(frame, multiplier: 1, maxLivingArea: 4000, minPrice: 300_000)
        XCTAssertEqual(try kept.values("SalePrice", as: Int64.self).scalars, [400_000, 100_000, 100_000])
    }

    func testAugmentationAddsSeededRowsOverTheSameColumnsAndDomains() throws {
        let base = HousePricesGenerator.baseRows(50)
        let first = try HousePricesNodes.removeOutliers(base, multiplier: 40, maxLivingArea: 1e12, minPrice: 0)
        let again = try HousePricesNodes.removeOutliers(base, multiplier: 40, maxLivingArea: 1e12, minPrice: 0)
        let otherSeed = try HousePricesNodes.removeOutliers(base, multiplier: 40, maxLivingArea: 1e12, minPrice: 0, seed: 7)
        XCTAssertEqual(first.rowCount, 2000)
        XCTAssertEqual(first.columnNames, base.columnNames)
        XCTAssertEqual(first.columns.map(\.column.kind), base.columns.map(\.column.kind))
        XCTAssertEqual(FrameDigest.digest(first), FrameDigest.digest(again))
        XCTAssertNotEqual(FrameDigest.digest(first), FrameDigest.digest(otherSeed))
        let neighborhoods = Set(try first.strings("Neighborhood"))
        guard case let .categories(known)? = HousePricesSchema.column(named: "Neighborhood")?.domain else { return XCTFail("schema") }
        XCTAssertTrue(neighborhoods.isSubset(of: Set(known)) && neighborhoods.count > 10, "\(neighborhoods)")
        let prices = try first.values("SalePrice", as: Int64.self).scalars
        XCTAssertTrue(prices.dropFirst(50).allSatisfy { (50_000...800_000).contains($0) })
        let pool = try first.column("PoolQC")
        XCTAssertGreaterThan(Double(pool.nullCount) / 2000, 0.9, "PoolQC is missing in 1453 of 1460 real rows")
    }

    func testFilteredAugmentationWrittenOnceEqualsConcatenatingThenFiltering() throws {
        let base = HousePricesGenerator.baseRows(100, seed: 3)
        let random = try HousePricesGenerator.randomRows(like: base, rows: 900)
        let all = try DataFrame.concatenating([base, random])
        let area = try all.values("GrLivArea", as: Int64.self).scalars
        let price = try all.values("SalePrice", as: Int64.self).scalars
        let naive = try all.filtered(by: (0..<all.rowCount).map { !(area[$0] > 4000 && price[$0] < 300_000) })
        let fast = try HousePricesNodes.removeOutliers(base, multiplier: 10, maxLivingArea: 4000, minPrice: 300_000)
        XCTAssertLessThan(fast.rowCount, 1000, "some random rows are outliers")
        XCTAssertEqual(fast.rowCount, naive.rowCount)
        XCTAssertEqual(FrameDigest.digest(fast), FrameDigest.digest(naive))
    }

    func testAugmentationOfUnknownColumnsDrawsFromTheirObservedValues() throws {
        let base = try DataFrame(columns: [
            ("Colour", Column(["red", "blue", "red"])),
            ("Size", Column([3, 9, 5] as [Int64])),
        ])
        let rows = try HousePricesGenerator.randomRows(like: base, rows: 500)
        XCTAssertEqual(Set(try rows.strings("Colour")), ["red", "blue"])
        XCTAssertTrue(try rows.values("Size", as: Int64.self).allSatisfy { (3...9).contains($0) })
    }

    func testCreateTargetIsLog1pOfSalePrice() throws {
        let frame = try DataFrame(columns: [("SalePrice", Column([0, 208_500] as [Int64])), ("Id", Column([1, 2] as [Int64]))])
        let target = try HousePricesNodes.createTarget(frame)
        XCTAssertEqual(target.columnNames, ["SalePrice"])
        XCTAssertEqual(try target.values("SalePrice", as: Double.self).scalars, [0, log1p(208_500)])
    }

    func testTotalSFAddsTheThreeAreasAndKeepsNulls() throws {
        let frame = try DataFrame(columns: [
            ("TotalBsmtSF", Column([100, 0] as [Int64])),
            ("1stFlrSF", Column([200, 300] as [Int64])),
            ("2ndFlrSF", Column([50, nil] as [Int64?])),
        ])
        let result = try HousePricesNodes.addTotalSF(frame)
        XCTAssertEqual(result.columnNames.last, "TotalSF")
        XCTAssertEqual(try result.values("TotalSF", as: Int64.self)[0], 350)
        XCTAssertTrue(try result.column("TotalSF").isNull(1))
    }

    func testDropColumnsRefusesAColumnTheFrameLacks() throws {
        let frame = try DataFrame(columns: [("SalePrice", Column([1] as [Int64]))])
        XCTAssertThrowsError(try HousePricesNodes.dropColumns(frame, columns: ["SalePrice", "Utilities"])) { error in
            XCTAssertTrue("\(error)".contains("cols_to_drop") && "\(error)".contains("Utilities"), "\(error)")
        }
    }

    func testGeneratedBaseRowsLookLikeTrainCSV() throws {
        let base = HousePricesGenerator.baseRows()
        XCTAssertEqual(base.rowCount, 1460)
        XCTAssertEqual(base.columnCount, 81)
        XCTAssertEqual(base.columnNames, HousePricesSchema.columns.map(\.name))
        XCTAssertEqual(try base.values("Id", as: Int64.self).scalars, Array(1...1460))
        XCTAssertEqual(try base.column("LotFrontage").kind, .numeric(.float64))
        let missing = try base.column("LotFrontage").nullCount
        XCTAssertTrue((180...340).contains(missing), "LotFrontage misses 259 of 1460 values in train.csv; generated \(missing)")
        XCTAssertEqual(base.columns.filter { $0.column.kind == .string }.count, 43)
    }

    func testPipelineRejectsAMultiplierBelowOne() async throws {
        let pipeline = HousePricesPipeline.make()
        let node = try pipeline.node(named: "outliers_node")
        let inputs = NodeInputs(objects: ["house_prices": HousePricesGenerator.baseRows(10).encoded()], parameters: [
            "params:outliers": ["GrLivArea": 4000, "SalePrice": 300_000], "params:multiplier": 0, "params:seed": 42,
        ])
        do {
            _ = try await node.run(inputs)
            XCTFail("a multiplier of 0 must fail")
        } catch {
            XCTAssertTrue("\(error)".contains("multiplier"), "\(error)")
        }
    }
}

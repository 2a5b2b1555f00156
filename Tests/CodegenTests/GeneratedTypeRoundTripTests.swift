import Foundation
import XCTest

@testable import DatasetSDK

/// The types the build plugin generated from Protos/fixtures.proto, saved to real `.dso`
/// containers and loaded back.
final class GeneratedTypeRoundTripTests: XCTestCase {
    func testScalarsRoundTripThroughAContainerWithTheDocumentedFieldKinds() async throws {
        let scalars = makeScalars()
        let encoded = scalars.encoded()
        XCTAssertEqual(encoded.typeName, "fixtures.Scalars")
        XCTAssertEqual(encoded.fields["small"], .int(-7))
        XCTAssertEqual(encoded.fields["count"], .uint(7))
        XCTAssertEqual(encoded.fields["huge"], .uint(.max))
        XCTAssertEqual(encoded.fields["level"], .string("very_high"))
        XCTAssertEqual(encoded.fields["history"], .list(["low", "high"]))
        XCTAssertEqual(encoded.fields["weights"], .map(["a": 0.25]))
        XCTAssertEqual(encoded.fields["raw"], .bytes([0, 255]))
        XCTAssertEqual(encoded.fields["default"], .string("keyword"))
        XCTAssertNil(encoded.fields["note"], "a nil optional is left out")
        XCTAssertEqual(encoded.fields["seed"], .int(42))

        let loaded = try Scalars(decoding: await Fixtures.throughContainer(encoded, in: Fixtures.temporaryFolder(for: self)))
        XCTAssertEqual(loaded.flag, true)
        XCTAssertEqual(loaded.small, -7)
        XCTAssertEqual(loaded.large, .min)
        XCTAssertEqual(loaded.count, 7)
        XCTAssertEqual(loaded.huge, .max)
        XCTAssertEqual(loaded.ratio, 0.5)
        XCTAssertEqual(loaded.precise, .pi)
        XCTAssertEqual(loaded.label, "naïve")
        XCTAssertEqual(loaded.raw, [0, 255])
        XCTAssertEqual(loaded.level, .veryHigh)
        XCTAssertEqual(loaded.history, [.low, .high])
        XCTAssertEqual(loaded.tags, ["a", "b"])
        XCTAssertEqual(loaded.sizes, [1, 2, 3])
        XCTAssertEqual(loaded.weights, ["a": 0.25])
        XCTAssertEqual(loaded.extra, ["nested": ["x": [1, 2]]])
        XCTAssertNil(loaded.note)
        XCTAssertEqual(loaded.seed, 42)
        XCTAssertEqual(loaded.default, "keyword")
        XCTAssertEqual(loaded.anything, .null)
    }

    func testArraysLoadAsViewsOfTheMappedContainer() async throws {
        let arrays = try makeArrays(rows: 4)
        let encoded = arrays.encoded()
        XCTAssertEqual(encoded.members["matrix"]?.typeName, "datasetsdk.Tensor")
        XCTAssertEqual(encoded.members["codes"]?.fields["dtype"], .string("int8"))
        XCTAssertEqual(encoded.members["pixels"]?.fields["dtype"], .string("uint16"))
        XCTAssertEqual(encoded.members["names"]?.typeName, "datasetsdk.StringArray")
        XCTAssertNotNil(encoded.blobs["payload"])
        XCTAssertNil(encoded.blobs["thumbnail"])

        let stored = try await Fixtures.throughContainer(encoded, in: Fixtures.temporaryFolder(for: self))
        let loaded = try Arrays(decoding: stored)
        XCTAssertEqual(loaded.matrix, arrays.matrix)
        XCTAssertEqual(loaded.matrix.shape, [4, 3])
        XCTAssertEqual(loaded.ids.scalars, [0, 1, 2, 3])
        XCTAssertEqual(loaded.codes.scalars, [-1, 0, 1])
        XCTAssertEqual(loaded.pixels.scalars, [0, 65535])
        XCTAssertEqual(loaded.mask.scalars, [true, false])
        XCTAssertEqual(Array(loaded.names), ["x", "y"])
        XCTAssertEqual(loaded.payload.bytes, [1, 2, 3])
        XCTAssertNil(loaded.thumbnail)
        // Zero-copy: the tensor views the very bytes the container reader mapped.
        guard case .mappedFile = loaded.matrix.blob.origin else { return XCTFail("matrix was copied: \(loaded.matrix.blob.origin)") }
        let mapped = stored.members["matrix"]!.blobs["data"]!
        XCTAssertTrue(loaded.matrix.blob.owner === mapped.owner)
        XCTAssertEqual(loaded.matrix.blob.offset, mapped.offset)
        XCTAssertTrue(loaded.payload.owner === stored.blobs["payload"]!.owner)
    }

    func testDeclaredShapesAreCheckedWhenCreatingAndDecoding() throws {
        XCTAssertThrowsError(try makeArrays(rows: 4, ids: 3)) { error in
            guard case let .inMember("ids", .invalidField("shape", _, expected, found))? = error as? ObjectError else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(expected.contains("rows = 4 (from member 'matrix')"), expected)
            XCTAssertTrue(found.hasPrefix("[3]"), found)
        }
        var encoded = try makeArrays(rows: 2).encoded()
        encoded.members["matrix"] = try Tensor<Float>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]).encoded()
        XCTAssertThrowsError(try Arrays(decoding: encoded)) { error in
            guard case let .inMember("matrix", .invalidField("shape", _, expected, _))? = error as? ObjectError else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(expected, "shape [rows, 3]")
        }
    }

    func testTypedColumnMembersRoundTripAndRefuseAnotherColumnType() async throws {
        let events = FixtureEvents(
            at: try Column(timestamps: Tensor<Int64>([1, 2]), unit: .milliseconds, timeZone: "UTC"),
            took: try Column([.seconds(1), nil], unit: .seconds), day: try Column(dates: Tensor<Int32>([0, 1])),
            amount: try Column(decimals: [150, -1], precision: 5, scale: 2), kind: try Column(["buy", "sell"]).categorical()
        )
        let encoded = events.encoded()
        XCTAssertEqual(encoded.members["at"]?.typeName, "datasetsdk.TimestampArray")
        let loaded = try FixtureEvents(decoding: await Fixtures.throughContainer(encoded, in: Fixtures.temporaryFolder(for: self)))
        XCTAssertEqual(loaded.at.kind, .timestamp(.milliseconds, timeZone: "UTC"))
        XCTAssertNil(loaded.took.duration(at: 1))
        XCTAssertEqual(loaded.amount.decimalText(at: 0), "1.50")
        XCTAssertEqual(loaded.kind?.value(at: 1), .string("sell"))
        XCTAssertNil(try FixtureEvents(decoding: FixtureEvents(at: events.at, took: events.took, day: events.day, amount: events.amount).encoded()).kind)

        var wrong = encoded
        wrong.members["day"] = encoded.members["at"]
        XCTAssertThrowsError(try FixtureEvents(decoding: wrong)) { error in
            XCTAssertTrue("\(error)".contains("day") && "\(error)".contains("datasetsdk.DateArray"), "\(error)")
        }
    }

    func testBundleMembersListsAndInlineMembersRoundTrip() async throws {
        let step = FixtureBundle.Step(name: "scale", weights: Tensor([0.5, 2]))
        let frame = try DataFrame(columns: [("Id", Column([1, 2] as [Int64])), ("Zone", Column(["RL", nil]))])
        let bundle = FixtureBundle(
            arrays: try makeArrays(rows: 1), steps: [step, FixtureBundle.Step(name: "shift", weights: Tensor([1]))],
            frame: frame, params: ["alpha": 0.5], model: Bytes(Blob(copying: [9, 9])),
            anything: Record(["free": true]).encoded(), extras: [Bytes(Blob(copying: [1])).encoded()],
            namedSteps: ["first": step],
            target: try Series(Column(timestamps: Tensor<Int64>([1, 2]), unit: .seconds), name: .string("when"))
        )
        let encoded = bundle.encoded()
        XCTAssertEqual(encoded.typeName, "fixtures.v1.Bundle")
        XCTAssertEqual(encoded.members["steps"]?.typeName, "datasetsdk.List")
        XCTAssertEqual(encoded.members["steps"]?.fields["length"], .int(2))
        XCTAssertEqual(encoded.members["steps"]?.members["1"]?.fields["name"], .string("shift"))
        XCTAssertEqual(encoded.members["first"]?.typeName, "fixtures.v1.Bundle.Step", "inline members sit on the object itself")
        XCTAssertNil(encoded.members["scalars"])

        let loaded = try FixtureBundle(decoding: await Fixtures.throughContainer(encoded, in: Fixtures.temporaryFolder(for: self)))
        XCTAssertEqual(loaded.steps.map(\.name), ["scale", "shift"])
        XCTAssertEqual(loaded.steps[0].weights, step.weights)
        XCTAssertEqual(Array(loaded.namedSteps.keys), ["first"])
        XCTAssertEqual(loaded.namedSteps["first"]?.weights, step.weights)
        XCTAssertNil(loaded.scalars)
        XCTAssertEqual(loaded.frame.columnNames, ["Id", "Zone"])
        XCTAssertTrue(loaded.frame["Zone"]!.isNull(1))
        XCTAssertEqual(loaded.params, ["alpha": 0.5])
        XCTAssertEqual(loaded.model, bundle.model)
        XCTAssertEqual(loaded.anything.typeName, "datasetsdk.Record")
        XCTAssertEqual(loaded.extras.map(\.typeName), ["datasetsdk.Bytes"])
        XCTAssertEqual(loaded.arrays.matrix, bundle.arrays.matrix)
        XCTAssertEqual(loaded.target?.name, .string("when"))
        XCTAssertEqual(loaded.target?.values.kind, .timestamp(.seconds, timeZone: nil))
    }

    func testInlineFieldsHoldEveryFieldNoPropertyClaims() throws {
        let labels = Labels(owner: "ml-team", entries: ["stage": "prod", "owner": "ignored"])
        let encoded = labels.encoded()
        XCTAssertEqual(encoded.fields, ["owner": "ml-team", "stage": "prod"], "a declared field wins over an inline entry")
        let loaded = try Labels(decoding: encoded)
        XCTAssertEqual(loaded.owner, "ml-team")
        XCTAssertEqual(loaded.entries, ["stage": "prod"])
    }

    func testDecodingErrorsNameTheFieldMemberAndExpectation() throws {
        var encoded = makeScalars().encoded()
        encoded.fields["level"] = "extreme"
        XCTAssertThrowsError(try Scalars(decoding: encoded)) { error in
            guard case let .invalidField("level", "fixtures.Scalars", expected, found)? = error as? ObjectError else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(expected, "one of low, high, very_high")
            XCTAssertEqual(found, "\"extreme\"")
        }
        encoded = makeScalars().encoded()
        encoded.fields["count"] = .int(-1)
        XCTAssertThrowsError(try Scalars(decoding: encoded)) { error in
            guard case .invalidField("count", _, "a uint32", _)? = error as? ObjectError else { return XCTFail("unexpected \(error)") }
        }
        encoded = makeScalars().encoded()
        encoded.fields["label"] = nil
        XCTAssertThrowsError(try Scalars(decoding: encoded)) { error in
            guard case .missingField("label", "fixtures.Scalars")? = error as? ObjectError else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertThrowsError(try Scalars(decoding: Record().encoded())) { error in
            guard case .typeMismatch("fixtures.Scalars", "datasetsdk.Record")? = error as? ObjectError else { return XCTFail("unexpected \(error)") }
        }
        var arrays = try makeArrays(rows: 1).encoded()
        arrays.members["names"] = nil
        XCTAssertThrowsError(try Arrays(decoding: arrays)) { error in
            guard case .missingMember("names", _)? = error as? ObjectError else { return XCTFail("unexpected \(error)") }
        }
        arrays = try makeArrays(rows: 1).encoded()
        arrays.members["codes"]?.fields["dtype"] = "int32"
        XCTAssertThrowsError(try Arrays(decoding: arrays)) { error in
            guard case .inMember("codes", .invalidField("dtype", _, "int8", "int32"))? = error as? ObjectError else { return XCTFail("unexpected \(error)") }
        }
    }

    // MARK: - Fixtures

    private func makeScalars() -> Scalars {
        Scalars(
            flag: true, small: -7, large: .min, count: 7, huge: .max, ratio: 0.5, precise: .pi, label: "naïve",
            raw: [0, 255], level: .veryHigh, history: [.low, .high], tags: ["a", "b"], sizes: [1, 2, 3],
            weights: ["a": 0.25], extra: ["nested": ["x": [1, 2]]], note: nil, seed: 42, default: "keyword", anything: .null
        )
    }

    private func makeArrays(rows: Int, ids: Int? = nil) throws -> Arrays {
        try Arrays(
            matrix: Tensor(shape: [rows, 3], scalars: (0..<rows * 3).map(Float.init)),
            ids: Tensor((0..<Int64(ids ?? rows)).map { $0 }),
            codes: Tensor([-1, 0, 1]),
            pixels: Tensor([0, 65535]),
            mask: Tensor([true, false]),
            names: StringArray(["x", "y"]),
            payload: Blob(copying: [1, 2, 3])
        )
    }
}

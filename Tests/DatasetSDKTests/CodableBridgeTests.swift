import DatasetSDK
import XCTest

final class CodableBridgeTests: XCTestCase {
    // MARK: - Fixtures

    enum Kind: String, Codable, Equatable, Sendable { case train, test }
    enum Priority: Int, Codable, Equatable, Sendable { case low = 1, high = 9 }

    struct Inner: Codable, Equatable, Sendable {
        var label: String
        var weight: Double?
    }

    struct Outer: Codable, Equatable, Sendable {
        var name: String
        var count: Int
        var ratio: Float
        var flag: Bool
        var big: UInt64
        var small: Int8
        var note: String?
        var missing: String?
        var kind: Kind
        var priority: Priority
        var inner: Inner
        var innerOptional: Inner?
        var grid: [[Int]]
        var items: [Inner]
        var counts: [String: Int]
    }

    struct Samples: Codable, Equatable, Sendable {
        var name: String
        var values: [Double]
    }

    static let outer = Outer(
        name: "ridge", count: -42, ratio: 0.25, flag: true, big: .max, small: -8,
        note: "hello", missing: nil, kind: .test, priority: .high,
        inner: Inner(label: "a", weight: nil), innerOptional: Inner(label: "b", weight: 2.5),
        grid: [[1, 2], [], [3]], items: [Inner(label: "x", weight: 1), Inner(label: "y", weight: nil)],
        counts: ["apples": 3, "pears": 0])

    private func roundTrip<T: Codable>(_ value: T, _ type: T.Type = T.self) throws -> T {
        try ObjectDecoder().decode(T.self, from: ObjectEncoder().encode(value))
    }

    // MARK: - Round trips

    func testNestedStructWithOptionalsEnumsArraysAndDictionariesRoundTrips() throws {
        XCTAssertEqual(try roundTrip(Self.outer), Self.outer)
    }

    func testKeyedContainersBecomeFieldsAndNestedOnesMembers() throws {
        let object = try ObjectEncoder().encode(Self.outer)
        XCTAssertEqual(object.typeName, "datasetsdk.Codable")
        XCTAssertEqual(object.fields["name"], .string("ridge"))
        XCTAssertEqual(object.fields["count"], .int(-42))
        XCTAssertEqual(object.fields["big"], .uint(.max))
        XCTAssertEqual(object.fields["kind"], .string("test"))
        XCTAssertEqual(object.fields["priority"], .int(9))
        XCTAssertNil(object.fields["missing"], "nil optionals are left out, as with JSONEncoder")
        XCTAssertEqual(object.fields["grid"], [[1, 2], [], [3]])
        XCTAssertEqual(object.fields["items"], [["label": "x", "weight": 1.0], ["label": "y"]])
        XCTAssertEqual(object.members["inner"]?.typeName, "datasetsdk.Codable")
        XCTAssertEqual(object.members["inner"]?.fields, ["label": "a"])
        XCTAssertEqual(object.members["counts"]?.fields, ["apples": 3, "pears": 0])
        XCTAssertEqual(object.labels["swift.type"], String(reflecting: Outer.self))
        XCTAssertNil(object.labels["datasetsdk.codable.root"])
    }

    func testDictionaryOfIntsRoundTrips() throws {
        let value = ["a": 1, "b": -2, "value": 3]
        XCTAssertEqual(try roundTrip(value), value)
    }

    func testNestedArraysRoundTrip() throws {
        let value: [[[Double]]] = [[[1, 2], [3]], [], [[.infinity]]]
        XCTAssertEqual(try roundTrip(value), value)
    }

    func testLargeDoubleArrayIsStoredAsTensorMember() throws {
        let samples = Samples(name: "noise", values: (0..<100_000).map { Double($0) * 0.5 })
        let object = try ObjectEncoder().encode(samples)
        let member = try XCTUnwrap(object.members["values"])
        XCTAssertEqual(member.typeName, "datasetsdk.Tensor")
        XCTAssertEqual(member.fields["dtype"], "float64")
        XCTAssertEqual(member.blobs["data"]?.count, 800_000)
        XCTAssertNil(object.fields["values"])
        XCTAssertFalse(object.fields.values.contains { ($0.listValue?.count ?? 0) > 100 }, "no large list in the metadata")
        XCTAssertEqual(try ObjectDecoder().decode(Samples.self, from: object), samples)
    }

    func testSmallDoubleArrayStaysAListField() throws {
        let samples = Samples(name: "few", values: [1.5, 2.5, -0.0])
        let object = try ObjectEncoder().encode(samples)
        XCTAssertEqual(object.fields["values"], [1.5, 2.5, -0.0])
        XCTAssertTrue(object.members.isEmpty)
        XCTAssertEqual(try ObjectDecoder().decode(Samples.self, from: object), samples)
    }

    func testThresholdIsInBytesOfTheElementType() throws {
        struct Arrays: Codable, Equatable { var bytes: [UInt8]; var ints: [Int32]; var flags: [Bool] }
        let value = Arrays(bytes: Array(repeating: 7, count: 4096), ints: Array(repeating: -1, count: 1025), flags: [true, false])
        let object = try ObjectEncoder().encode(value)
        XCTAssertNotNil(object.fields["bytes"], "4096 bytes is not over the threshold")
        XCTAssertEqual(object.members["ints"]?.fields["dtype"], "int32")
        XCTAssertEqual(try ObjectDecoder().decode(Arrays.self, from: object), value)

        let everything = try ObjectEncoder(blobThreshold: 0).encode(value)
        XCTAssertEqual(Set(everything.members.keys), ["bytes", "ints", "flags"])
        XCTAssertEqual(everything.members["flags"]?.fields["dtype"], "bool")
        XCTAssertEqual(try ObjectDecoder().decode(Arrays.self, from: everything), value)
    }

    func testArraysInsideListsAreNeverPromoted() throws {
        let value = [Samples(name: "a", values: Array(repeating: 1, count: 1000))]
        let object = try ObjectEncoder(blobThreshold: 0).encode(value)
        XCTAssertTrue(object.members.isEmpty)
        XCTAssertEqual(object.fields["value"]?.listValue?.first?.mapValue?["values"]?.listValue?.count, 1000)
        XCTAssertEqual(try ObjectDecoder().decode([Samples].self, from: object), value)
    }

    func testPromotedArrayDecodesThroughOtherSequenceTypes() throws {
        struct AsSet: Codable { var values: Set<Int> }
        struct AsArray: Codable { var values: [Int] }
        let object = try ObjectEncoder(blobThreshold: 0).encode(AsArray(values: [3, 1, 2]))
        XCTAssertEqual(object.members["values"]?.typeName, "datasetsdk.Tensor")
        XCTAssertEqual(try ObjectDecoder().decode(AsSet.self, from: object).values, [1, 2, 3])
    }

    func testFloatNaNAndInfinityRoundTrip() throws {
        struct Floats: Codable { var nan: Float; var inf: Double; var list: [Float] }
        let back = try roundTrip(Floats(nan: .nan, inf: -.infinity, list: [.nan, .infinity, 1]))
        XCTAssertTrue(back.nan.isNaN)
        XCTAssertEqual(back.inf, -.infinity)
        XCTAssertTrue(back.list[0].isNaN)
        XCTAssertEqual(Array(back.list.dropFirst()), [.infinity, 1])

        let promoted = try ObjectEncoder(blobThreshold: 0).encode(Floats(nan: .nan, inf: 0, list: [.nan, 2]))
        let decoded = try ObjectDecoder().decode(Floats.self, from: promoted)
        XCTAssertTrue(decoded.list[0].isNaN)
        XCTAssertEqual(decoded.list[1], 2)
    }

    func testTopLevelArrayIsStoredUnderValue() throws {
        let object = try ObjectEncoder().encode([1, 2, 3])
        XCTAssertEqual(object.fields, ["value": [1, 2, 3]])
        XCTAssertEqual(object.labels["datasetsdk.codable.root"], "single")
        XCTAssertEqual(try ObjectDecoder().decode([Int].self, from: object), [1, 2, 3])

        let large = (0..<2000).map(Double.init)
        let promoted = try ObjectEncoder().encode(large)
        XCTAssertEqual(promoted.members["value"]?.typeName, "datasetsdk.Tensor")
        XCTAssertEqual(try ObjectDecoder().decode([Double].self, from: promoted), large)
    }

    func testTopLevelIntAndNilRoundTrip() throws {
        let object = try ObjectEncoder().encode(42)
        XCTAssertEqual(object.fields, ["value": 42])
        XCTAssertEqual(object.labels["datasetsdk.codable.root"], "single")
        XCTAssertEqual(object.labels["swift.type"], "Swift.Int")
        XCTAssertEqual(try ObjectDecoder().decode(Int.self, from: object), 42)
        XCTAssertEqual(try roundTrip(Int?.none), Int?.none)
        XCTAssertEqual(try roundTrip(Inner?.some(Inner(label: "z", weight: 1))), Inner(label: "z", weight: 1))
    }

    func testSwiftTypeLabelIsNotRequiredOnDecode() throws {
        var object = try ObjectEncoder().encode(Self.outer)
        object.labels["swift.type"] = nil
        XCTAssertEqual(try ObjectDecoder().decode(Outer.self, from: object), Self.outer)
    }

    func testCodableObjectRoundTripsThroughAContainer() async throws {
        let value = Samples(name: "stored", values: (0..<100_000).map { Double($0).squareRoot() })
        let storage = MemoryStorage()
        let location = try StorageLocation("memory://x")
        let writer = try await storage.makeWriter(for: location)
        try await Container.write(CodableObject(value).encoded(), to: writer)
        try await writer.commit()
        let object = try Container.read(try await storage.read(location), source: "x")
        XCTAssertEqual(object.members["values"]?.typeName, "datasetsdk.Tensor")
        XCTAssertEqual(object.labels["swift.type"], String(reflecting: Samples.self))
        XCTAssertEqual(try CodableObject<Samples>(decoding: object).value, value)
    }

    func testNestedStructRoundTripsThroughAContainer() async throws {
        let storage = MemoryStorage()
        let location = try StorageLocation("memory://outer")
        let writer = try await storage.makeWriter(for: location)
        try await Container.write(CodableObject(Self.outer).encoded(), to: writer)
        try await writer.commit()
        let object = try Container.read(try await storage.read(location), source: "outer")
        XCTAssertEqual(try CodableObject<Outer>(decoding: object), CodableObject(Self.outer))
    }

    func testCodableObjectIsADatasetObject() throws {
        func typeName<T: DatasetObject>(_: T) -> String { T.typeName }
        XCTAssertEqual(typeName(CodableObject([1, 2])), "datasetsdk.Codable")
        XCTAssertThrowsError(try CodableObject<[Int]>(decoding: Tensor<Double>([1]).encoded())) { error in
            guard case ObjectError.typeMismatch(expected: "datasetsdk.Codable", found: "datasetsdk.Tensor") = error else {
                return XCTFail("unexpected \(error)")
            }
        }
    }

    func testLargeArrayInNestedMemberIsPromotedThere() throws {
        struct Run: Codable, Equatable { var id: Int; var samples: Samples }
        let run = Run(id: 7, samples: Samples(name: "deep", values: Array(repeating: 0.5, count: 1000)))
        let object = try ObjectEncoder().encode(run)
        XCTAssertEqual(object.members["samples"]?.members["values"]?.typeName, "datasetsdk.Tensor")
        XCTAssertEqual(object.totalBytes, 8000)
        XCTAssertEqual(try ObjectDecoder().decode(Run.self, from: object), run)
    }

    func testEnumsWithAssociatedValuesRoundTrip() throws {
        enum Shape: Codable, Equatable { case circle(radius: Double), polygon([Int]), empty }
        let shapes: [Shape] = [.circle(radius: 1.5), .polygon([3, 4, 5]), .empty]
        XCTAssertEqual(try roundTrip(shapes), shapes)
        XCTAssertEqual(try roundTrip(["only": Shape.polygon([1])]), ["only": .polygon([1])])
    }

    func testSubclassEncodingThroughSuperEncoderRoundTrips() throws {
        class Base: Codable { var id = 0 }
        final class Child: Base {
            var extra = ""
            private enum CodingKeys: String, CodingKey { case extra }
            override init() { super.init() }
            required init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                extra = try container.decode(String.self, forKey: .extra)
                try super.init(from: container.superDecoder())
            }
            override func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(extra, forKey: .extra)
                try super.encode(to: container.superEncoder())
            }
        }
        let child = Child()
        child.id = 5
        child.extra = "more"
        let object = try ObjectEncoder().encode(child)
        XCTAssertEqual(object.members["super"]?.fields, ["id": 5])
        let back = try ObjectDecoder().decode(Child.self, from: object)
        XCTAssertEqual(back.id, 5)
        XCTAssertEqual(back.extra, "more")
    }

    func testUserInfoReachesTheValues() throws {
        struct Versioned: Codable {
            static let key = CodingUserInfoKey(rawValue: "version")!
            var version: Int
            init(version: Int) { self.version = version }
            init(from decoder: any Decoder) throws { version = decoder.userInfo[Self.key] as? Int ?? -1 }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(encoder.userInfo[Self.key] as? Int ?? -1)
            }
        }
        var encoder = ObjectEncoder()
        encoder.userInfo[Versioned.key] = 3
        XCTAssertEqual(try encoder.encode(Versioned(version: 0)).fields["value"], 3)
        var decoder = ObjectDecoder()
        decoder.userInfo[Versioned.key] = 4
        XCTAssertEqual(try decoder.decode(Versioned.self, from: encoder.encode(Versioned(version: 0))).version, 4)
    }

    // MARK: - Decoding errors

    func testMissingKeyNamesTheKeyAndItsPath() throws {
        var object = try ObjectEncoder().encode(Self.outer)
        object.members["inner"]?.fields["label"] = nil
        XCTAssertThrowsError(try ObjectDecoder().decode(Outer.self, from: object)) { error in
            guard case let DecodingError.keyNotFound(key, context) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(key.stringValue, "label")
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["inner"])
        }
    }

    func testTypeMismatchNamesThePath() throws {
        var object = try ObjectEncoder().encode(Self.outer)
        object.fields["items"] = [["label": 5]]
        XCTAssertThrowsError(try ObjectDecoder().decode(Outer.self, from: object)) { error in
            guard case let DecodingError.typeMismatch(type, context) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(type == String.self)
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["items", "Index 0", "label"])
        }
    }

    func testNullForRequiredValueIsValueNotFound() throws {
        var object = try ObjectEncoder().encode(Self.outer)
        object.fields["count"] = .null
        XCTAssertThrowsError(try ObjectDecoder().decode(Outer.self, from: object)) { error in
            guard case let DecodingError.valueNotFound(_, context) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["count"])
        }
    }

    func testOutOfRangeIntegerIsDataCorrupted() throws {
        struct Narrow: Codable { var byte: UInt8 }
        let object = EncodedObject(typeName: "datasetsdk.Codable", fields: ["byte": 300])
        XCTAssertThrowsError(try ObjectDecoder().decode(Narrow.self, from: object)) { error in
            guard case let DecodingError.dataCorrupted(context) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["byte"])
        }
        let negative = EncodedObject(typeName: "datasetsdk.Codable", fields: ["value": -1], labels: ["datasetsdk.codable.root": "single"])
        XCTAssertThrowsError(try ObjectDecoder().decode(UInt.self, from: negative)) { error in
            guard case DecodingError.dataCorrupted = error else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertThrowsError(try ObjectDecoder().decode(Float.self, from: try ObjectEncoder().encode(1e300))) { error in
            guard case DecodingError.dataCorrupted = error else { return XCTFail("unexpected \(error)") }
        }
    }

    func testTensorOfAnotherDTypeThrowsAnObjectError() throws {
        let object = try ObjectEncoder(blobThreshold: 0).encode(Samples(name: "f", values: [1, 2]))
        struct FloatSamples: Codable { var name: String; var values: [Float] }
        XCTAssertThrowsError(try ObjectDecoder().decode(FloatSamples.self, from: object)) { error in
            guard case let ObjectError.inMember(name, .invalidField(field, _, expected, found)) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(name, "values")
            XCTAssertEqual(field, "dtype")
            XCTAssertEqual(expected, "float32")
            XCTAssertEqual(found, "float64")
        }
    }

    func testUnkeyedContainerPastItsEndIsValueNotFound() throws {
        struct Pair: Codable {
            var a: Int, b: Int
            init(a: Int, b: Int) { (self.a, self.b) = (a, b) }
            init(from decoder: any Decoder) throws {
                var list = try decoder.unkeyedContainer()
                a = try list.decode(Int.self)
                b = try list.decode(Int.self)
            }
            func encode(to encoder: any Encoder) throws {
                var list = encoder.unkeyedContainer()
                try list.encode(a)
                try list.encode(b)
            }
        }
        XCTAssertEqual(try roundTrip(Pair(a: 1, b: 2)).b, 2)
        XCTAssertThrowsError(try ObjectDecoder().decode(Pair.self, from: ObjectEncoder().encode([1]))) { error in
            guard case let DecodingError.valueNotFound(_, context) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["Index 1"])
        }
    }
}

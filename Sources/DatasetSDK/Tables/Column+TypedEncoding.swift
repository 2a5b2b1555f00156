// Encoding and decoding the column types beyond tensors and strings (docs/format.md section 3):
// timestamps, durations, dates, decimals and dictionaries, with the checks the spec marks
// "checked" for objects read from files (store objects were checked by their writer).

extension Column {
    /// The column as its generated layout's object (not for numbers and strings).
    func encodedTyped() -> EncodedObject {
        let length = Int64(count), nulls = validity.map { Int64($0.nullCount) }, bits = validity?.blob
        switch kind {
        case let .timestamp(unit, zone):
            return TimestampArrayLayout(length: length, unit: unit.layout, timezone: zone, data: data, validity: bits, nullCount: nulls).encoded()
        case let .duration(unit):
            return DurationArrayLayout(length: length, unit: unit.layout, data: data, validity: bits, nullCount: nulls).encoded()
        case .date:
            return DateArrayLayout(length: length, data: data, validity: bits, nullCount: nulls).encoded()
        case let .decimal(precision, scale):
            return DecimalArrayLayout(length: length, precision: Int64(precision), scale: Int64(scale), data: data, validity: bits, nullCount: nulls).encoded()
        case let .dictionary(codes, _, ordered):
            let codesObject = TensorLayout(dtype: codes.layout, shape: [length], data: data).encoded()
            return DictionaryArrayLayout(length: length, ordered: ordered ? true : nil, codes: codesObject,
                                         categories: categories!.encoded(), validity: bits, nullCount: nulls).encoded()
        case .numeric, .string:
            preconditionFailure("\(kind) is encoded by Column.encoded()")
        }
    }

    /// Decodes a column of one of the typed column types, checking it unless the object comes
    /// from a store.
    static func decodingTyped(_ object: EncodedObject) throws(ObjectError) -> Column {
        let trusted = object.hasTrustedLayout
        let name = object.typeName
        switch name {
        case TimestampArrayLayout.typeName:
            let layout = try TimestampArrayLayout(decoding: object)
            let zone = layout.timezone.flatMap { $0.isEmpty ? nil : $0 }  // empty: no zone, as absent
            let kind = Kind.timestamp(TimeUnit(layout.unit), timeZone: zone)
            return try temporal(kind, length: layout.length, data: layout.data, validity: layout.validity, typeName: name, trusted: trusted)
        case DurationArrayLayout.typeName:
            let layout = try DurationArrayLayout(decoding: object)
            return try temporal(.duration(TimeUnit(layout.unit)), length: layout.length, data: layout.data, validity: layout.validity, typeName: name, trusted: trusted)
        case DateArrayLayout.typeName:
            let layout = try DateArrayLayout(decoding: object)
            let count = try rowCount(layout.length, width: 4, data: layout.data, typeName: name)
            return Column(kind: .date, count: count, data: try aligned(layout.data, width: 4), offsets: nil,
                          validity: try bitmap(layout.validity, count: count))
        case DecimalArrayLayout.typeName:
            let layout = try DecimalArrayLayout(decoding: object)
            let count = try rowCount(layout.length, width: 16, data: layout.data, typeName: name)
            let validity = try bitmap(layout.validity, count: count)
            let precision = Int(clamping: layout.precision), scale = Int(clamping: layout.scale)
            if trusted {
                guard (1...maximumDecimalPrecision).contains(precision), (-38...38).contains(scale) else {
                    throw .invalidField("precision", typeName: name, expected: "precision 1 to 38 and scale -38 to 38", found: "\(precision), \(scale)")
                }
            } else {
                try checkDecimals(layout.data, count: count, precision: precision, scale: scale, validity: validity, typeName: name)
            }
            return Column(kind: .decimal(precision: precision, scale: scale), count: count, data: try aligned(layout.data, width: 16), offsets: nil, validity: validity)
        case DictionaryArrayLayout.typeName:
            return try dictionary(DictionaryArrayLayout(decoding: object), typeName: name)
        default:
            throw .typeMismatch(expected: "a column type (datasetsdk.Tensor, StringArray, TimestampArray, DurationArray, DateArray, DecimalArray or DictionaryArray)", found: name)
        }
    }

    private static func temporal(_ kind: Kind, length: Int64, data: Blob, validity: Blob?, typeName: String, trusted: Bool) throws(ObjectError) -> Column {
        let count = try rowCount(length, width: 8, data: data, typeName: typeName)
        let bitmap = try bitmap(validity, count: count)
        let aligned = try aligned(data, width: 8)
        let checked = trusted ? aligned : try checkedTemporal(aligned, count: count, validity: bitmap, typeName: typeName)
        return Column(kind: kind, count: count, data: checked, offsets: nil, validity: bitmap)
    }

    private static func dictionary(_ layout: DictionaryArrayLayout, typeName: String) throws(ObjectError) -> Column {
        let codes: Column
        do { codes = try Column(decoding: layout.codes) } catch { throw .inMember("codes", error) }
        guard case let .numeric(dtype) = codes.kind, [.int8, .int16, .int32, .int64].contains(dtype) else {
            throw .invalidField("codes", typeName: typeName, expected: "a datasetsdk.Tensor of int8, int16, int32 or int64", found: codes.kind.description)
        }
        guard Int64(codes.count) == layout.length else {
            throw .invalidField("length", typeName: typeName, expected: "the codes' \(codes.count) rows", found: "\(layout.length)")
        }
        let categories: Column
        do { categories = try Column(decoding: layout.categories) } catch { throw .inMember("categories", error) }
        let validity = try bitmap(layout.validity, count: codes.count)
        let data: Blob = switch dtype {
        case .int8: try checkedCodes(codes.data, as: Int8.self, count: codes.count, categories: categories, validity: validity, typeName: typeName)
        case .int16: try checkedCodes(codes.data, as: Int16.self, count: codes.count, categories: categories, validity: validity, typeName: typeName)
        case .int32: try checkedCodes(codes.data, as: Int32.self, count: codes.count, categories: categories, validity: validity, typeName: typeName)
        default: try checkedCodes(codes.data, as: Int64.self, count: codes.count, categories: categories, validity: validity, typeName: typeName)
        }
        return Column(kind: .dictionary(codes: dtype, categories: categories.kind, ordered: layout.ordered ?? false), count: codes.count,
                      data: data, offsets: nil, validity: validity, categories: categories)
    }

    private static func rowCount(_ length: Int64, width: Int, data: Blob, typeName: String) throws(ObjectError) -> Int {
        guard length >= 0, let count = Int(exactly: length), count <= Int.max / width, count * width == data.count else {
            throw .invalidBlob("data", typeName: typeName, reason: "\(length) rows of \(width) bytes need \(length &* Int64(width)) bytes but the blob has \(data.count)")
        }
        return count
    }

    private static func bitmap(_ blob: Blob?, count: Int) throws(ObjectError) -> ValidityBitmap? {
        try blob.map { (bits) throws(ObjectError) in try ValidityBitmap(blob: bits, count: count) }
    }

    /// Containers and stores align every blob; a hand-made misaligned one is copied once here.
    private static func aligned(_ data: Blob, width: Int) throws(ObjectError) -> Blob {
        let isAligned = data.withUnsafeBytes { Int(bitPattern: $0.baseAddress) % min(width, 8) == 0 }
        return isAligned ? data : data.withUnsafeBytes { Blob(copying: $0) }
    }
}

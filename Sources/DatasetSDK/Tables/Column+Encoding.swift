extension Column {
    /// The row's value: `.null`, or `.bool`, `.int`, `.uint`, `.double` or `.string` for numbers
    /// and strings; the stored count (`.int`) for timestamps, durations and dates; the text
    /// (`.string`, ``decimalText(at:)``) for decimals; the category's value for dictionaries.
    public func value(at row: Int) -> Value {
        precondition(row >= 0 && row < count, "row \(row) out of range 0..<\(count)")
        if isNull(row) { return .null }
        let dtype: DType
        switch kind {
        case let .numeric(element): dtype = element
        case .string: return .string(StringArray(validatedOffsets: offsets!, bytes: data, count: count)[row])
        case .timestamp, .duration: dtype = .int64
        case .date: dtype = .int32
        case .decimal: return .string(decimalText(at: row)!)
        case let .dictionary(codes, _, _):
            return categories!.value(at: data.withUnsafeBytes { Self.code(row, width: codes.byteWidth, in: $0) })
        }
        return data.withUnsafeBytes { raw in
            let at = row * dtype.byteWidth
            switch dtype {
            case .bool: return .bool(raw[at] != 0)
            case .int8: return .int(Int64(raw.load(fromByteOffset: at, as: Int8.self)))
            case .int16: return .int(Int64(raw.load(fromByteOffset: at, as: Int16.self)))
            case .int32: return .int(Int64(raw.load(fromByteOffset: at, as: Int32.self)))
            case .int64: return .int(raw.load(fromByteOffset: at, as: Int64.self))
            case .uint8: return .uint(UInt64(raw[at]))
            case .uint16: return .uint(UInt64(raw.load(fromByteOffset: at, as: UInt16.self)))
            case .uint32: return .uint(UInt64(raw.load(fromByteOffset: at, as: UInt32.self)))
            case .uint64: return .uint(raw.load(fromByteOffset: at, as: UInt64.self))
            case .float32: return .double(Double(raw.load(fromByteOffset: at, as: Float.self)))
            case .float64: return .double(raw.load(fromByteOffset: at, as: Double.self))
            }
        }
    }

    /// The column as a member object of its column type (a `datasetsdk.Tensor` of shape
    /// `[count]`, a `datasetsdk.StringArray`, ...), plus blob `validity` and field `null_count`
    /// when it has nulls (the generated layouts).
    public func encoded() -> EncodedObject {
        switch kind {
        case let .numeric(dtype):
            TensorLayout(
                dtype: dtype.layout, shape: [Int64(count)], data: data,
                validity: validity?.blob, nullCount: validity.map { Int64($0.nullCount) }
            ).encoded()
        case .string:
            StringArray(validatedOffsets: offsets!, bytes: data, count: count).layout(validity: validity).encoded()
        default:
            encodedTyped()
        }
    }

    /// Decodes a column member, validating sizes and offsets.
    init(decoding object: EncodedObject) throws(ObjectError) {
        let kind: Kind
        let count: Int
        let data: Blob
        var offsets: Blob?
        let validityBlob: Blob?
        switch object.typeName {
        case TensorLayout.typeName:
            let layout = try TensorLayout(decoding: object)
            let dtype = DType(layout.dtype)
            let shape = try Tensor<UInt8>.shape(of: layout)
            guard shape.count == 1 else {
                throw .invalidField("shape", typeName: object.typeName, expected: "one dimension for a column", found: "\(shape)")
            }
            kind = .numeric(dtype)
            count = shape[0]
            // Containers and stores align every blob; a hand-made misaligned one is copied once here.
            let aligned = layout.data.withUnsafeBytes { Int(bitPattern: $0.baseAddress) % dtype.byteWidth == 0 }
            data = aligned ? layout.data : layout.data.withUnsafeBytes { Blob(copying: $0) }
            let needed = count.multipliedReportingOverflow(by: dtype.byteWidth)
            guard !needed.overflow, needed.partialValue == data.count else {
                throw .invalidBlob("data", typeName: object.typeName, reason: "\(count) x \(dtype.rawValue) needs \(count &* dtype.byteWidth) bytes but the blob has \(data.count)")
            }
            if dtype == .bool, !object.hasTrustedLayout { _ = try Tensor<Bool>(shape: [count], blob: data) }
            validityBlob = layout.validity
        case StringArrayLayout.typeName:
            let layout = try StringArrayLayout(decoding: object)
            let strings = try StringArray(layout: layout, trusted: object.hasTrustedLayout)  // O(1) checks for trusted store objects
            kind = .string
            count = strings.count
            data = strings.bytes
            offsets = strings.offsets
            validityBlob = layout.validity
        default:
            self = try Self.decodingTyped(object)
            return
        }
        let validity = try validityBlob.map { (bitmap) throws(ObjectError) in try ValidityBitmap(blob: bitmap, count: count) }
        self.init(kind: kind, count: count, data: data, offsets: offsets, validity: validity)
    }
}

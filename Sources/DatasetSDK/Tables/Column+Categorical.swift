// Dictionary (categorical) columns (docs/format.md section 3): signed integer codes into a
// column of distinct categories, as pandas' `Categorical` and Arrow's dictionary arrays. Nulls
// are marked by the validity bitmap and hold code -1.

extension Column {
    /// A dictionary column: row `i` is `categories[codes[i]]`, or null where `validity` says so.
    /// O(rows) to check the codes; the codes blob is shared unless a null row holds a code other
    /// than -1 (then copied once).
    ///
    /// ```swift
    /// let zoning = try Column(codes: Tensor<Int8>([0, 1, 0]), categories: Column(["RL", "RM"]))
    /// ```
    ///
    /// - Throws: ``DataFrameError`` when the categories are a dictionary column or hold nulls,
    ///   or a present row's code is not an index into them.
    public init<Code: TensorElement & SignedInteger & FixedWidthInteger>(
        codes: Tensor<Code>, categories: Column, ordered: Bool = false, validity: ValidityBitmap? = nil
    ) throws(DataFrameError) {
        let base = try Column(codes, validity: validity)
        let data: Blob
        do { data = try Self.checkedCodes(base.data, as: Code.self, count: base.count, categories: categories, validity: base.validity, typeName: "dictionary column") } catch {
            throw .invalidColumn(column: nil, error)
        }
        self.init(kind: .dictionary(codes: Code.dtype, categories: categories.kind, ordered: ordered), count: base.count,
                  data: data, offsets: nil, validity: base.validity, categories: categories)
    }

    /// This string column as a dictionary column (pandas' `astype("category")`): `Int32` codes
    /// into its distinct strings in order of first appearance. O(rows + bytes).
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` for another kind.
    public func categorical(ordered: Bool = false) throws(DataFrameError) -> Column {
        let encoded = try dictionaryEncoded()
        return try Column(codes: Tensor(encoded.codes), categories: Column(encoded.categories), ordered: ordered, validity: validity)
    }

    /// The category of every row, as a column of the categories' kind (pandas'
    /// `astype(categories.dtype)`). O(rows).
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` for a column that is not a
    ///   dictionary.
    public func decodingCategories() throws(DataFrameError) -> Column {
        guard let categories, let width = kind.byteWidth else { throw .wrongKind(column: nil, expected: "a dictionary column", found: kind.description) }
        let rows = data.withUnsafeBytes { raw in (0..<count).map { isNull($0) ? -1 : Self.code($0, width: width, in: raw) } }
        return categories.taking(rows)
    }

    /// This dictionary column with its nulls set to the category whose value is `category`
    /// (`.string("RL")`, `.int(3)`), like pandas' `fillna` on a categorical: the category must
    /// exist.
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` for another kind or a
    ///   value that is not one of the categories.
    public func fillingNulls(withCategory category: Value) throws(DataFrameError) -> Column {
        guard let categories, case let .dictionary(codes, _, _) = kind else { throw .wrongKind(column: nil, expected: "a dictionary column", found: kind.description) }
        guard let code = (0..<categories.count).first(where: { categories.value(at: $0) == category }) else {
            throw .wrongKind(column: nil, expected: "one of the \(categories.count) categories", found: "\(category), which is not a category (add it first)")
        }
        switch codes {
        case .int8: return fillingNulls(withRaw: Int8(code))
        case .int16: return fillingNulls(withRaw: Int16(code))
        case .int32: return fillingNulls(withRaw: Int32(code))
        default: return fillingNulls(withRaw: Int64(code))
        }
    }

    /// Whether two columns hold the same kind and values, row by row (nulls equal nulls).
    func hasSameValues(as other: Column) -> Bool {
        guard kind == other.kind, count == other.count else { return false }
        if data.hasSameBytes(as: other.data), offsets == nil, validity == nil, other.validity == nil {
            return categories.map { other.categories.map($0.hasSameValues) ?? false } ?? true
        }
        return (0..<count).allSatisfy { value(at: $0) == other.value(at: $0) }
    }

    /// Code `row` of a codes blob of `width`-byte signed integers.
    static func code(_ row: Int, width: Int, in raw: UnsafeRawBufferPointer) -> Int {
        switch width {
        case 1: Int(raw.load(fromByteOffset: row, as: Int8.self))
        case 2: Int(raw.loadUnaligned(fromByteOffset: row * 2, as: Int16.self))
        case 4: Int(raw.loadUnaligned(fromByteOffset: row * 4, as: Int32.self))
        default: Int(raw.loadUnaligned(fromByteOffset: row * 8, as: Int64.self))
        }
    }

    /// `codes` when every present code indexes `categories` and every null holds -1; a copy
    /// with -1 at the null rows when some null holds another code.
    static func checkedCodes<Code: TensorElement & FixedWidthInteger>(
        _ codes: Blob, as: Code.Type, count: Int, categories: Column, validity: ValidityBitmap?, typeName: String
    ) throws(ObjectError) -> Blob {
        if case .dictionary = categories.kind {
            throw .invalidField("categories", typeName: typeName, expected: "a column that is not a dictionary", found: categories.kind.description)
        }
        if categories.nullCount > 0 {
            throw .invalidBlob("categories/validity", typeName: typeName, reason: "the categories hold \(categories.nullCount) null(s); a category cannot be null")
        }
        let k = categories.count
        var nullsToSet = false
        let bad: (row: Int, code: Int)? = codes.withUnsafeBytes { raw in
            let values = raw.bindMemory(to: Code.self)
            for row in 0..<count {
                let code = Int(values[row])
                if validity?.isValid(row) ?? true {
                    if code < 0 || code >= k { return (row, code) }
                } else if code != -1 {
                    nullsToSet = true
                }
            }
            return nil
        }
        if let bad {
            throw .invalidBlob("codes/data", typeName: typeName, reason: "row \(bad.row) has code \(bad.code), but there are \(k) categories (codes 0 to \(k - 1))")
        }
        guard nullsToSet, let validity else { return codes }
        return copy(of: codes, settingNullsOf: validity, to: Code(-1))
    }
}

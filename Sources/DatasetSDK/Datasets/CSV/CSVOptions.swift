/// How CSV text is split into fields and which fields are nulls: the options of a CSV dataset.
///
/// The defaults read and write what pandas' `read_csv` and `to_csv` do for a plain
/// comma-separated file with a header, except that only empty fields and `NA` read as nulls.
///
/// ```swift
/// var options = CSVOptions()
/// options.delimiter = UInt8(ascii: ";")
/// let fromCode = try CSVOptions(loadArguments: ["sep": ";", "na_values": ["", "?"]])
/// ```
public struct CSVOptions: Sendable {
    /// The byte between fields (ASCII).
    public var delimiter: UInt8
    /// Whether the first line names the columns (read) or a header line is written (write).
    /// Without a header, columns are named `"0"`, `"1"`, ... on read.
    public var hasHeader: Bool
    /// Field texts that read as null, like pandas' `na_values` (compared after unquoting).
    public var nullTokens: Set<String>
    /// The text written for nulls, like pandas' `na_rep`.
    public var nullRepresentation: String
    /// The byte that quotes fields (ASCII); a quote inside a quoted field is doubled.
    public var quote: UInt8
    /// Text columns read as timestamps, like pandas' `parse_dates` (nothing is inferred
    /// otherwise): the first value's format must fit every value, else the column stays text.
    public var dateColumns: [String] = []

    /// Options with the given values; every argument has the default described on its property.
    public init(
        delimiter: UInt8 = UInt8(ascii: ","),
        hasHeader: Bool = true,
        nullTokens: Set<String> = ["", "NA"],
        nullRepresentation: String = "",
        quote: UInt8 = UInt8(ascii: "\"")
    ) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.nullTokens = nullTokens
        self.nullRepresentation = nullRepresentation
        self.quote = quote
    }

    /// The keys ``init(loadArguments:)`` accepts.
    public static let loadArgumentKeys = ["delimiter", "encoding", "header", "na_values", "parse_dates", "quotechar", "sep"]
    /// The keys ``init(saveArguments:)`` accepts.
    public static let saveArgumentKeys = ["delimiter", "encoding", "header", "index", "na_rep", "quotechar", "sep"]

    /// Options from a catalog entry's pandas-style `load_args` (``DatasetConfiguration/nested(_:)``
    /// gives them with the entry's name and place, so errors say `load_args.sep` at file:line).
    ///
    /// Keys: `sep` or `delimiter` (a one-character string), `header` (a bool; `0` means the first
    /// line, null means no header, as in pandas), `na_values` (a string or a list of strings that
    /// replaces the default null tokens), `quotechar` (a one-character string), `encoding`
    /// (only `utf-8`) and `parse_dates` (a list of column names, see ``dateColumns``).
    /// - Throws: ``DatasetError`` naming the key, for an unknown key or a value of the wrong kind.
    public init(loadArguments options: CatalogOptions) throws(DatasetError) {
        self.init()
        try options.requireKnown(Set(Self.loadArgumentKeys))
        try readShared(options)
        switch options["header"] {
        case nil: break
        case let .bool(flag)?: hasHeader = flag
        case .null?: hasHeader = false
        case let number? where number.intValue == 0: hasHeader = true
        case let other?: throw options.invalid("header", expected: "a bool (or 0 for the first line, null for none)", found: other)
        }
        switch options["na_values"] {
        case nil: break
        case let .string(token)?: nullTokens = [token]
        case let .list(items)? where items.allSatisfy({ $0.stringValue != nil }): nullTokens = Set(items.compactMap(\.stringValue))
        case let other?: throw options.invalid("na_values", expected: "a string or a list of strings", found: other)
        }
        if let names = options["parse_dates"] {
            guard case let .list(items) = names, items.allSatisfy({ $0.stringValue != nil }) else {
                throw options.invalid("parse_dates", expected: "a list of column names", found: names)
            }
            dateColumns = items.compactMap(\.stringValue)
        }
        try validate(options)
    }

    /// Options from a catalog entry's pandas-style `save_args`.
    ///
    /// Keys: `sep` or `delimiter`, `header` (a bool), `na_rep` (a string), `quotechar`,
    /// `encoding` (only `utf-8`) and `index` (only `false`: a frame has no index to write).
    /// - Throws: ``DatasetError`` naming the key, for an unknown key or a value of the wrong kind.
    public init(saveArguments options: CatalogOptions) throws(DatasetError) {
        self.init()
        try options.requireKnown(Set(Self.saveArgumentKeys))
        try readShared(options)
        hasHeader = try options.bool("header", default: true)
        nullRepresentation = try options.string("na_rep") ?? ""
        if let index = options["index"], index.boolValue != false {
            throw options.invalid("index", expected: "false (a DataFrame has no index to write)", found: index)
        }
        try validate(options)
    }

    /// Options from `load_args` given in code (errors name the dataset `csv`).
    public init(loadArguments: [String: Value]) throws(DatasetError) {
        try self.init(loadArguments: CatalogOptions(dataset: "csv", values: loadArguments, keyPrefix: "load_args."))
    }

    /// Options from `save_args` given in code (errors name the dataset `csv`).
    public init(saveArguments: [String: Value]) throws(DatasetError) {
        try self.init(saveArguments: CatalogOptions(dataset: "csv", values: saveArguments, keyPrefix: "save_args."))
    }

    /// `sep`/`delimiter`, `quotechar` and `encoding`, read alike for loads and saves.
    private mutating func readShared(_ options: CatalogOptions) throws(DatasetError) {
        for key in ["delimiter", "sep"] where options[key] != nil { delimiter = try Self.singleByte(options, key) }
        if options["quotechar"] != nil { quote = try Self.singleByte(options, "quotechar") }
        if let value = options["encoding"] {
            let name = value.stringValue.map { String($0.lowercased().filter { $0 != "-" && $0 != "_" }) }
            guard name == "utf8" || name == "utf8sig" else { throw options.invalid("encoding", expected: "utf-8 (the only encoding supported)", found: value) }
        }
    }

    /// The delimiter and the quote must differ (each is already one ASCII character).
    private func validate(_ options: CatalogOptions) throws(DatasetError) {
        guard delimiter != quote else {
            let key = options["sep"] != nil ? "sep" : options["delimiter"] != nil ? "delimiter" : "quotechar"
            throw options.invalid(key, expected: "a character other than the \(key == "quotechar" ? "delimiter" : "quote character")", found: options[key] ?? .null)
        }
    }

    private static func singleByte(_ options: CatalogOptions, _ key: String) throws(DatasetError) -> UInt8 {
        let bytes = Array(try options.string(key)?.utf8 ?? "".utf8)
        guard bytes.count == 1, bytes[0] < 0x80, bytes[0] != 0x0A, bytes[0] != 0x0D else {
            throw options.invalid(key, expected: "one ASCII character other than CR and LF", found: options[key] ?? .null)
        }
        return bytes[0]
    }

    /// Checks that the delimiter and quote are distinct ASCII bytes other than CR and LF.
    func validate() throws(CSVError) {
        for (key, byte) in [("sep", delimiter), ("quotechar", quote)] where byte == 0x0A || byte == 0x0D || byte >= 0x80 {
            throw .invalidOption(key: key, reason: "expected an ASCII character other than CR and LF, found byte \(byte)")
        }
        guard delimiter != quote else {
            throw .invalidOption(key: "sep", reason: "the delimiter and the quote character are both '\(Character(Unicode.Scalar(delimiter)))'")
        }
    }
}

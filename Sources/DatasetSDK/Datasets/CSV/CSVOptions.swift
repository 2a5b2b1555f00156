/// How CSV text is split into fields and which fields are nulls: the options of a CSV dataset.
///
/// The defaults read and write what pandas' `read_csv` and `to_csv` do for a plain
/// comma-separated file with a header, except that only empty fields and `NA` read as nulls.
///
/// ```swift
/// var options = CSVOptions()
/// options.delimiter = UInt8(ascii: ";")
/// let fromCatalog = try CSVOptions(loadArguments: ["sep": ";", "na_values": ["", "?"]])
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
    public static let loadArgumentKeys = ["delimiter", "encoding", "header", "na_values", "quotechar", "sep"]
    /// The keys ``init(saveArguments:)`` accepts.
    public static let saveArgumentKeys = ["delimiter", "encoding", "header", "index", "na_rep", "quotechar", "sep"]

    /// Options from a catalog entry's pandas-style `load_args`.
    ///
    /// Keys: `sep` or `delimiter` (a one-character string), `header` (a bool; `0` means the first
    /// line, null means no header, as in pandas), `na_values` (a string or a list of strings that
    /// replaces the default null tokens), `quotechar` (a one-character string) and `encoding`
    /// (only `utf-8`).
    /// - Throws: ``CSVError/invalidOption(key:reason:accepted:)`` for an unknown key or a value of
    ///   the wrong kind, naming the key and listing the accepted ones.
    public init(loadArguments: [String: Value]) throws(CSVError) {
        self.init()
        let accepted = Self.loadArgumentKeys
        for (key, value) in loadArguments.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "sep", "delimiter": delimiter = try Self.singleByte(value, key: key, accepted: accepted)
            case "quotechar": quote = try Self.singleByte(value, key: key, accepted: accepted)
            case "encoding": try Self.checkEncoding(value, accepted: accepted)
            case "header":
                switch value {
                case let .bool(flag): hasHeader = flag
                case .null: hasHeader = false
                case let number where number.intValue == 0: hasHeader = true
                default:
                    throw .invalidOption(key: key, reason: "expected a bool (or 0 for the first line, null for none), found \(value.kindName) \(value)", accepted: accepted)
                }
            case "na_values":
                switch value {
                case let .string(token): nullTokens = [token]
                case let .list(items):
                    var tokens: Set<String> = []
                    for item in items {
                        guard let token = item.stringValue else {
                            throw .invalidOption(key: key, reason: "expected a list of strings, found an item of kind \(item.kindName): \(item)", accepted: accepted)
                        }
                        tokens.insert(token)
                    }
                    nullTokens = tokens
                default:
                    throw .invalidOption(key: key, reason: "expected a list of strings, found \(value.kindName) \(value)", accepted: accepted)
                }
            default:
                throw .invalidOption(key: key, reason: "unknown load argument", accepted: accepted)
            }
        }
        try validate(accepted: accepted)
    }

    /// Options from a catalog entry's pandas-style `save_args`.
    ///
    /// Keys: `sep` or `delimiter`, `header` (a bool), `na_rep` (a string), `quotechar`,
    /// `encoding` (only `utf-8`) and `index` (only `false`: a frame has no index to write).
    /// - Throws: ``CSVError/invalidOption(key:reason:accepted:)`` for an unknown key or a value of
    ///   the wrong kind, naming the key and listing the accepted ones.
    public init(saveArguments: [String: Value]) throws(CSVError) {
        self.init()
        let accepted = Self.saveArgumentKeys
        for (key, value) in saveArguments.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "sep", "delimiter": delimiter = try Self.singleByte(value, key: key, accepted: accepted)
            case "quotechar": quote = try Self.singleByte(value, key: key, accepted: accepted)
            case "encoding": try Self.checkEncoding(value, accepted: accepted)
            case "header":
                guard let flag = value.boolValue else {
                    throw .invalidOption(key: key, reason: "expected a bool, found \(value.kindName) \(value)", accepted: accepted)
                }
                hasHeader = flag
            case "na_rep":
                guard let text = value.stringValue else {
                    throw .invalidOption(key: key, reason: "expected a string, found \(value.kindName) \(value)", accepted: accepted)
                }
                nullRepresentation = text
            case "index":
                guard value.boolValue == false else {
                    throw .invalidOption(key: key, reason: "only false is supported (a DataFrame has no index to write), found \(value.kindName) \(value)", accepted: accepted)
                }
            default:
                throw .invalidOption(key: key, reason: "unknown save argument", accepted: accepted)
            }
        }
        try validate(accepted: accepted)
    }

    /// Checks that the delimiter and quote are distinct ASCII bytes other than CR and LF.
    func validate(accepted: [String] = []) throws(CSVError) {
        for (key, byte) in [("sep", delimiter), ("quotechar", quote)] where byte == 0x0A || byte == 0x0D || byte >= 0x80 {
            throw .invalidOption(key: key, reason: "expected an ASCII character other than CR and LF, found byte \(byte)", accepted: accepted)
        }
        guard delimiter != quote else {
            throw .invalidOption(key: "sep", reason: "the delimiter and the quote character are both '\(Character(Unicode.Scalar(delimiter)))'", accepted: accepted)
        }
    }

    private static func singleByte(_ value: Value, key: String, accepted: [String]) throws(CSVError) -> UInt8 {
        guard let text = value.stringValue else {
            throw .invalidOption(key: key, reason: "expected a one-character string, found \(value.kindName) \(value)", accepted: accepted)
        }
        let bytes = Array(text.utf8)
        guard bytes.count == 1, bytes[0] < 0x80, bytes[0] != 0x0A, bytes[0] != 0x0D else {
            throw .invalidOption(key: key, reason: "expected one ASCII character other than CR and LF, found \(value)", accepted: accepted)
        }
        return bytes[0]
    }

    private static func checkEncoding(_ value: Value, accepted: [String]) throws(CSVError) {
        let name = value.stringValue.map { String($0.lowercased().filter { $0 != "-" && $0 != "_" }) }
        guard name == "utf8" || name == "utf8sig" else {
            throw .invalidOption(key: "encoding", reason: "only utf-8 is supported, found \(value)", accepted: accepted)
        }
    }
}

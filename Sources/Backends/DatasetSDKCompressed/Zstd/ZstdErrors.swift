import CZstd

/// libzstd's size_t results: error checks and names.
enum ZstdErrors {
    /// libzstd's name for the error `result` ("Data corruption detected", ...).
    static func name(_ result: Int) -> String { String(cString: ZSTD_getErrorName(result)) }

    /// The error code of an error result.
    static func code(_ result: Int) -> ZSTD_ErrorCode { ZSTD_getErrorCode(result) }

    /// `ZSTD_CONTENTSIZE_UNKNOWN`: the frame header records no content size.
    static let contentSizeUnknown = UInt64.max
    /// `ZSTD_CONTENTSIZE_ERROR`: the bytes do not start with a valid frame header.
    static let contentSizeError = UInt64.max - 1
}

// Row operations on frames: filtering by a boolean mask and concatenating frames end to end.

extension DataFrame {
    /// The rows where `mask` is true, in order, like pandas' `frame[mask]`. O(rows × columns):
    /// copies the kept rows of every column into new blobs (a column keeping every row shares its
    /// blobs instead). Nulls stay null; a column left without nulls has no validity bitmap.
    ///
    /// ```swift
    /// let expensive = try frame.filtered(by: Tensor(try frame.values("SalePrice", as: Double.self).map { $0 > 200_000 }))
    /// ```
    ///
    /// - Throws: ``DataFrameError/notOneDimensional(shape:)`` for a mask of another rank than 1,
    ///   ``DataFrameError/lengthMismatch(column:expected:found:)`` (column `mask`) when the mask's
    ///   length is not ``rowCount``.
    public func filtered(by mask: Tensor<Bool>) throws(DataFrameError) -> DataFrame {
        guard mask.rank == 1 else { throw .notOneDimensional(shape: mask.shape) }
        try checkMaskLength(mask.count)
        return mask.withUnsafeBufferPointer { filtered(checkedMask: $0) }
    }

    /// The rows where `mask` is true, in order. O(rows × columns): copies the kept rows of every
    /// column into new blobs, as the `Tensor<Bool>` overload does.
    ///
    /// ```swift
    /// let firstAndThird = try frame.filtered(by: [true, false, true])
    /// ```
    ///
    /// - Throws: ``DataFrameError/lengthMismatch(column:expected:found:)`` (column `mask`) when
    ///   `mask.count` is not ``rowCount``.
    public func filtered(by mask: [Bool]) throws(DataFrameError) -> DataFrame {
        try checkMaskLength(mask.count)
        return mask.withUnsafeBufferPointer { filtered(checkedMask: $0) }
    }

    /// The rows of `frames`, one frame after the other, like pandas' `concat`. O(total rows ×
    /// columns): copies every column's bytes once into new blobs (a single frame is returned as
    /// is; no frames give an empty frame).
    ///
    /// Validity bitmaps are joined, a column without one counting as all valid.
    ///
    /// ```swift
    /// let all = try DataFrame.concatenating([train, validation])
    /// ```
    ///
    /// - Throws: ``DataFrameError/incompatibleFrames(_:)`` naming the first column that differs
    ///   when the frames do not all have the same column names, in the same order, holding the
    ///   same kinds.
    public static func concatenating(_ frames: [DataFrame]) throws(DataFrameError) -> DataFrame {
        guard let first = frames.first else { return DataFrame() }
        for (index, frame) in frames.enumerated().dropFirst() {
            if let problem = first.incompatibility(with: frame, this: "frame 0", other: "frame \(index)") {
                throw .incompatibleFrames(problem)
            }
        }
        if frames.count == 1 { return first }
        var result = first
        try result.storage.transform { (name, _) throws(DataFrameError) in
            let parts = frames.map { $0.storage[name]! }
            do throws(DataFrameError) { return try Column.concatenating(parts) } catch { throw error.naming(name) }
        }
        result.rowCount = frames.reduce(0) { $0 + $1.rowCount }
        return result
    }

    /// This frame's rows followed by `other`'s. O(total rows × columns): copies both frames'
    /// column bytes into new blobs, as ``concatenating(_:)`` does.
    ///
    /// - Throws: ``DataFrameError/incompatibleFrames(_:)`` naming the first column that differs
    ///   when `other` does not have the same column names, in the same order, holding the same
    ///   kinds.
    public func appending(rowsOf other: DataFrame) throws(DataFrameError) -> DataFrame {
        if let problem = incompatibility(with: other, this: "this frame", other: "the appended frame") {
            throw .incompatibleFrames(problem)
        }
        return try Self.concatenating([self, other])
    }

    // MARK: - Helpers

    private func checkMaskLength(_ length: Int) throws(DataFrameError) {
        guard length == rowCount else { throw .lengthMismatch(column: "mask", expected: rowCount, found: length) }
    }

    /// Every column filtered by `mask`, whose length is ``rowCount``.
    private func filtered(checkedMask mask: UnsafeBufferPointer<Bool>) -> DataFrame {
        var result = self
        result.storage.transform { _, column in column.filtered(by: mask) }
        if !storage.isEmpty { result.rowCount = mask.reduce(0) { $1 ? $0 + 1 : $0 } }
        return result
    }

    /// Why `other` cannot be stacked under this frame, naming the first differing column, or `nil`.
    private func incompatibility(with other: DataFrame, this: String, other otherName: String) -> String? {
        for position in 0..<max(columnCount, other.columnCount) {
            guard position < other.columnCount else {
                return "\(otherName) has no column '\(columnNames[position])' (column \(position) of \(this))"
            }
            let name = other.columnNames[position]
            guard position < columnCount else {
                return "\(otherName) has an extra column '\(name)' (column \(position)), which \(this) lacks"
            }
            guard name == columnNames[position] else {
                return "\(otherName) has column '\(name)' where \(this) has '\(columnNames[position])' (column \(position))"
            }
            let kind = storage[name]!.kind
            let otherKind = other.storage[name]!.kind
            guard kind == otherKind else {
                return "column '\(name)' holds \(otherKind) in \(otherName) but \(kind) in \(this)"
            }
        }
        return nil
    }
}

import Dispatch

/// Reads the rows after the header block by block into one ``CSVColumnBuilder`` per column.
///
/// With `parallel`, the columns of a block are converted on several threads while one more
/// thread scans the next block into a second buffer, so a large input is read at about the
/// speed of the scanner. Columns that turn out to hold strings after earlier blocks were read
/// as numbers are fed those blocks again (re-scanned from their saved start positions).
struct CSVBlockReader {
    let scanner: CSVScanner
    let columnCount: Int
    let rowsPerBlock: Int
    let nulls: CSVNullMatcher
    let parallel: Bool

    /// The columns of the rows from `position` to the end of the input.
    func readColumns(from position: Int) throws(CSVError) -> [Column] {
        var builders = (0..<columnCount).map { _ in CSVColumnBuilder() }
        var current = CSVFieldBlock(columnCount: columnCount, capacity: rowsPerBlock)
        var next = CSVFieldBlock(columnCount: columnCount, capacity: rowsPerBlock)
        var blockStarts: [Int] = []
        let dataStart = scanner.skipBlankLines(position)
        var currentStart = dataStart
        var nextStart = try scanner.scanRows(from: dataStart, into: current)
        var accepted = [Bool](repeating: true, count: columnCount)

        while current.rowCount > 0 {
            // Convert `current` column by column while the next block is scanned.
            let scanned = Result<Int, CSVError>.init { () throws(CSVError) -> Int in
                try convert(current, into: &builders, accepted: &accepted, scanningFrom: nextStart, into: next)
            }
            let restarted = accepted.indices.filter { !accepted[$0] }
            if !restarted.isEmpty {
                try restartAsStrings(restarted, builders: &builders, blockStarts: blockStarts, current: current)
            }
            if blockStarts.isEmpty && nextStart < scanner.count {
                // Reserve for the whole input, extrapolating from the first block.
                let perRow = Double(nextStart - dataStart) / Double(current.rowCount)
                let estimate = Int(Double(scanner.count - dataStart) / perRow * 1.02) + 16
                for column in 0..<columnCount { builders[column].reserve(rows: estimate) }
            }
            blockStarts.append(currentStart)
            let afterNext = try scanned.get()
            swap(&current, &next)
            currentStart = nextStart
            nextStart = afterNext
        }
        return (0..<columnCount).map { builders[$0].finish() }
    }

    /// Converts every column of `block`, setting `accepted[column]` to false for columns that
    /// need restarting as strings, and meanwhile scans the block at `nextStart` into `nextBlock`
    /// (empty at the end of the input). Returns the position after the next block.
    private func convert(
        _ block: CSVFieldBlock,
        into builders: inout [CSVColumnBuilder],
        accepted: inout [Bool],
        scanningFrom nextStart: Int,
        into nextBlock: CSVFieldBlock
    ) throws(CSVError) -> Int {
        guard parallel && columnCount > 1 else {
            for column in 0..<columnCount {
                accepted[column] = builders[column].consume(block, column: column, scanner: scanner, nulls: nulls)
            }
            return try scanNext(from: nextStart, into: nextBlock)
        }
        return try builders.withUnsafeMutableBufferPointer { (builders) throws(CSVError) -> Int in
            try accepted.withUnsafeMutableBufferPointer { (accepted) throws(CSVError) -> Int in
                let step = ParallelStep(
                    reader: self, block: block, builders: builders, accepted: accepted,
                    nextStart: nextStart, nextBlock: nextBlock)
                // Iteration 0 scans (it starts first); the others each own one column.
                DispatchQueue.concurrentPerform(iterations: columnCount + 1) { step.run($0) }
                return try step.scanResult.get()
            }
        }
    }

    /// The block at `start` scanned into `block`, or an empty block at the end of the input.
    fileprivate func scanNext(from start: Int, into block: CSVFieldBlock) throws(CSVError) -> Int {
        guard start < scanner.count else {
            block.rowCount = 0
            return start
        }
        return try scanner.scanRows(from: start, into: block)
    }

    /// Restarts `columns` as strings and feeds them every block read so far, then `current`.
    private func restartAsStrings(
        _ columns: [Int],
        builders: inout [CSVColumnBuilder],
        blockStarts: [Int],
        current: CSVFieldBlock
    ) throws(CSVError) {
        for column in columns { builders[column].restartAsStrings() }
        if !blockStarts.isEmpty {
            let old = CSVFieldBlock(columnCount: columnCount, capacity: rowsPerBlock)
            for start in blockStarts {
                _ = try scanner.scanRows(from: start, into: old)
                for column in columns {
                    _ = builders[column].consume(old, column: column, scanner: scanner, nulls: nulls)
                }
            }
        }
        for column in columns {
            _ = builders[column].consume(current, column: column, scanner: scanner, nulls: nulls)
        }
    }
}

/// The work of one parallel step, shared by the threads of `DispatchQueue.concurrentPerform`.
private final class ParallelStep: @unchecked Sendable {
    // @unchecked: iteration 0 alone writes `scanResult` and `nextBlock`; iteration `c + 1` alone
    // writes `builders[c]` and `accepted[c]`; `block` and the input are only read; and
    // `concurrentPerform` returns only after every iteration has finished.
    let reader: CSVBlockReader
    let block: CSVFieldBlock
    let builders: UnsafeMutableBufferPointer<CSVColumnBuilder>
    let accepted: UnsafeMutableBufferPointer<Bool>
    let nextStart: Int
    let nextBlock: CSVFieldBlock
    var scanResult: Result<Int, CSVError>

    init(
        reader: CSVBlockReader, block: CSVFieldBlock, builders: UnsafeMutableBufferPointer<CSVColumnBuilder>,
        accepted: UnsafeMutableBufferPointer<Bool>, nextStart: Int, nextBlock: CSVFieldBlock
    ) {
        self.reader = reader
        self.block = block
        self.builders = builders
        self.accepted = accepted
        self.nextStart = nextStart
        self.nextBlock = nextBlock
        scanResult = .success(nextStart)
    }

    func run(_ iteration: Int) {
        if iteration == 0 {
            scanResult = Result { () throws(CSVError) -> Int in try reader.scanNext(from: nextStart, into: nextBlock) }
        } else {
            let column = iteration - 1
            accepted[column] = builders[column].consume(block, column: column, scanner: reader.scanner, nulls: reader.nulls)
        }
    }
}

import Foundation
import StetCore

/// Everything the CLI prints, and the passphrase prompt, through the invocation's console.
enum Terminal {
    static func print(_ line: String) {
        write(Array((line + "\n").utf8))
    }

    static func write(_ bytes: [UInt8]) {
        Invocation.current.console.write(bytes, to: .output)
    }

    /// A line for the person running the command, not for a script reading the output.
    static func note(_ line: String) {
        Invocation.current.console.write(Array((safe(line) + "\n").utf8), to: .error)
    }

    /// A document's text: byte for byte into a pipe or file, but on a terminal with control
    /// characters other than line breaks and tabs shown as `?`, so a document cannot drive it.
    static func writeDocument(_ bytes: [UInt8]) {
        guard Invocation.current.console.outputIsTerminal else { return write(bytes) }
        write(Array(Text.printableLines(String(decoding: bytes, as: UTF8.self)).utf8))
    }

    static func error(_ message: String) {
        Invocation.current.console.write(Array(("stet: error: " + safe(message) + "\n").utf8), to: .error)
    }

    /// Text from a store or a user, with control characters replaced so it cannot drive the terminal.
    static func safe(_ text: String) -> String {
        Text.printable(text)
    }

    static func readSecret(prompt: String) -> String? {
        Invocation.current.console.readSecret(prompt: prompt)
    }

    /// Prints rows as aligned columns under a header.
    static func table(_ header: [String], _ rows: [[String]]) {
        // One pass to make cells safe and measure them, one to write: `stet list` prints a row
        // per document. Columns are as wide as their widest cell in characters; most cells are
        // ASCII, whose characters are its bytes, counted without walking grapheme clusters.
        var cells: [String] = []
        var counts: [Int] = []
        cells.reserveCapacity((rows.count + 1) * header.count)
        counts.reserveCapacity((rows.count + 1) * header.count)
        var widths = Array(repeating: 0, count: header.count)
        for row in [header] + rows {
            for (column, cell) in row.enumerated() {
                let safeCell = safe(cell)
                let count = safeCell.utf8.allSatisfy { $0 < 0x80 } ? safeCell.utf8.count : safeCell.count
                cells.append(safeCell)
                counts.append(count)
                widths[column] = max(widths[column], count)
            }
        }
        // One write for the whole table, padded by hand (Foundation's padding is slow per cell).
        var bytes: [UInt8] = []
        bytes.reserveCapacity((rows.count + 1) * (widths.reduce(0, +) + 2 * widths.count))
        for index in cells.indices {
            let column = index % header.count
            bytes += cells[index].utf8
            if column < header.count - 1 {
                bytes.append(contentsOf: repeatElement(0x20, count: widths[column] - counts[index] + 2))
            } else {
                bytes.append(0x0a)
            }
        }
        write(bytes)
    }

    /// Pretty, key-sorted JSON for scripts.
    static func json(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(value) { write(Array(data) + [0x0a]) }
    }
}

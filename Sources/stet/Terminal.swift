import Foundation
import StetCore

/// Everything the CLI prints, and the passphrase prompt.
enum Terminal {
    static func print(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// A document's text: byte for byte into a pipe or file, but on a terminal with control
    /// characters other than line breaks and tabs shown as `?`, so a document cannot drive it.
    static func writeDocument(_ bytes: [UInt8]) {
        guard isatty(STDOUT_FILENO) == 1 else { return write(bytes) }
        write(
            Array(
                String(
                    String.UnicodeScalarView(
                        String(decoding: bytes, as: UTF8.self).unicodeScalars.map {
                            $0 == "\n" || $0 == "\t" || !isControl($0) ? $0 : "?"
                        })
                ).utf8))
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("stet: error: " + safe(message) + "\n").utf8))
    }

    /// Text from a store or a user, with control characters replaced so it cannot drive the terminal.
    static func safe(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// Reads a line from the controlling terminal without echo; nil when there is no terminal.
    static func readSecret(prompt: String) -> String? {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return nil }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = prompt.withCString { Foundation.write(descriptor, $0, strlen($0)) }
        tcsetattr(descriptor, TCSAFLUSH, &silent)
        defer {
            tcsetattr(descriptor, TCSAFLUSH, &saved)
            _ = Foundation.write(descriptor, "\n", 1)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1, byte != 0x0a, bytes.count < 4096 { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Prints rows as aligned columns under a header.
    static func table(_ header: [String], _ rows: [[String]]) {
        let cells = ([header] + rows).map { $0.map(safe) }
        let widths = header.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        for row in cells {
            let padded = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            print(padded.joined(separator: "  "))
        }
    }

    /// Pretty, key-sorted JSON for scripts.
    static func json(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(value) { write(Array(data) + [0x0a]) }
    }
}

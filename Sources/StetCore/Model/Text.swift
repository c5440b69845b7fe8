import Foundation

/// Checks on the free text people type: names, titles, reasons.
enum Text {
    /// Longest title, name or reason accepted, in characters.
    static let maximumLength = 500

    /// `text` with control characters shown as `?`, safe to print on a terminal.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
    }

    /// Trims `text` and checks it is one non-empty line of printable characters.
    static func singleLine(_ text: String, field: String) throws(StetError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalidText(field: field, problem: "it is empty") }
        guard trimmed.count <= maximumLength else {
            throw .invalidText(field: field, problem: "it is longer than \(maximumLength) characters")
        }
        guard !trimmed.unicodeScalars.contains(where: isControl) else {
            throw .invalidText(
                field: field, problem: "it contains a line break or control character; keep it to one line")
        }
        return trimmed
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}

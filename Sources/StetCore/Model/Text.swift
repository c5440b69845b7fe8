import Foundation

/// Checks on the free text people type: names, titles, reasons.
public enum Text {
    /// `text` with control characters shown as `?`, safe to print on a terminal.
    public static func printable(_ text: String) -> String {
        // Most text has nothing to replace: returned as it is, without rebuilding it (and plain
        // ASCII without decoding it).
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) { return text }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 }))
    }

    /// `text` with control characters other than line breaks and tabs shown as `?`: a document
    /// as a terminal may show it.
    public static func printableLines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && $0 != "\t" && isControl($0) }) else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0 == "\n" || $0 == "\t" || !isControl($0) ? $0 : "?" }))
    }

    /// Trims `text` and checks it is one non-empty line of printable characters.
    static func singleLine(_ text: String, field: String) throws(StetError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalidText(field: field, problem: "it is empty") }
        guard trimmed.count <= Limits.textLength else {
            throw .invalidText(field: field, problem: "it is longer than \(Limits.textLength) characters")
        }
        guard !trimmed.unicodeScalars.contains(where: isControl) else {
            throw .invalidText(
                field: field, problem: "it contains a line break or control character; keep it to one line")
        }
        if let first = trimmed.unicodeScalars.first,
            [.nonspacingMark, .spacingMark, .enclosingMark].contains(first.properties.generalCategory)
        {
            throw .invalidText(
                field: field,
                problem: "it starts with a combining mark (U+\(String(first.value, radix: 16, uppercase: true))), "
                    + "which joins onto what comes before it; start with a letter, digit or sign")
        }
        if let hidden = invisibleFormatCharacter(in: trimmed) {
            throw .invalidText(
                field: field,
                problem: "it contains the invisible character U+\(String(hidden.value, radix: 16, uppercase: true)), "
                    + "which can make text read differently from what it says; type it without")
        }
        return trimmed
    }

    /// The first bidirectional override or isolate, or other invisible format character (Unicode
    /// category Cf: zero-width spaces, marks, the byte-order mark, soft hyphen...), in `text`.
    ///
    /// The zero-width joiner and non-joiner are allowed after a non-ASCII character, where some
    /// scripts (Persian, Indic scripts, emoji) need them; beside Latin text they only deceive.
    static func invisibleFormatCharacter(in text: String) -> Unicode.Scalar? {
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            guard scalar.properties.generalCategory == .format else { continue }
            if scalar.value == 0x200C || scalar.value == 0x200D, let previous, !previous.isASCII { continue }
            return scalar
        }
        return nil
    }

    /// A printed name reduced to what a reader tells apart: case, spacing and dots left out.
    static func nameKey(_ name: String) -> String {
        name.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "." }.map(String.init).joined()
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}

/// Keeps Ink away from the inputs on which it takes exponential time or never finishes.
///
/// Ink tries every `[` as the start of a link and, when that fails, tries each `[` inside it
/// again, so a line of 75 brackets takes minutes. And on `<p` (or `<P`) anywhere but where an
/// HTML block may start, it ends the paragraph and starts a new one at the same place, forever
/// ("Use a <pH 7 buffer"). Both were found by `FuzzCopy`; the inputs are in Fuzz/Regressions.
///
/// Before Ink sees the text, each `[` that cannot open a link or image (its `]` must follow on
/// the same line with no `[` between, then `(` or `[`, or `:` for a link definition; or it is the
/// reference of `[text][ref]`) and each `<p` become private-use placeholders, which Ink passes
/// through as plain characters wherever they are, code included. After rendering they are put
/// back as `[` and `&lt;p`, so the copy shows exactly what was written.
///
/// Front matter is taken off before Ink sees the text: Stet has already read it, a copy does not
/// show it, and Ink's own metadata reader traps on some unterminated blocks (also `FuzzCopy`).
enum MarkdownGuard {
    static let bracket: Unicode.Scalar = "\u{F8F0}"
    static let angle: Unicode.Scalar = "\u{F8F1}"

    /// `markdown` with the dangerous characters replaced by placeholders (and any placeholder
    /// characters already in it, which no real text uses, by U+FFFD).
    static func defuse(_ markdown: String) -> String {
        let markdown = withoutFrontMatter(markdown)
        let text =
            markdown.unicodeScalars.contains { $0 == bracket || $0 == angle }
            ? String(
                String.UnicodeScalarView(markdown.unicodeScalars.map { $0 == bracket || $0 == angle ? "\u{FFFD}" : $0 })
            )
            : markdown
        // Ink's block readers read past the end of the text on some lines that end in blank space
        // (a list marker followed by tabs, found by FuzzCopy): trailing blanks are dropped, and the
        // text always ends with a line break.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let trimmed = Array(line.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
            return trimmed.contains("[") || trimmed.contains("<") ? defuseLine(trimmed) : String(trimmed)
        }.joined(separator: "\n")
        return lines.hasSuffix("\n") ? lines : lines + "\n"
    }

    /// The text after the front matter block, if it starts with one. Whatever is left, Ink must
    /// not find a `---` at its start (after blank space), or it reads it as metadata: that dash is
    /// written `&#45;`, which shows as the same character.
    static func withoutFrontMatter(_ markdown: String) -> String {
        var text = markdown[...]
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)[...]
        if lines.first == "---" || lines.first == "---\r" {
            lines = lines.dropFirst()
            while let line = lines.first {
                lines = lines.dropFirst()
                if line == "---" || line == "---\r" || line == "..." || line == "...\r" {
                    text = Substring(lines.joined(separator: "\n"))
                    break
                }
            }
        }
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), text[first...].hasPrefix("---") else {
            return String(text)
        }
        return String(text[..<first]) + "&#45;" + String(text[text.index(after: first)...])
    }

    /// Ink's HTML with the placeholders put back.
    static func restore(_ html: String) -> String {
        guard html.unicodeScalars.contains(where: { $0 == bracket || $0 == angle }) else { return html }
        var output = String.UnicodeScalarView()
        for scalar in html.unicodeScalars {
            switch scalar {
            case bracket: output.append("[")
            case angle: output.append(contentsOf: "&lt;".unicodeScalars)
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    private static func defuseLine(_ line: [Character]) -> String {
        var result = ""
        for (index, character) in line.enumerated() {
            if character == "[", !opensLink(line, at: index) {
                result.unicodeScalars.append(bracket)
            } else if character == "<", index + 1 < line.count, line[index + 1] == "p" || line[index + 1] == "P" {
                result.unicodeScalars.append(angle)
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func opensLink(_ line: [Character], at start: Int) -> Bool {
        // The reference of `[text][ref]`, which Ink's link reader consumes itself.
        if start > 0, line[start - 1] == "]" { return true }
        var index = start + 1
        while index < line.count, line[index] != "]" {
            if line[index] == "[" { return false }
            index += 1
        }
        guard index + 1 < line.count else { return false }
        let next = line[index + 1]
        return next == "(" || next == "[" || (next == ":" && line[..<start].allSatisfy { $0 == " " })
    }
}

/// Rewrites the Markdown constructs that make Ink take exponential time, before Ink sees them.
///
/// Ink tries every `[` as the start of a link and, when that fails, tries each `[` inside it
/// again, so a line of 75 brackets takes minutes (found by `FuzzCopy`; the input is in
/// Fuzz/Regressions). A `[` is left alone only when it can open a link or image: its `]` follows
/// on the same line with no `[` between, then `(` or `[` (or `:` for a link definition), or it follows
/// a `]` as the reference of `[text][ref]`. Any other
/// `[` becomes `&#91;`, which shows as the same bracket.
///
/// Ink also loops forever, allocating until memory runs out, on `<p` anywhere but at the start of
/// a line ("a <pH 7 buffer"; found by `FuzzCopy`): it ends the paragraph there expecting an HTML
/// block, then starts a new paragraph at the same place. Such a `<` becomes `&lt;`, which shows
/// as the same character. Code spans and fenced code are untouched.
enum MarkdownGuard {
    static func defuse(_ markdown: String) -> String {
        var output: [String] = []
        var fence: Substring?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                output.append(String(line))
                continue
            }
            if line.count - trimmed.count <= 3, trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                output.append(String(line))
                continue
            }
            output.append(defuseLine(Array(line)))
        }
        return output.joined(separator: "\n")
    }

    private static func defuseLine(_ line: [Character]) -> String {
        guard line.contains("[") || line.contains("<") else { return String(line) }
        var result = ""
        var index = 0
        while index < line.count {
            let character = line[index]
            if character == "`" {
                // A code span runs to the next run of as many backticks; Ink shows it as written.
                var run = 0
                while index + run < line.count, line[index + run] == "`" { run += 1 }
                if let close = closingRun(of: run, in: line, from: index + run) {
                    result += String(line[index..<close + run])
                    index = close + run
                } else {
                    result += String(line[index..<index + run])
                    index += run
                }
                continue
            }
            if character == "[", !opensLink(line, at: index) {
                result += "&#91;"
            } else if character == "<", index + 1 < line.count, line[index + 1] == "p" || line[index + 1] == "P",
                !line[..<index].allSatisfy({ $0 == " " })
            {
                result += "&lt;"
            } else {
                result.append(character)
            }
            index += 1
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

    private static func closingRun(of length: Int, in line: [Character], from start: Int) -> Int? {
        var index = start
        while index < line.count {
            guard line[index] == "`" else {
                index += 1
                continue
            }
            var run = 0
            while index + run < line.count, line[index + run] == "`" { run += 1 }
            if run == length { return index }
            index += run
        }
        return nil
    }
}

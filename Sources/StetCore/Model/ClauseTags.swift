/// The clauses of standards a document says it meets, as quality systems tag them in their text:
/// `[13485:7.1c,7.2.1c]`, in an HTML comment beside a heading or in a table cell; or a table
/// whose first column is headed by the standard (`| ISO 13485:2016 Section | … |`) and lists
/// clauses (`| 4.2.4 | (All) |`).
///
/// A tag names a standard by its number (`13485`, `15189`, `9001`, `62304-1`) and one or more
/// clauses (`7.5.9`, `4.2.4g`). The tags are read from the content, which is signed, so they
/// need no signature of their own; from format 3 the events that write content also name them
/// (`Stet-Clauses`), so an audit export lists them without reading any document.
public enum ClauseTags {
    /// Every tag in `markdown` outside fenced code and code spans, each clause once
    /// (`13485:7.5.9`), in standard then clause order. One pass over the text: each bracket's
    /// contents are looked at once, from the last `[` before a `]`.
    public static func read(_ markdown: [UInt8]) -> [String] {
        var found = Set<String>()
        // The character (a backtick or a tilde) of the fence that opened the code block we are in.
        var fence: UInt8?
        // The standard a clause table is headed by, while in that table.
        var tableStandard: String?
        // Every content event is read so in a replay: lines are walked in place, not split out.
        markdown.withUnsafeBufferPointer { text in
            var lineStart = 0
            while lineStart <= text.count {
                let lineEnd = text[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
                defer { lineStart = lineEnd + 1 }
                var first = lineStart
                while first < lineEnd && text[first] == 0x20 { first += 1 }
                let marker = first < lineEnd ? text[first] : nil
                if let marker, marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~"), lineEnd - first >= 3,
                    text[first + 1] == marker, text[first + 2] == marker
                {
                    // A fence opens a code block, and only a fence of the same character closes it.
                    if fence == nil { fence = marker } else if fence == marker { fence = nil }
                    continue
                }
                if fence != nil { continue }
                if marker == UInt8(ascii: "|") {
                    let cellEnd = text[(first + 1)..<lineEnd].firstIndex(of: UInt8(ascii: "|")) ?? lineEnd
                    let firstCell = String(decoding: text[(first + 1)..<cellEnd], as: UTF8.self).trimmingSpaces
                    if let standard = tableStandard {
                        let clauses = firstCell.split(separator: ",").map { String($0).trimmingSpaces }
                        if !clauses.isEmpty, clauses.allSatisfy(isClause) {
                            found.formUnion(clauses.map { standard + ":" + $0 })
                        }
                    } else {
                        tableStandard = standard(heading: firstCell)
                    }
                } else {
                    tableStandard = nil
                }
                var open: Int?
                var inCode = false
                for index in lineStart..<lineEnd {
                    switch text[index] {
                    case UInt8(ascii: "`"):
                        inCode.toggle()
                        open = nil
                    case UInt8(ascii: "[") where !inCode:
                        open = index
                    case UInt8(ascii: "]") where !inCode:
                        if let start = open, let tags = tags(in: markdown[(start + 1)..<index]) {
                            found.formUnion(tags)
                        }
                        open = nil
                    default:
                        break
                    }
                }
            }
        }
        return found.sorted(by: precedes)
    }

    /// The tags of one bracket's contents, `13485:7.1c, 7.2.1c`; nil unless all of it is tags.
    static func tags(in text: ArraySlice<UInt8>) -> [String]? {
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let standard = String(decoding: text[..<colon], as: UTF8.self)
        guard isStandard(standard) else { return nil }
        let clauses = text[(colon + 1)...].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self).trimmingSpaces }
        guard !clauses.isEmpty, clauses.allSatisfy(isClause) else { return nil }
        return clauses.map { standard + ":" + $0 }
    }

    /// Whether `tag` (`13485:7.5.9`) falls under `query`: the same standard, and the same clause
    /// or one of its sub-clauses (`13485:7.5` covers `7.5`, `7.5.9` and `7.5a`, not `7.50`); a
    /// standard alone covers all its clauses.
    public static func tag(_ tag: String, fallsUnder query: String) -> Bool {
        guard let colon = tag.firstIndex(of: ":") else { return false }
        let standard = tag[..<colon]
        let clause = tag[tag.index(after: colon)...]
        guard let queryColon = query.firstIndex(of: ":") else { return standard == query[...] }
        guard standard == query[..<queryColon] else { return false }
        let wanted = query[query.index(after: queryColon)...]
        guard clause.hasPrefix(wanted) else { return false }
        guard let next = clause.dropFirst(wanted.count).first else { return true }
        return next == "." || (next.isLetter && wanted.last?.isNumber == true)
    }

    /// Checks a clause query: a standard, or a standard and clause.
    public static func query(_ text: String) throws(StetError) -> String {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), isStandard(parts[0]), parts.count == 1 || isClause(parts[1]) else {
            throw .invalidText(
                field: "clause",
                problem:
                    "'\(Text.printable(text))' is not a standard and clause such as 13485:7.5 (or a standard, 13485)")
        }
        return text
    }

    /// The standard a table column headed `ISO 13485:2016 Section` (or `Clause`) lists clauses of.
    static func standard(heading: String) -> String? {
        let words = heading.split(separator: " ").map(String.init)
        guard words.count >= 2, ["iso", "iec", "en", "bs"].contains(words[0].lowercased()) else { return nil }
        guard let last = words.last?.lowercased(), ["section", "sections", "clause", "clauses"].contains(last) else {
            return nil
        }
        let number = words.dropFirst().first { $0.first?.isASCIIDigit == true }
        guard let standard = number?.split(separator: ":").first.map(String.init), isStandard(standard) else {
            return nil
        }
        return standard
    }

    /// `13485`, `15189`, `62304-1`: digits, with a part number after a hyphen.
    private static func isStandard(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (3...6).contains(parts[0].count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// `7`, `7.5.9`, `4.2.4g`: numbers joined by dots, with at most one letter after the last.
    private static func isClause(_ text: String) -> Bool {
        var body = Substring(text)
        if let last = body.last, last.isASCII, last.isLowercase { body = body.dropLast() }
        let numbers = body.split(separator: ".", omittingEmptySubsequences: false)
        return (1...6).contains(numbers.count)
            && numbers.allSatisfy { (1...3).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// Standard by number, then clause number by number, a letter after its number.
    private static func precedes(_ left: String, _ right: String) -> Bool {
        func key(_ tag: String) -> [Int] {
            tag.split(whereSeparator: { ":.-".contains($0) }).flatMap { part -> [Int] in
                let digits = part.prefix(while: \.isASCIIDigit)
                let letter = part.dropFirst(digits.count).unicodeScalars.first.map { Int($0.value) } ?? 0
                return [Int(digits) ?? 0, letter]
            }
        }
        let (a, b) = (key(left), key(right))
        return a == b ? left < right : a.lexicographicallyPrecedes(b)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

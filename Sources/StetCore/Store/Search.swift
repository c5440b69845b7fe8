/// A document whose title or text holds every word searched for.
public struct SearchHit: Sendable {
    public var id: String
    public var title: String
    public var version: Int
    /// Line numbers (from 1) and text of the lines holding any of the words.
    public var lines: [(number: Int, text: String)]
}

/// The titles and text of the versions in force on one day, lower-cased once, to be searched
/// many times (the portal keeps one per head and day; `stet search` makes one per run).
///
/// Words are matched as bytes of the lower-cased UTF-8: lower-casing maps each character on its
/// own and never makes or removes a line break, so a match's line is counted in the lower-cased
/// text and read from the text as written.
public struct SearchIndex: Sendable {
    struct Entry: Sendable {
        var id: String
        var title: String
        var version: Int
        /// The title, a line break, and the text, lower-cased, as UTF-8.
        var lowered: [UInt8]
    }

    let entries: [Entry]
    public let day: Day

    /// Reads the version in force on `day` of every document in `snapshot`.
    public init(_ snapshot: Snapshot, on day: Day) throws(StetError) {
        let state = snapshot.state
        var entries: [Entry] = []
        for row in try snapshot.register(on: day, inForceOnly: true) {
            guard let version = row.version, let bytes = try state.file(Layout.version(row.id, version)) else {
                continue
            }
            let text = row.title + "\n" + String(decoding: bytes, as: UTF8.self)
            entries.append(
                Entry(id: row.id, title: row.title, version: version, lowered: Array(text.lowercased().utf8)))
        }
        self.entries = entries
        self.day = day
    }

    /// The documents holding every one of `words` (in any case), with the lines that hold any;
    /// the text of those lines is read from `snapshot`, the state this index was made from.
    public func search(_ words: [String], in snapshot: Snapshot) throws(StetError) -> [SearchHit] {
        let needles = words.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
        guard !needles.isEmpty else { throw .invalidText(field: "search", problem: "give at least one word") }
        var hits: [SearchHit] = []
        for entry in entries {
            var matchedLines = Set<Int>()
            var all = true
            for needle in needles {
                let found = Self.lineNumbers(of: needle, in: entry.lowered)
                if found.isEmpty {
                    all = false
                    break
                }
                matchedLines.formUnion(found)
            }
            guard all else { continue }
            // Line 0 is the title; the text's lines count from 1.
            let lines = matchedLines.subtracting([0]).sorted()
            var shown: [(number: Int, text: String)] = []
            if !lines.isEmpty, let bytes = try snapshot.state.file(Layout.version(entry.id, entry.version)) {
                let textLines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                for number in lines where number <= textLines.count {
                    shown.append((number, String(decoding: textLines[number - 1], as: UTF8.self)))
                }
            }
            hits.append(SearchHit(id: entry.id, title: entry.title, version: entry.version, lines: shown))
        }
        return hits
    }

    /// The lines (0 for the first) on which `needle` starts in `haystack`.
    static func lineNumbers(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard pin.count <= hay.count, let first = pin.first else { return [] }
                var found: [Int] = []
                var line = 0
                var index = 0
                let last = hay.count - pin.count
                while index <= last {
                    let byte = hay[index]
                    if byte == 0x0A {
                        line += 1
                    } else if byte == first {
                        var offset = 1
                        while offset < pin.count, hay[index + offset] == pin[offset] { offset += 1 }
                        if offset == pin.count, found.last != line { found.append(line) }
                    }
                    index += 1
                }
                return found
            }
        }
    }
}

extension Snapshot {
    /// Searches the versions in force on `day`: titles and text, case-insensitively, every word required.
    public func search(_ words: [String], on day: Day) throws(StetError) -> [SearchHit] {
        guard words.contains(where: { !$0.isEmpty }) else {
            throw .invalidText(field: "search", problem: "give at least one word")
        }
        return try SearchIndex(self, on: day).search(words, in: self)
    }
}

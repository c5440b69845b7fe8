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

        /// This document, if it holds every one of `needles`, with the lines that hold any.
        func match(_ needles: [[UInt8]]) -> Match? {
            var lines = Set<Int>()
            for needle in needles {
                let numbers = SearchIndex.lineNumbers(of: needle, in: lowered)
                if numbers.isEmpty { return nil }
                lines.formUnion(numbers)
            }
            return Match(id: id, title: title, version: version, lineNumbers: lines.sorted())
        }
    }

    let entries: [Entry]
    public let day: Day

    /// Reads the version in force on `day` of every document in `snapshot`.
    public init(_ snapshot: Snapshot, on day: Day) throws(StetError) {
        var entries: [Entry] = []
        try Self.forEachText(in: snapshot, on: day) { entry, _ throws(StetError) in entries.append(entry) }
        self.entries = entries
        self.day = day
    }

    /// Each version in force on `day`, lower-cased, with its text as written, one at a time.
    static func forEachText(
        in snapshot: Snapshot, on day: Day, _ body: (Entry, [UInt8]) throws(StetError) -> Void
    ) throws(StetError) {
        for row in try snapshot.register(on: day, inForceOnly: true) {
            guard let version = row.version, let bytes = try snapshot.state.file(Layout.version(row.id, version)) else {
                continue
            }
            try body(
                Entry(id: row.id, title: row.title, version: version, lowered: lowered(row.title, bytes)), bytes)
        }
    }

    /// The title, a line break and the text, lower-cased: byte by byte for ASCII (one copy, as
    /// most procedures are written), through `String` for any other text.
    static func lowered(_ title: String, _ text: [UInt8]) -> [UInt8] {
        let head = Array(title.utf8) + [0x0A]
        guard head.allSatisfy({ $0 < 0x80 }), text.allSatisfy({ $0 < 0x80 }) else {
            return Array((title + "\n" + String(decoding: text, as: UTF8.self)).lowercased().utf8)
        }
        var lowered = [UInt8](repeating: 0, count: head.count + text.count)
        lowered.withUnsafeMutableBufferPointer { output in
            var index = 0
            for part in [head, text] {
                part.withUnsafeBufferPointer { input in
                    for byte in input {
                        output[index] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                        index += 1
                    }
                }
            }
        }
        return lowered
    }

    /// A document that holds every word searched for, and the lines (0 the title, then the
    /// text's from 1) that hold any.
    public struct Match: Sendable {
        public var id: String
        public var title: String
        public var version: Int
        public var lineNumbers: [Int]
    }

    /// The documents holding every one of `words`, in any case.
    public func matches(_ words: [String]) throws(StetError) -> [Match] {
        let needles = try Self.needles(words)
        return entries.compactMap { $0.match(needles) }
    }

    /// The words searched for, lower-cased, as UTF-8.
    static func needles(_ words: [String]) throws(StetError) -> [[UInt8]] {
        let needles = words.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
        guard !needles.isEmpty else { throw .invalidText(field: "search", problem: "give at least one word") }
        return needles
    }

    /// `match` with the text of its matching lines, read from `snapshot`, the state this index
    /// was made from (read only for the hits shown: a word in every document reads no text).
    public static func hit(_ match: Match, in snapshot: Snapshot) throws(StetError) -> SearchHit {
        guard match.lineNumbers.contains(where: { $0 > 0 }),
            let bytes = try snapshot.state.file(Layout.version(match.id, match.version))
        else { return hit(match, text: []) }
        return hit(match, text: bytes)
    }

    /// `match` with the text of its matching lines, taken from `text`, its version's bytes.
    static func hit(_ match: Match, text: [UInt8]) -> SearchHit {
        var shown: [(number: Int, text: String)] = []
        let textLines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        for number in match.lineNumbers where number > 0 && number <= textLines.count {
            shown.append((number, String(decoding: textLines[number - 1], as: UTF8.self)))
        }
        return SearchHit(id: match.id, title: match.title, version: match.version, lines: shown)
    }

    /// Every document holding all of `words`, with the lines that hold any.
    public func search(_ words: [String], in snapshot: Snapshot) throws(StetError) -> [SearchHit] {
        var hits: [SearchHit] = []
        for match in try matches(words) { hits.append(try Self.hit(match, in: snapshot)) }
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
        // One document at a time: a single search keeps no index of the whole store.
        let needles = try SearchIndex.needles(words)
        var hits: [SearchHit] = []
        try SearchIndex.forEachText(in: self, on: day) { entry, text throws(StetError) in
            if let match = entry.match(needles) { hits.append(SearchIndex.hit(match, text: text)) }
        }
        return hits
    }
}

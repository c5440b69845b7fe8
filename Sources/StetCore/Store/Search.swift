/// A document whose title or text holds every word searched for.
public struct SearchHit: Sendable {
    public var id: String
    public var title: String
    public var version: Int
    /// Line numbers (from 1) and text of the lines holding any of the words.
    public var lines: [(number: Int, text: String)]
}

extension Snapshot {
    /// Searches the versions in force on `day`: titles and text, case-insensitively, every word required.
    public func search(_ words: [String], on day: Day) throws(StetError) -> [SearchHit] {
        let needles = words.map { $0.lowercased() }.filter { !$0.isEmpty }
        guard !needles.isEmpty else { throw .invalidText(field: "search", problem: "give at least one word") }
        let state = self.state
        var hits: [SearchHit] = []
        for document in try documents() {
            guard let version = document.effectiveVersion(on: day),
                let bytes = try state.file(Layout.version(document.id, version.version))
            else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            let haystack = (document.title + "\n" + text).lowercased()
            guard needles.allSatisfy(haystack.contains) else { continue }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
                index, line -> (Int, String)? in
                let lowered = line.lowercased()
                return needles.contains(where: lowered.contains) ? (index + 1, String(line)) : nil
            }
            hits.append(SearchHit(id: document.id, title: document.title, version: version.version, lines: lines))
        }
        return hits
    }
}

/// Finding a document by the id a person typed: ids are matched without regard to case, and an
/// id that matches none is answered with the nearest ones.
extension Snapshot {
    /// The document `text` names: exactly, else the one whose id differs only in case. An id
    /// that names none is returned as given: reading or acting on it is refused where that is
    /// checked (after who acts and with what key), naming the nearest ids.
    public func documentID(named text: String) throws(StetError) -> DocumentID {
        let given = try DocumentID(text)
        if try state.contains(Layout.document(given.text)) { return given }
        let matches = try state.documentIDs(matchingIgnoringCase: given.text)
        if matches.count == 1 { return DocumentID(recorded: matches[0]) }
        if matches.count > 1 {
            throw .invalidText(
                field: "document id",
                problem:
                    "'\(Text.printable(text))' names \(matches.sorted().joined(separator: " and ")), which differ only in case: type it exactly"
            )
        }
        return given
    }
}

extension StateReader {
    /// The refusal of an id no document has, with the ids it may have meant.
    func noSuchDocument(_ id: String) -> StetError {
        let ids = (try? documentIDs()) ?? []
        return .noSuchDocument(id, nearest: Snapshot.nearest(to: id.uppercased(), among: ids))
    }
}

extension Snapshot {
    /// Up to three ids within a few edits of `text` (uppercased), nearest first.
    static func nearest(to text: String, among ids: [String]) -> [String] {
        let target = Array(text.unicodeScalars)
        let limit = max(2, target.count / 3)
        return ids.compactMap { id -> (Int, String)? in
            let distance = editDistance(target, Array(id.uppercased().unicodeScalars), limit: limit)
            return distance <= limit ? (distance, id) : nil
        }
        .sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(3).map(\.1)
    }

    /// Levenshtein distance, stopping early once it must exceed `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            if current.min()! > limit { return limit + 1 }
            previous = current
        }
        return previous[b.count]
    }
}

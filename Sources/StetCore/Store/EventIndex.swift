import StetGit

/// The back-links that let a document's history be read without a scan.
///
/// Each event commit writes, for the document its parent commit touched, that parent's id
/// (`event-index/<shard>/<id>`); each document's metadata keeps the commit of its own previous
/// event (`previousEvent`). From any state, a document's newest event is one read away, and each
/// event leads to the one before. Written by the rules (so verify re-derives them), read by
/// `Snapshot.history`.
enum EventIndex {
    /// The entry an event writes: its parent commit, under the document that commit touched.
    static func entry(after parent: EventContext.Parent?) -> (path: String, bytes: [UInt8])? {
        guard let parent, let document = parent.document else { return nil }
        return (Layout.latestEvent(document), encode(parent.commit))
    }

    /// The commit of `document`'s newest event before the one being recorded in `context`.
    static func previousEvent(
        of document: String, in state: some StateReader, context: EventContext
    ) throws(StetError) -> String? {
        if let parent = context.parent, parent.document == document { return parent.commit }
        return try latest(document, in: state)?.hex
    }

    /// The newest event of `document` recorded before the commit whose state this is.
    static func latest(_ document: String, in state: some StateReader) throws(StetError) -> ObjectID? {
        let path = Layout.latestEvent(document)
        guard let bytes = try state.file(path) else { return nil }
        guard bytes.last == 0x0a, let id = ObjectID(hex: String(decoding: bytes.dropLast(), as: UTF8.self)) else {
            throw .storeCorrupt("\(path) is not a commit id")
        }
        return id
    }

    static func encode(_ commit: String) -> [UInt8] { Array((commit + "\n").utf8) }
}

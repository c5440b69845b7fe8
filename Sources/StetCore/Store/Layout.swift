/// Where each piece of state lives in a store's tree (see repository-layout.md).
enum Layout {
    static let branch = "refs/heads/main"
    static let configuration = "config/store.json"
    static let usersFolder = "config/users"
    static let documentsFolder = "documents"

    static func user(_ id: String) -> String { "\(usersFolder)/\(id).json" }
    static func counter(_ type: String) -> String { "counters/\(type)" }

    /// The folder that groups a document with its neighbours: its id without the last two
    /// characters (`SOP-0142` → `SOP-01`), so that no tree holds more than about a hundred
    /// documents and an event rewrites only small trees, however large the store.
    static func shard(_ id: String) -> String { id.count > 2 ? String(id.dropLast(2)) : id }

    static func folder(_ id: String) -> String { "\(documentsFolder)/\(shard(id))/\(id)" }
    static func document(_ id: String) -> String { "\(folder(id))/document.json" }
    static func draft(_ id: String) -> String { "\(folder(id))/draft.md" }
    static func version(_ id: String, _ number: Int) -> String { "\(folder(id))/versions/\(number).md" }
    static func effective(_ id: String) -> String { "effective/\(shard(id))/\(id).md" }
    static func acknowledgement(_ id: String, version: Int, user: String) -> String {
        "\(acknowledgements(id, version: version))/\(user).json"
    }
    static func acknowledgements(_ id: String, version: Int) -> String {
        "\(folder(id))/acknowledgements/\(version)"
    }
    static func attachment(_ id: String, _ path: String) -> String { "\(folder(id))/files/\(path)" }
    static func copies(_ id: String) -> String { "\(folder(id))/copies" }
    static func copy(_ id: String, number: Int) -> String { "\(copies(id))/\(number).json" }
    /// The latest event on a document among this commit's ancestors (see `Lifecycle.apply`).
    static func latestEvent(_ id: String) -> String { "event-index/\(shard(id))/\(id)" }

    static func folder(_ id: DocumentID) -> String { folder(id.text) }
    static func document(_ id: DocumentID) -> String { document(id.text) }
    static func draft(_ id: DocumentID) -> String { draft(id.text) }
    static func version(_ id: DocumentID, _ number: Int) -> String { version(id.text, number) }
    static func effective(_ id: DocumentID) -> String { effective(id.text) }
    static func latestEvent(_ id: DocumentID) -> String { latestEvent(id.text) }

    /// Whether a tree path holds JSON state (compared by meaning when verifying, not by bytes).
    static func isJSON(_ path: String) -> Bool { path.hasSuffix(".json") }
}

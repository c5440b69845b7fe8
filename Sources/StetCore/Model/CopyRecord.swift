/// One numbered controlled copy in the register: which version, who or where holds it, the
/// hash of the file issued, and whether it has been recalled and its destruction confirmed
/// (ISO 15189 and ISO 9001 ask where every controlled copy is).
public struct CopyRecord: Codable, Equatable, Sendable {
    public var document: String
    public var number: Int
    public var version: Int
    public var holder: String
    public var issued: Timestamp
    public var issuedBy: String
    /// The SHA-256 of the copy's file as issued (`sha256:...`).
    public var file: String
    public var recall: Recall?
    public var destroyed: Destruction?

    public struct Recall: Codable, Equatable, Sendable {
        public var at: Timestamp
        public var by: String
        public var reason: String
    }

    public struct Destruction: Codable, Equatable, Sendable {
        public var at: Timestamp
        public var by: String
    }

    /// Out with its holder: issued, and neither recalled nor destroyed.
    public var isOutstanding: Bool { recall == nil && destroyed == nil }

    /// How people name it: `SOP-0001 v2 copy 3`.
    public var name: String { "\(document) v\(version) copy \(number)" }

    /// Where it stands, in a few words.
    public var standing: String {
        if let destroyed { return "destroyed \(destroyed.at.day)" }
        if let recall { return "recalled \(recall.at.day): \(recall.reason)" }
        return "with \(holder)"
    }
}

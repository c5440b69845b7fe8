import Foundation
import StetGit

/// The register's rows for one shard of documents, remembered by the shard's tree id.
///
/// A tree id fixes every `document.json` under it, so an entry never goes stale: an event on a
/// document gives its shard a new tree id, and only that shard is read again. The register then
/// reads about a hundred small entries for 10,000 documents instead of decoding every document.
/// Entries live in the user's key folder (never in the store, which others can write: a planted
/// entry could show a retired document as in force), each with a checksum of its body; an entry
/// that does not match it is ignored, and deleting them changes no answer, only time.
public struct RegisterCache: Sendable {
    let home: String
    static let format = "stet-register-2"

    public init(home: String) {
        self.home = home
    }

    var folder: String { home + "/cache/" + Self.format }

    func path(_ tree: ObjectID) -> String { folder + "/" + tree.hex }

    /// The documents of the shard whose tree is `tree`, as far as the register needs them.
    func read(_ tree: ObjectID) -> [Document]? {
        let path = path(tree)
        guard let bytes = KeyFolder.record(at: path, in: home, within: folder, limit: Limits.cacheEntry) else {
            return nil
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Substring(Self.format),
            parts[1] == Substring(SHA256Hex.of(Array(parts[2].utf8)))
        else { return nil }
        return Self.documents(from: parts[2])
    }

    /// Keeps `documents` as the shard `tree`'s entry: written whole, then renamed into place.
    func write(_ documents: [Document], for tree: ObjectID) {
        guard KeyFolder.isPrivate(home) else { return }
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let body = Self.lines(documents)
        let data = Data((Self.format + "\n" + SHA256Hex.of(Array(body.utf8)) + "\n" + body).utf8)
        let temporary = folder + "/.tmp-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else { return }
        if rename(temporary, path(tree)) != 0 { unlink(temporary) }
    }

    // One line per fact, tab-separated, text fields escaped, times in seconds and days since 1970:
    //   D id title type owner retired-at|- revision|- revision-state|-
    //   V version effective issued
    //   A version reaffirmed-at
    static func lines(_ documents: [Document]) -> String {
        var text = ""
        for document in documents {
            text +=
                [
                    "D", escape(document.id), escape(document.title), escape(document.type), escape(document.owner),
                    document.retirement.map { String($0.at.seconds) } ?? "-",
                    document.working.map { String($0.number) } ?? "-", document.working?.state.rawValue ?? "-",
                ].joined(separator: "\t") + "\n"
            for version in document.versions {
                text += "V\t\(version.version)\t\(version.effective.daysSinceEpoch)\t\(version.issued.seconds)\n"
            }
            for reaffirmation in document.reaffirmations ?? [] {
                text += "A\t\(reaffirmation.version)\t\(reaffirmation.at.seconds)\n"
            }
        }
        return text
    }

    /// The documents `body` describes; nil if any line is not one `lines` writes.
    static func documents(from body: Substring) -> [Document]? {
        var documents: [Document] = []
        for line in body.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch fields.first {
            case "D":
                guard fields.count == 8 else { return nil }
                var document = Document(
                    id: unescape(fields[1]), type: unescape(fields[3]), title: unescape(fields[2]),
                    owner: unescape(fields[4]), created: Timestamp(seconds: 0), previousEvent: nil, lastRevision: 0,
                    working: nil, versions: [], retirement: nil)
                if fields[5] != "-" {
                    guard let at = Int64(fields[5]) else { return nil }
                    document.retirement = .init(at: Timestamp(seconds: at), by: "", reason: "")
                }
                if fields[6] != "-" {
                    guard let number = Int(fields[6]), let state = RevisionState(rawValue: fields[7]) else {
                        return nil
                    }
                    document.working = .init(
                        number: number, state: state, authors: [], reason: "", contentHash: "", reviewers: [],
                        approvers: [], reviews: [], approvals: [], rejection: nil)
                }
                documents.append(document)
            case "V":
                guard fields.count == 4, !documents.isEmpty, let version = Int(fields[1]),
                    let effective = Int(fields[2]).map(Day.init(daysSinceEpoch:)), let issued = Int64(fields[3])
                else { return nil }
                documents[documents.count - 1].versions.append(
                    .init(
                        version: version, revision: 0, effective: effective, issued: Timestamp(seconds: issued),
                        issuedBy: "",
                        contentHash: "", authors: [], reviews: [], approvals: []))
            case "A":
                guard fields.count == 3, !documents.isEmpty, let version = Int(fields[1]), let at = Int64(fields[2])
                else { return nil }
                documents[documents.count - 1].reaffirmations =
                    (documents[documents.count - 1].reaffirmations ?? []) + [
                        .init(version: version, at: Timestamp(seconds: at), by: "", comment: "")
                    ]
            default:
                return nil
            }
        }
        return documents
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                result.append(character == "t" ? "\t" : character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

extension Snapshot {
    /// Every document as far as the register needs it (ids, titles, types, owners, versions and
    /// their dates, retirement, the revision in progress, reaffirmations), in id order: from the
    /// register cache where a shard's entry is there, else decoded and then kept.
    func registerDocuments() throws(StetError) -> [Document] {
        guard let registerCache else { return try documents() }
        var documents: [Document] = []
        for shard in try state.names(in: Layout.documentsFolder) {
            let folder = Layout.documentsFolder + "/" + shard
            let tree: ObjectID?
            do { tree = try state.tree.entryID(at: folder) } catch { throw StetError(error) }
            if let tree, let cached = registerCache.read(tree) {
                documents += cached
                continue
            }
            var decoded: [Document] = []
            for id in try state.names(in: folder) {
                if let document = try state.document(id) { decoded.append(document) }
            }
            if let tree { registerCache.write(decoded, for: tree) }
            documents += decoded
        }
        return documents
    }
}

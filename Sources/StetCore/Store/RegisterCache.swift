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
    static let format = "stet-register-3"

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
        // "<format>\n<sha256 of body>\n<body>", read as bytes: the register of a large store is
        // a hundred of these, read on every `stet list`.
        let header = Array((Self.format + "\n").utf8)
        let bodyStart = header.count + 64 + 1
        guard bytes.count >= bodyStart, bytes.starts(with: header), bytes[bodyStart - 1] == 0x0a else { return nil }
        let body = bytes[bodyStart...]
        guard bytes[header.count..<(header.count + 64)].elementsEqual(SHA256Hex.of(Array(body)).utf8) else {
            return nil
        }
        return Self.documents(from: body)
    }

    /// Keeps `documents` as the shard `tree`'s entry: written whole, then renamed into place.
    func write(_ documents: [Document], for tree: ObjectID) {
        guard KeyFolder.isPrivate(home) else { return }
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let body = Self.lines(documents)
        let bytes = Array((Self.format + "\n" + SHA256Hex.of(Array(body.utf8)) + "\n" + body).utf8)
        _ = AtomicFile.replace(path(tree), with: bytes, mode: 0o600)
    }

    // One line per fact, tab-separated, text fields escaped, times in seconds and days since 1970:
    //   D id title type owner retired-at|- revision|- revision-state|-
    //   V version effective issued
    //   A version reaffirmed-at
    //   P id-of-a-document-it-is-part-of
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
            for parent in document.partOf ?? [] { text += "P\t\(escape(parent))\n" }
        }
        return text
    }

    /// The documents `body` describes; nil if any line is not one `lines` writes.
    static func documents(from body: ArraySlice<UInt8>) -> [Document]? {
        // Fields are ranges into one buffer, not slices of it (each slice would retain the buffer):
        // this runs for every document at every `stet list`.
        body.withUnsafeBufferPointer { bytes -> [Document]? in
            var documents: [Document] = []
            var fields: [Range<Int>] = []
            fields.reserveCapacity(8)
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0a { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                guard lineEnd > lineStart else { continue }
                fields.removeAll(keepingCapacity: true)
                var fieldStart = lineStart
                for index in lineStart..<lineEnd where bytes[index] == 0x09 {
                    fields.append(fieldStart..<index)
                    fieldStart = index + 1
                }
                fields.append(fieldStart..<lineEnd)
                func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: bytes[fields[index]])
                }
                guard fields[0].count == 1 else { return nil }
                switch bytes[fields[0].lowerBound] {
                case UInt8(ascii: "D"):
                    guard fields.count == 8 else { return nil }
                    var document = Document(
                        id: text(field(1)), type: text(field(3)), title: text(field(2)), owner: text(field(4)),
                        created: Timestamp(seconds: 0), previousEvent: nil, lastRevision: 0, working: nil,
                        versions: [], retirement: nil)
                    if !isDash(field(5)) {
                        guard let at = integer(field(5)) else { return nil }
                        document.retirement = .init(at: Timestamp(seconds: at), by: "", reason: "")
                    }
                    if !isDash(field(6)) {
                        guard let number = integer(field(6)), let state = RevisionState(rawValue: text(field(7)))
                        else { return nil }
                        document.working = .init(
                            number: Int(number), state: state, authors: [], reason: "", contentHash: "",
                            reviewers: [], approvers: [], reviews: [], approvals: [], rejection: nil)
                    }
                    documents.append(document)
                case UInt8(ascii: "V"):
                    guard fields.count == 4, !documents.isEmpty, let version = integer(field(1)),
                        let effective = integer(field(2)), let issued = integer(field(3))
                    else { return nil }
                    documents[documents.count - 1].versions.append(
                        .init(
                            version: Int(version), revision: 0, effective: Day(daysSinceEpoch: Int(effective)),
                            issued: Timestamp(seconds: issued), issuedBy: "", contentHash: "", authors: [], reviews: [],
                            approvals: []))
                case UInt8(ascii: "A"):
                    guard fields.count == 3, !documents.isEmpty, let version = integer(field(1)),
                        let at = integer(field(2))
                    else { return nil }
                    documents[documents.count - 1].reaffirmations =
                        (documents[documents.count - 1].reaffirmations ?? []) + [
                            .init(version: Int(version), at: Timestamp(seconds: at), by: "", comment: "")
                        ]
                case UInt8(ascii: "P"):
                    guard fields.count == 2, !documents.isEmpty else { return nil }
                    documents[documents.count - 1].partOf =
                        (documents[documents.count - 1].partOf ?? []) + [
                            text(field(1))
                        ]
                default:
                    return nil
                }
            }
            return documents
        }
    }

    private static func isDash(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.count == 1 && field[0] == UInt8(ascii: "-")
    }

    private static func text(_ field: UnsafeBufferPointer<UInt8>) -> String {
        unescape(String(decoding: field, as: UTF8.self))
    }

    /// A decimal number as `String(_:)` writes it (an optional minus, digits); nil for anything else.
    private static func integer(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        var digits = field[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
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
    /// their dates, retirement, the revision in progress, reaffirmations, what it is part of), in id order: from the
    /// register cache where a shard's entry is there, else decoded and then kept.
    func registerDocuments() throws(StetError) -> [Document] {
        guard let registerCache else { return try documents() }
        var documents: [Document] = []
        documents.reserveCapacity(1024)
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

import Foundation
import StetGit

/// Whether each commit's signature is good under the key it names, checked on every core and
/// remembered by commit id.
///
/// A commit id fixes the commit's bytes, its signature included, so a result never goes stale
/// and one record serves every store. The record is kept in the user's key folder, like
/// `VerifiedHeads`, never in the store, which every user of a shared store can write: a result
/// planted there would pass a forged signature. Each line carries a checksum; a line that does not
/// match it (truncated, garbled) is ignored, and deleting the file changes no answer, only time.
public struct SignatureCache: Sendable {
    let home: String
    static let format = "stet-signatures-1"

    public init(home: String) {
        self.home = home
    }

    var path: String { home + "/cache/" + Self.format }

    /// What is on record: for each commit, the raw public key its signature names, when the
    /// signature is good under it. Only good signatures are recorded.
    func load() -> [ObjectID: [UInt8]] {
        guard let bytes = KeyFolder.record(at: path, in: home, within: home + "/cache", limit: Limits.signatureCache)
        else { return [:] }
        var known: [ObjectID: [UInt8]] = [:]
        // A store has a few dozen signers and 100,000 events: each key's bytes are held once and
        // shared by every commit it signed.
        var keys: Set<[UInt8]> = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let (commit, key) = Self.parse(line) else { continue }
            known[commit] = keys.insert(key).memberAfterInsert
        }
        return known
    }

    /// `<commit hex> <key hex> <FNV-1a of the two, 16 hex>`: one good signature. The checksum
    /// finds a torn or garbled line; the file needs no more, since only its owner can write it.
    static func line(_ commit: ObjectID, _ key: [UInt8]) -> String {
        let body = commit.hex + " " + SHA256Hex.hex(key)
        return body + " " + SHA256Hex.hex(checksum(Array(body.utf8)[...]))
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return (0..<8).map { UInt8(truncatingIfNeeded: hash >> (56 - 8 * $0)) }
    }

    static func parse(_ line: ArraySlice<UInt8>) -> (ObjectID, [UInt8])? {
        guard line.count == 40 + 1 + 64 + 1 + 16, line[line.startIndex + 40] == 0x20,
            line[line.startIndex + 105] == 0x20
        else { return nil }
        let body = line.prefix(105)
        guard let sum = unhex(line.suffix(16)), sum == checksum(body),
            let commit = unhex(body.prefix(40)).flatMap(ObjectID.init(bytes:)), let key = unhex(body.suffix(64))
        else { return nil }
        return (commit, key)
    }

    /// Adds `results` to the record: whole lines appended at once, so a crash leaves at most a
    /// partial last line, which the next load ignores. A failure only costs time later.
    func append(_ results: [(ObjectID, [UInt8])]) {
        guard !results.isEmpty, KeyFolder.isPrivate(home) else { return }
        try? FileManager.default.createDirectory(
            atPath: home + "/cache", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // After a torn write the file may not end in a newline: start on a line of our own.
        // Written a thousand lines at a time: a cold export learns 100,000.
        var chunks: [[UInt8]] = []
        var bytes: [UInt8] = [0x0a]
        for (index, (commit, key)) in results.enumerated() {
            bytes += Self.line(commit, key).utf8
            bytes.append(0x0a)
            if index % 1000 == 999 || index == results.count - 1 {
                chunks.append(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        FileSystem.append(chunks, to: path, mode: 0o600)
    }

    static func unhex(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case 0x30...0x39: digit - 0x30
            case 0x61...0x66: digit - 0x61 + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            guard let high = value(text[index]), let low = value(text[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

/// Checks the signatures of a run of commits, those on record first, the rest on every core.
final class SignatureChecker {
    let repository: Repository
    let cache: SignatureCache?
    private var known: [ObjectID: [UInt8]]
    private var learned: [(ObjectID, [UInt8])] = []

    /// What one commit's signature is, before anyone's key is compared with it.
    enum Result: Sendable {
        case unsigned
        case unreadable
        /// Signed with `key`; `good` when the signature matches the signed content.
        case signed(key: PublicKey, good: Bool)

        /// The status for an actor who had to sign with `expected`.
        func status(expecting expected: PublicKey?) -> SignatureStatus {
            switch self {
            case .unsigned: .unsigned
            case .unreadable: .unreadable
            case .signed(let key, let good):
                !good ? .altered : key != expected ? .wrongKey(fingerprint: key.fingerprint) : .valid
            }
        }
    }

    init(repository: Repository, cache: SignatureCache?) {
        self.repository = repository
        self.cache = cache
        self.known = cache?.load() ?? [:]
    }

    /// The result for each of `commits`. Signatures are read here, in order (libgit2 serves one
    /// thread); the checks not on record run on every core at once.
    func check(_ commits: [ObjectID]) throws -> [ObjectID: Result] {
        var results: [ObjectID: Result] = [:]
        var pending: [(ObjectID, SSHSignature, [UInt8])] = []
        for commit in commits {
            // On record: the commit's bytes (its id) carry a good signature by this key; nothing
            // needs reading again.
            if let key = known[commit] {
                results[commit] = .signed(key: PublicKey(rawBytes: key), good: true)
                continue
            }
            switch try Self.read(commit, in: repository) {
            case .unsigned: results[commit] = .unsigned
            case .unreadable: results[commit] = .unreadable
            case .signature(let signature, let signedData): pending.append((commit, signature, signedData))
            }
        }
        let work = pending
        let verdicts = onEveryCore(work.count) { work[$0].1.isValid(for: work[$0].2) }
        for (index, (commit, signature, _)) in pending.enumerated() {
            results[commit] = .signed(key: signature.publicKey, good: verdicts[index])
            if verdicts[index] {
                known[commit] = signature.publicKey.rawBytes
                learned.append((commit, signature.publicKey.rawBytes))
            }
        }
        return results
    }

    /// What is on record: commits whose bytes carry a good signature by a key (raw bytes).
    var onRecord: [ObjectID: [UInt8]] { known }

    /// A commit's signature as its commit holds it, not yet checked.
    enum Reading {
        case unsigned
        case unreadable
        case signature(SSHSignature, signedData: [UInt8])

        /// The signature a commit's bytes, read and checked here, hold (as libgit2 extracts it).
        init(_ stored: StoredCommit) {
            guard let text = stored.signature, let signedData = stored.signedData else {
                self = .unsigned
                return
            }
            guard let signature = SSHSignature(armored: text) else {
                self = .unreadable
                return
            }
            self = .signature(signature, signedData: signedData)
        }
    }

    static func read(_ commit: ObjectID, in repository: Repository) throws -> Reading {
        guard let signed = try repository.extractSignature(of: commit) else { return .unsigned }
        guard let signature = SSHSignature(armored: signed.signature) else { return .unreadable }
        return .signature(signature, signedData: signed.signedData)
    }

    /// One commit's signature checked, taken from `known` when it is on record there.
    static func result(of commit: ObjectID, known: [ObjectID: [UInt8]], in repository: Repository) throws -> Result {
        if let key = known[commit] { return .signed(key: PublicKey(rawBytes: key), good: true) }
        switch try read(commit, in: repository) {
        case .unsigned: return .unsigned
        case .unreadable: return .unreadable
        case .signature(let signature, let signedData):
            return .signed(key: signature.publicKey, good: signature.isValid(for: signedData))
        }
    }

    /// Takes the good signatures a lookahead found into the record.
    func learn(_ commits: [ObjectID], from source: some CommitSource) {
        for (index, commit) in commits.enumerated() where known[commit] == nil {
            if case .signed(let key, true)? = source.signature(index) {
                known[commit] = key.rawBytes
                learned.append((commit, key.rawBytes))
            }
        }
    }

    /// Records what was learnt, for the next command.
    func save() {
        cache?.append(learned)
        learned.removeAll()
    }
}

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
        guard KeyFolder.isPrivate(home), !InputFile.isLink(path),
            let bytes = try? InputFile.read(
                path, limit: Limits.signatureCache, within: home + "/cache", followingLinks: false)
        else { return [:] }
        var known: [ObjectID: [UInt8]] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let (commit, key) = Self.parse(line) else { continue }
            known[commit] = key
        }
        return known
    }

    /// `<commit hex> <key hex> <first 16 hex of SHA-256 of the two>`: one good signature.
    static func line(_ commit: ObjectID, _ key: [UInt8]) -> String {
        let body = commit.hex + " " + hex(key)
        return body + " " + SHA256Hex.of(Array(body.utf8)).prefix(16)
    }

    static func parse(_ line: ArraySlice<UInt8>) -> (ObjectID, [UInt8])? {
        guard line.count == 40 + 1 + 64 + 1 + 16 else { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let body = String(text.prefix(105))
        guard text.hasSuffix(" " + SHA256Hex.of(Array(body.utf8)).prefix(16)),
            let commit = ObjectID(hex: String(body.prefix(40))), let key = unhex(body.suffix(64))
        else { return nil }
        return (commit, key)
    }

    /// Adds `results` to the record: whole lines appended at once, so a crash leaves at most a
    /// partial last line, which the next load ignores. A failure only costs time later.
    func append(_ results: [(ObjectID, [UInt8])]) {
        guard !results.isEmpty, KeyFolder.isPrivate(home) else { return }
        try? FileManager.default.createDirectory(
            atPath: home + "/cache", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        // After a torn write the file may not end in a newline: start on a line of our own.
        var text = "\n"
        for (commit, key) in results { text += Self.line(commit, key) + "\n" }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func unhex(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
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
    enum Result {
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
            guard let signed = try repository.extractSignature(of: commit) else {
                results[commit] = .unsigned
                continue
            }
            guard let signature = SSHSignature(armored: signed.signature) else {
                results[commit] = .unreadable
                continue
            }
            if let key = known[commit], key == signature.publicKey.rawBytes {
                results[commit] = .signed(key: signature.publicKey, good: true)
            } else {
                pending.append((commit, signature, signed.signedData))
            }
        }
        nonisolated(unsafe) let verdicts = UnsafeMutableBufferPointer<Bool>.allocate(capacity: pending.count)
        defer { verdicts.deallocate() }
        verdicts.initialize(repeating: false)
        let work = pending
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            verdicts[index] = work[index].1.isValid(for: work[index].2)
        }
        for (index, (commit, signature, _)) in pending.enumerated() {
            results[commit] = .signed(key: signature.publicKey, good: verdicts[index])
            if verdicts[index] {
                known[commit] = signature.publicKey.rawBytes
                learned.append((commit, signature.publicKey.rawBytes))
            }
        }
        return results
    }

    /// Records what was learnt, for the next command.
    func save() {
        cache?.append(learned)
        learned.removeAll()
    }
}

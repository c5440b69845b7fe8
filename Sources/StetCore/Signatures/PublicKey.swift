import Crypto
import Foundation

/// An Ed25519 public key, read from and written as an OpenSSH `ssh-ed25519 AAAA...` line.
public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32 raw key bytes.
    public let rawBytes: [UInt8]

    public init(rawBytes: [UInt8]) { self.rawBytes = rawBytes }

    /// Parses `ssh-ed25519 <base64> [comment]`; only Ed25519 keys are accepted.
    public init(openSSH line: String) throws(StetError) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 2, fields[0] == "ssh-ed25519",
            let blob = Data(base64Encoded: String(fields[1]))
        else {
            throw .invalidPublicKey(line)
        }
        var reader = SSHWireReader(Array(blob))
        guard reader.text() == "ssh-ed25519", let key = reader.string(), key.count == 32, reader.isAtEnd else {
            throw .invalidPublicKey(line)
        }
        rawBytes = key
    }

    /// The SSH wire blob: string "ssh-ed25519" ‖ string(key).
    var wireBlob: [UInt8] {
        var writer = SSHWireWriter()
        writer.string("ssh-ed25519")
        writer.string(rawBytes)
        return writer.bytes
    }

    /// The OpenSSH form, without a comment.
    public var openSSH: String { "ssh-ed25519 " + Data(wireBlob).base64EncodedString() }

    public var description: String { openSSH }

    /// The SHA-256 fingerprint as ssh-keygen prints it (`SHA256:...`).
    public var fingerprint: String {
        var digest = Data(SHA256.hash(data: wireBlob)).base64EncodedString()
        while digest.hasSuffix("=") { digest.removeLast() }
        return "SHA256:" + digest
    }

    /// The fingerprint of the key on an OpenSSH line, computed once a line for the process: a
    /// replay names its signer's key at every event, and a store has a few signers.
    static func fingerprint(ofOpenSSH line: String) -> String? {
        if let known = fingerprints.known(line) { return known }
        let computed = (try? PublicKey(openSSH: line))?.fingerprint
        fingerprints.remember(computed, for: line)
        return computed
    }

    private static let fingerprints = FingerprintMemo()

    /// Whether `bytes` are in the form `fingerprint` writes: `SHA256:` and 43 characters of
    /// unpadded base64 whose last one carries no stray bits.
    static func isFingerprint(_ bytes: some Collection<UInt8>) -> Bool {
        // Every event's message holds one, parsed on every read: bytes compared, nothing built.
        guard bytes.count == 50, bytes.starts(with: "SHA256:".utf8) else { return false }
        var last = 0
        for byte in bytes.dropFirst(7) {
            guard let value = base64Value(byte) else { return false }
            last = value
        }
        // 43 digits carry 258 bits for a 256-bit digest: the last digit's two low bits are zero.
        return last & 0b11 == 0
    }

    /// A base64 digit's value (the standard alphabet), or nil.
    private static func base64Value(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }

    var cryptoKey: Curve25519.Signing.PublicKey? {
        try? Curve25519.Signing.PublicKey(rawRepresentation: rawBytes)
    }
}

/// Fingerprints by OpenSSH line, shared by the threads of a process (`Mutex` would need macOS 15).
///
/// Unchecked Sendable: its one mutable field is read and written only inside `lock.withLock`.
private final class FingerprintMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var fingerprints: [String: String?] = [:]

    func known(_ line: String) -> String?? { lock.withLock { fingerprints[line] } }
    func remember(_ fingerprint: String?, for line: String) { lock.withLock { fingerprints[line] = fingerprint } }
}

/// Keys parsed from their OpenSSH lines, by line: a replay checks each event against its
/// signer's key, and a store has a few signers and thousands of events.
final class ParsedKeys {
    private var parsed: [String: PublicKey?] = [:]

    /// The key on `line`; nil when it is not one (as `PublicKey(openSSH:)` refuses it).
    func key(_ line: String) -> PublicKey? {
        if let known = parsed[line] { return known }
        let key = try? PublicKey(openSSH: line)
        parsed[line] = key
        return key
    }
}

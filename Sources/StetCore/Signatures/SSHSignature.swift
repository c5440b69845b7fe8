import Crypto
import Foundation

/// An SSHSIG signature (OpenSSH `PROTOCOL.sshsig`) in the "git" namespace: the form stock
/// `git verify-commit` and `ssh-keygen -Y verify` check.
public struct SSHSignature: Sendable, Equatable {
    static let namespace = "git"
    static let magic = Array("SSHSIG".utf8)

    /// The key that made the signature, as carried inside it.
    public let publicKey: PublicKey
    /// The raw 64-byte Ed25519 signature.
    let signatureBytes: [UInt8]
    let hashAlgorithm: String

    /// Signs `message` (for a commit: the unsigned commit buffer).
    static func sign(_ message: [UInt8], with key: Curve25519.Signing.PrivateKey) throws -> SSHSignature {
        let signed = signedData(for: message, hashAlgorithm: "sha512")
        let signature = try key.signature(for: signed)
        return SSHSignature(
            publicKey: PublicKey(rawBytes: Array(key.publicKey.rawRepresentation)),
            signatureBytes: Array(signature),
            hashAlgorithm: "sha512")
    }

    /// What Ed25519 actually signs: the magic, namespace and hash of the message.
    static func signedData(for message: [UInt8], hashAlgorithm: String) -> [UInt8] {
        let digest: [UInt8] =
            hashAlgorithm == "sha256" ? Array(SHA256.hash(data: message)) : Array(SHA512.hash(data: message))
        var writer = SSHWireWriter()
        writer.raw(magic)
        writer.string(namespace)
        writer.string("")
        writer.string(hashAlgorithm)
        writer.string(digest)
        return writer.bytes
    }

    /// Whether this is a valid signature of `message` by its own public key.
    public func isValid(for message: [UInt8]) -> Bool {
        guard let key = publicKey.cryptoKey else { return false }
        return key.isValidSignature(signatureBytes, for: Self.signedData(for: message, hashAlgorithm: hashAlgorithm))
    }

    /// The binary signature blob.
    var blob: [UInt8] {
        var signature = SSHWireWriter()
        signature.string("ssh-ed25519")
        signature.string(signatureBytes)
        var writer = SSHWireWriter()
        writer.raw(Self.magic)
        writer.uint32(1)
        writer.string(publicKey.wireBlob)
        writer.string(Self.namespace)
        writer.string("")
        writer.string(hashAlgorithm)
        writer.string(signature.bytes)
        return writer.bytes
    }

    /// The armored text, without a final newline (libgit2 indents it into the `gpgsig` header).
    public var armored: String {
        // Built as bytes: a verification armors every event's signature to compare the commit.
        let base64 = Array(Data(blob).base64EncodedData())
        var bytes = Array(Self.armorBegin.utf8)
        bytes.reserveCapacity(base64.count + base64.count / 70 + 64)
        var index = 0
        while index < base64.count {
            bytes.append(0x0a)
            bytes += base64[index..<min(index + 70, base64.count)]
            index += 70
        }
        bytes.append(0x0a)
        bytes += Self.armorEnd.utf8
        return String(decoding: bytes, as: UTF8.self)
    }

    static let armorBegin = "-----BEGIN SSH SIGNATURE-----"
    static let armorEnd = "-----END SSH SIGNATURE-----"

    init(publicKey: PublicKey, signatureBytes: [UInt8], hashAlgorithm: String) {
        self.publicKey = publicKey
        self.signatureBytes = signatureBytes
        self.hashAlgorithm = hashAlgorithm
    }

    /// Parses an armored SSHSIG; nil when it is not one Stet can check (other namespaces,
    /// key types or hash algorithms included).
    public init?(armored text: String) {
        // Split and trimmed as bytes: this runs for every event a verification replays.
        let lines = Array(text.utf8).split(whereSeparator: { $0 == 0x0a || $0 == 0x0d }).map(Self.trimmed)
        guard lines.count >= 2, lines[0].elementsEqual(Self.armorBegin.utf8),
            lines[lines.count - 1].elementsEqual(Self.armorEnd.utf8)
        else { return nil }
        var base64: [UInt8] = []
        for line in lines.dropFirst().dropLast() { base64 += line }
        guard let blob = Data(base64Encoded: Data(base64)) else { return nil }
        var reader = SSHWireReader(Array(blob))
        guard reader.raw(count: 6) == Self.magic, reader.uint32() == 1,
            let keyBlob = reader.string(), reader.text() == Self.namespace, reader.string() != nil,
            let hash = reader.text(), hash == "sha512" || hash == "sha256",
            let signatureBlob = reader.string(), reader.isAtEnd
        else { return nil }
        var keyReader = SSHWireReader(keyBlob)
        guard keyReader.text() == "ssh-ed25519", let key = keyReader.string(), key.count == 32, keyReader.isAtEnd
        else { return nil }
        var signatureReader = SSHWireReader(signatureBlob)
        guard signatureReader.text() == "ssh-ed25519", let bytes = signatureReader.string(), bytes.count == 64,
            signatureReader.isAtEnd
        else { return nil }
        self.init(publicKey: PublicKey(rawBytes: key), signatureBytes: bytes, hashAlgorithm: hash)
    }

    /// A line without the spaces and tabs around it.
    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = line.startIndex
        var end = line.endIndex
        while start < end && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        while end > start && (line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
        return line[start..<end]
    }
}

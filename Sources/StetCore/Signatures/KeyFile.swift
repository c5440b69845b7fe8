import Crypto
import Foundation
import _CryptoExtras

/// A user's private signing key, kept in their key folder and sealed under a passphrase.
///
/// The file is JSON: the public key in the clear, the private key sealed with ChaCha20-Poly1305
/// under a key derived from the passphrase by scrypt. The user id and public key are bound
/// into the seal as authenticated data, so neither can be swapped without the passphrase.
public struct KeyFile: Codable, Sendable {
    /// Fewest characters a passphrase may have.
    public static let minimumPassphraseLength = 10
    static let currentFormat = "stet-key-1"

    var format: String
    var user: String
    var publicKey: String
    var kdf: KDFParameters
    var cipher: String
    var sealed: String

    public struct KDFParameters: Codable, Hashable, Sendable {
        var name: String
        var logN: Int
        var r: Int
        var p: Int
        var salt: String
    }

    /// Where a user's key lives in a key folder.
    public static func path(forUser user: String, home: String) -> String {
        home + "/keys/" + user + ".key"
    }

    /// Creates a new key pair for `user`, writes the sealed private key (mode 0600) and returns
    /// the public key.
    public static func generate(
        user: String, passphrase: String, home: String, derivation: KeyDerivation = .scrypt
    ) throws(StetError) -> PublicKey {
        let user = try Identifier.user(user)
        try Passphrase.check(passphrase)
        try KeyFolder.check(home)
        let path = path(forUser: user, home: home)
        guard !FileManager.default.fileExists(atPath: path) else { throw .keyExists(path: path) }
        let privateKey = Curve25519.Signing.PrivateKey()
        let file = try sealing(privateKey, user: user, passphrase: passphrase, path: path, derivation: derivation)
        try file.write(to: path)
        return SigningKey(user: user, privateKey: privateKey).publicKey
    }

    /// `privateKey` sealed under `passphrase` with a fresh salt; `path` only names the file in errors.
    private static func sealing(
        _ privateKey: Curve25519.Signing.PrivateKey, user: String, passphrase: String, path: String,
        derivation: KeyDerivation
    ) throws(StetError) -> KeyFile {
        let publicKey = PublicKey(rawBytes: Array(privateKey.publicKey.rawRepresentation))
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let kdf = KDFParameters(name: "scrypt", logN: 15, r: 8, p: 1, salt: Data(salt).base64EncodedString())
        var file = KeyFile(
            format: currentFormat, user: user, publicKey: publicKey.openSSH, kdf: kdf,
            cipher: "chacha20-poly1305", sealed: "")
        do {
            let key = try file.derivedKey(passphrase: passphrase, derivation: derivation)
            let box = try ChaChaPoly.seal(privateKey.rawRepresentation, using: key, authenticating: file.associatedData)
            file.sealed = box.combined.base64EncodedString()
        } catch {
            throw .keyFileInvalid(path: path, reason: "sealing failed: \(error)")
        }
        return file
    }

    /// Seals `user`'s key under a new passphrase: the same key, so nothing in the store changes.
    public static func changePassphrase(
        user: String, from old: String, to new: String, home: String, derivation: KeyDerivation = .scrypt
    ) throws(StetError) {
        let key = try unlock(user: user, passphrase: old, home: home, derivation: derivation)
        try Passphrase.check(new)
        let path = path(forUser: user, home: home)
        let file = try sealing(key.privateKey, user: user, passphrase: new, path: path, derivation: derivation)
        try file.write(to: path, replacing: true)
    }

    /// Where a new key waits, while the store records it, before it replaces the user's key.
    public static func pendingPath(forUser user: String, home: String) -> String {
        path(forUser: user, home: home) + ".new"
    }

    /// A new key for `user`, sealed under `passphrase` and written beside the current one; it takes
    /// the current one's place (`adoptPending`) once the store has recorded it. Never written over
    /// a pending key already there: that one may be recorded by now (see `pendingKey`).
    public static func generatePending(
        user: String, passphrase: String, home: String, derivation: KeyDerivation = .scrypt
    ) throws(StetError) -> PublicKey {
        try Passphrase.check(passphrase)
        try KeyFolder.check(home)
        let path = pendingPath(forUser: user, home: home)
        let privateKey = Curve25519.Signing.PrivateKey()
        let file = try sealing(privateKey, user: user, passphrase: passphrase, path: path, derivation: derivation)
        try file.write(to: path)
        return SigningKey(user: user, privateKey: privateKey).publicKey
    }

    /// The public key of the new key waiting beside `user`'s key from a re-keying that did not
    /// finish; nil when none waits. Read without the passphrase (the public key is in the clear).
    public static func pendingKey(user: String, home: String) throws(StetError) -> PublicKey? {
        let path = pendingPath(forUser: user, home: home)
        guard FileSystem.status(of: path) != nil else { return nil }
        return try publicKey(at: path, user: user)
    }

    /// The public key in `user`'s key file, read without the passphrase.
    public static func publicKey(user: String, home: String) throws(StetError) -> PublicKey {
        try publicKey(at: path(forUser: user, home: home), user: user)
    }

    private static func publicKey(at path: String, user: String) throws(StetError) -> PublicKey {
        let file = try read(path: path, user: user)
        guard file.user == user, let key = try? PublicKey(openSSH: file.publicKey) else {
            throw .keyFileInvalid(path: path, reason: "it is not \(user)'s key")
        }
        return key
    }

    /// Sets aside a pending key that the store never recorded (a re-keying that stopped before
    /// the store took it): renamed, not deleted, so nothing a person made is lost.
    public static func setAsideUnrecordedPending(user: String, home: String) throws(StetError) -> String {
        let from = pendingPath(forUser: user, home: home)
        let to = from + ".unrecorded-" + String(Int(Date().timeIntervalSince1970))
        if case .failure(let failure) = FileSystem.rename(from, to: to) {
            throw .fileUnreadable(path: from, reason: "could not set the unrecorded new key aside: \(failure)")
        }
        return to
    }

    /// Runs `body` holding `user`'s re-keying lock in the key folder, so that two re-keyings of one
    /// user never interleave between writing the new key, recording it and putting it in place.
    public static func whileRekeying<T>(
        user: String, home: String, _ body: () throws(StetError) -> T
    ) throws(StetError) -> T {
        try KeyFolder.check(home)
        let folder = home + "/keys"
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lockPath = folder + "/." + user + ".rekey.lock"
        switch try FileLock.holding(lockPath, mode: 0o600, body) {
        case .success(let value): return value
        case .failure(.busy):
            throw .invalidText(
                field: "key", problem: "another re-keying of \(user) is under way; let it finish, then try again")
        case .failure(.unopenable):
            throw .fileUnreadable(path: lockPath, reason: "cannot open the re-keying lock")
        }
    }

    /// Puts the pending key in the place of the user's key: one rename, so the folder holds one or the other.
    public static func adoptPending(user: String, home: String) throws(StetError) {
        let path = path(forUser: user, home: home)
        if case .failure(let failure) = FileSystem.rename(pendingPath(forUser: user, home: home), to: path) {
            throw .fileUnreadable(path: path, reason: "could not put the new key in place: \(failure)")
        }
        Durability.syncFolder((path as NSString).deletingLastPathComponent)
    }

    /// Reads and unseals `user`'s key; refuses files others can read, tampered files and wrong passphrases.
    public static func unlock(
        user: String, passphrase: String, home: String, derivation: KeyDerivation = .scrypt
    ) throws(StetError) -> SigningKey {
        try KeyFolder.check(home)
        let path = path(forUser: user, home: home)
        let file = try read(path: path, user: user)
        guard file.user == user else {
            throw .keyFileInvalid(path: path, reason: "it belongs to '\(Text.printable(file.user))', not \(user)")
        }
        return try file.unseal(passphrase: passphrase, path: path, derivation: derivation)
    }

    /// Decodes a key file's bytes and checks everything that can be checked without the passphrase.
    ///
    /// `path` only names the file in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws(StetError) -> KeyFile {
        guard bytes.count <= Limits.keyFileSize,
            let file = try? JSONDecoder().decode(KeyFile.self, from: Data(bytes)), file.format == currentFormat
        else {
            throw .keyFileInvalid(path: path, reason: "it is not a Stet key file (truncated or edited?)")
        }
        // The bounds keep a tampered file from making an unlock take gigabytes or minutes.
        guard file.kdf.name == "scrypt", acceptedLogN.contains(file.kdf.logN), file.kdf.r == 8,
            (1...4).contains(file.kdf.p), file.cipher == "chacha20-poly1305"
        else {
            throw .keyFileInvalid(path: path, reason: "it uses unsupported or unsafe parameters")
        }
        guard (try? Identifier.user(file.user)) != nil else {
            throw .keyFileInvalid(path: path, reason: "its user id is malformed")
        }
        guard (try? PublicKey(openSSH: file.publicKey)) != nil else {
            throw .keyFileInvalid(path: path, reason: "its public key is malformed")
        }
        guard let salt = Data(base64Encoded: file.kdf.salt), salt.count >= 16 else {
            throw .keyFileInvalid(path: path, reason: "its salt is malformed")
        }
        guard let sealed = Data(base64Encoded: file.sealed), (try? ChaChaPoly.SealedBox(combined: sealed)) != nil
        else {
            throw .keyFileInvalid(path: path, reason: "its sealed key is malformed")
        }
        return file
    }

    /// The user the file says it belongs to.
    public var owner: String { user }

    /// Unseals the private key; a tampered file and a wrong passphrase both fail the AEAD.
    public func unseal(
        passphrase: String, path: String, derivation: KeyDerivation = .scrypt
    ) throws(StetError) -> SigningKey {
        let publicKey: PublicKey
        do { publicKey = try PublicKey(openSSH: self.publicKey) } catch {
            throw .keyFileInvalid(path: path, reason: "its public key is malformed")
        }
        guard let sealed = Data(base64Encoded: sealed), let box = try? ChaChaPoly.SealedBox(combined: sealed) else {
            throw .keyFileInvalid(path: path, reason: "its sealed key is malformed")
        }
        let key: SymmetricKey
        do { key = try derivedKey(passphrase: passphrase, derivation: derivation) } catch {
            throw .keyFileInvalid(path: path, reason: "its key derivation parameters are not usable")
        }
        guard let raw = try? ChaChaPoly.open(box, using: key, authenticating: associatedData) else {
            throw .wrongPassphrase(user: user)
        }
        guard let privateKey = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw),
            Array(privateKey.publicKey.rawRepresentation) == publicKey.rawBytes
        else {
            throw .keyFileInvalid(path: path, reason: "its private and public keys do not match")
        }
        return SigningKey(user: user, privateKey: privateKey)
    }

    /// Largest key file accepted; real ones are under 1 KiB.
    /// scrypt cost factors accepted: 2^14 (16 MiB) to 2^18 (256 MiB) with r = 8; Stet writes 2^15.
    static let acceptedLogN = 14...18

    private static func read(path: String, user: String) throws(StetError) -> KeyFile {
        // The path itself: a key file is never a link, which could lead to a file someone else controls.
        guard let status = FileSystem.status(of: path) else { throw .keyMissing(user: user, path: path) }
        guard status.kind != .link else {
            throw .keyFileInvalid(
                path: path, reason: "it is a symbolic link; keep the key file itself in the key folder")
        }
        if status.permissions & 0o077 != 0 {
            throw .keyFileExposed(path: path, mode: String(status.permissions & 0o777, radix: 8))
        }
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(
                path, limit: Limits.keyFileSize, within: (path as NSString).deletingLastPathComponent,
                followingLinks: false)
        } catch {
            if case .fileUnreadable(_, let reason) = error { throw .keyFileInvalid(path: path, reason: reason) }
            throw .keyFileInvalid(path: path, reason: "it is larger than \(Limits.keyFileSize / 1024) KiB")
        }
        return try parse(bytes, path: path)
    }

    private var associatedData: Data { Data("\(format)\n\(user)\n\(publicKey)".utf8) }

    private func derivedKey(passphrase: String, derivation: KeyDerivation) throws -> SymmetricKey {
        SymmetricKey(data: try derivation.derive(passphrase, kdf))
    }

    private func write(to path: String, replacing: Bool = false) throws(StetError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .fileUnreadable(path: folder, reason: "cannot create the key folder: \(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(self) else {
            throw .keyFileInvalid(path: path, reason: "could not be encoded")
        }
        data.append(0x0a)
        // Written whole and synced, then linked into place: a crash leaves either no key or a
        // complete one, and a link never replaces a key that appeared meanwhile. Replacing (the
        // same key under a new passphrase), it is renamed over the old one at once.
        switch AtomicFile.replace(path, with: Array(data), mode: 0o600, replacing: replacing, durable: true) {
        case .success: return
        case .failure(.exists): throw .keyExists(path: path)
        case .failure(.system(let reason)):
            throw .fileUnreadable(path: path, reason: "could not write the key file: \(reason)")
        }
    }
}

/// A user's unlocked private key, held in memory for one command.
public struct SigningKey {
    /// The user the key belongs to.
    public let user: String
    let privateKey: Curve25519.Signing.PrivateKey

    init(user: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.user = user
        self.privateKey = privateKey
    }

    /// The matching public key.
    public var publicKey: PublicKey { PublicKey(rawBytes: Array(privateKey.publicKey.rawRepresentation)) }

    /// Signs `message` as an SSHSIG in the "git" namespace.
    func sign(_ message: [UInt8]) throws(StetError) -> SSHSignature {
        do { return try SSHSignature.sign(message, with: privateKey) } catch {
            throw .system("signing failed: \(error)")
        }
    }

    /// A key for tests and tools that make keys in memory.
    public static func generate(user: String) -> SigningKey {
        SigningKey(user: user, privateKey: Curve25519.Signing.PrivateKey())
    }
}

/// Turns a passphrase into the key that seals a key file: scrypt with the file's parameters.
///
/// Deliberately slow. Tests that unlock the same key hundreds of times may remember results
/// (`KeyDerivation(derive:)`); every other check on the file, and the seal itself, still runs.
public struct KeyDerivation: Sendable {
    public let derive: @Sendable (_ passphrase: String, _ parameters: KeyFile.KDFParameters) throws -> [UInt8]

    public init(derive: @escaping @Sendable (String, KeyFile.KDFParameters) throws -> [UInt8]) {
        self.derive = derive
    }

    public static let scrypt = KeyDerivation { passphrase, kdf in
        guard let salt = Data(base64Encoded: kdf.salt), salt.count >= 16 else {
            throw StetError.keyFileInvalid(path: "key file", reason: "bad salt")
        }
        let rounds = 1 << kdf.logN
        return try KDF.Scrypt.deriveKey(
            from: Array(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: kdf.r,
            parallelism: kdf.p, maxMemory: 256 * rounds * kdf.r * kdf.p
        ).withUnsafeBytes { Array($0) }
    }
}

import CLibgit2

/// A git object id (SHA-1), as libgit2 holds it.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    var raw: git_oid

    init(_ raw: git_oid) { self.raw = raw }

    /// Parses a full 40-digit hexadecimal object id; nil when it is not one.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
        var oid = git_oid()
        guard git_oid_fromstr(&oid, hex) == 0 else { return nil }
        raw = oid
    }

    /// Parses 40 hexadecimal digits given as bytes (as a commit's headers hold them); nil when
    /// they are not.
    public init?(hexDigits digits: ArraySlice<UInt8>) {
        guard digits.count == 40 else { return nil }
        func nibble(_ digit: UInt8) -> UInt8? {
            switch digit {
            case 0x30...0x39: digit - 0x30
            case 0x61...0x66: digit - 0x61 + 10
            case 0x41...0x46: digit - 0x41 + 10
            default: nil
            }
        }
        var oid = git_oid()
        let parsed = withUnsafeMutableBytes(of: &oid.id) { target -> Bool in
            var index = digits.startIndex
            for position in 0..<20 {
                guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return false }
                target[position] = high << 4 | low
                index += 2
            }
            return true
        }
        guard parsed else { return nil }
        raw = oid
    }

    /// The id whose 20 bytes are `bytes`; nil when there are not 20.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { target in
            for index in 0..<20 { target[index] = bytes[index] }
        }
        raw = oid
    }

    /// The id whose 20 bytes are `bytes`, which must be 20 (as a tree holds them).
    init(rawBytes bytes: UnsafeRawBufferPointer) {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { $0.copyMemory(from: bytes) }
        raw = oid
    }

    /// The 40-digit lowercase hexadecimal form.
    public var hex: String {
        var oid = raw
        var buffer = [UInt8](repeating: 0, count: 41)
        buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.withMemoryRebound(to: CChar.self) { _ = git_oid_tostr($0.baseAddress, 41, &oid) }
        }
        return String(decoding: buffer.prefix(40), as: UTF8.self)
    }

    public var description: String { hex }

    /// The first seven digits, as git abbreviates ids for people.
    public var short: String { String(hex.prefix(7)) }

    public static func == (lhs: ObjectID, rhs: ObjectID) -> Bool {
        var left = lhs.raw
        var right = rhs.raw
        return git_oid_equal(&left, &right) != 0
    }

    public func hash(into hasher: inout Hasher) {
        // All twenty bytes, as three words rather than a byte buffer (the memos are looked up at
        // every step of a replay). Not fewer: an id read from a store is not a hash until it is
        // checked, and ids sharing a prefix would otherwise collide whatever the seed.
        withUnsafeBytes(of: raw.id) { id in
            hasher.combine(id.loadUnaligned(as: UInt64.self))
            hasher.combine(id.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            hasher.combine(id.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        }
    }

    /// Appends the id's 20 bytes to `bytes`.
    func appendBytes(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: raw.id) { bytes.append(contentsOf: $0) }
    }

    /// The id git gives a blob with these bytes, computed without writing anything.
    public static func blobID(for bytes: [UInt8]) throws(GitError) -> ObjectID {
        try Libgit2.ensureInitialized()
        var oid = git_oid()
        try GitError.check(git_odb_hash(&oid, bytes, bytes.count, GIT_OBJECT_BLOB), "hash blob")
        return ObjectID(oid)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x61...0x66).contains(self) || (0x41...0x46).contains(self)
    }
}

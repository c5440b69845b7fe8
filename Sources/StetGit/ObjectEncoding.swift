import CLibgit2

/// The kinds of git object Stet writes.
public enum ObjectKind: Sendable {
    case blob, tree, commit

    var raw: git_object_t {
        switch self {
        case .blob: GIT_OBJECT_BLOB
        case .tree: GIT_OBJECT_TREE
        case .commit: GIT_OBJECT_COMMIT
        }
    }
}

/// An object's bytes with the id git gives them, ready to be written or compared.
public struct EncodedObject: Sendable {
    public let id: ObjectID
    public let kind: ObjectKind
    public let bytes: [UInt8]

    public init(kind: ObjectKind, bytes: [UInt8]) throws(GitError) {
        self.kind = kind
        self.bytes = bytes
        id = try ObjectID.hash(bytes, kind: kind)
    }

    /// An object whose id is known: `bytes` were read under `id` and checked against it, or are
    /// a folder Stet encoded (`ObjectID.derivedTreeID`).
    init(kind: ObjectKind, bytes: [UInt8], id: ObjectID) {
        self.kind = kind
        self.bytes = bytes
        self.id = id
    }
}

extension ObjectID {
    /// The id git gives an object of `kind` with these bytes, computed without writing anything.
    public static func hash(_ bytes: [UInt8], kind: ObjectKind) throws(GitError) -> ObjectID {
        try Libgit2.ensureInitialized()
        var oid = git_oid()
        try GitError.check(git_odb_hash(&oid, bytes, bytes.count, kind.raw), "hash object")
        return ObjectID(oid)
    }

    /// The id git gives a folder Stet encoded itself, hashed as every object is, with
    /// libgit2's collision-detecting SHA-1.
    static func derivedTreeID(of folder: EncodedFolder) throws(GitError) -> ObjectID {
        try hash(folder.bytes, kind: .tree)
    }

    /// The 20 raw bytes of the id, as trees hold them.
    public var bytes: [UInt8] { withUnsafeBytes(of: raw.id) { Array($0) } }
}

/// One entry of a tree as it is stored: name, mode and id.
public struct TreeEntry: Sendable, Equatable {
    /// The two modes Stet writes: a regular, non-executable file and a folder.
    public static let fileMode: UInt32 = 0o100644
    public static let folderMode: UInt32 = 0o40000

    public let name: String
    /// The mode exactly as stored (git reads some odd modes as others; this is the raw value).
    public let mode: UInt32
    public let id: ObjectID

    public init(name: String, mode: UInt32, id: ObjectID) {
        self.name = name
        self.mode = mode
        self.id = id
    }

    public var isFolder: Bool { mode == Self.folderMode }

    /// What the mode makes of the entry, in words, for reports.
    public var modeDescription: String {
        switch mode {
        case Self.fileMode: "a file"
        case Self.folderMode: "a folder"
        case 0o100755: "an executable file"
        case 0o120000: "a symbolic link"
        case 0o160000: "a submodule"
        default: "an entry of mode " + String(mode, radix: 8)
        }
    }
}

/// Git's canonical encodings of trees and commits: the one encoding Stet both writes and checks.
///
/// Objects are written from these bytes and verification hashes the bytes it expects, so an
/// object differs from Stet's in any way at all (order, modes, headers, spacing) only if its id does.
public enum ObjectEncoding {
    /// A tree's bytes: entries in git's order (names compared as bytes, a folder's name as if it
    /// ended in `/`), each `<octal mode> <name>\0<20-byte id>` (see `EncodedFolder`).
    public static func tree(_ entries: [TreeEntry]) -> [UInt8] { EncodedFolder(entries).bytes }

    /// Whether `left` comes before `right` in a git tree.
    public static func gitOrder(_ left: TreeEntry, _ right: TreeEntry) -> Bool {
        var leftName = left.name
        var rightName = right.name
        return leftName.withUTF8 { a in rightName.withUTF8 { b in gitOrder(a, left.isFolder, b, right.isFolder) } }
    }

    /// Whether the entry named `left` comes before the one named `right` (as UTF-8 bytes) in a
    /// git tree: names compared as bytes, a folder's as if it ended in `/`.
    static func gitOrder(
        _ left: UnsafeBufferPointer<UInt8>, _ leftIsFolder: Bool, _ right: UnsafeBufferPointer<UInt8>,
        _ rightIsFolder: Bool
    ) -> Bool {
        // As git's `base_name_compare`: after the common length, the next byte, or for a name
        // that ended, '/' for a folder and 0 for anything else.
        let common = min(left.count, right.count)
        for index in 0..<common where left[index] != right[index] { return left[index] < right[index] }
        let leftNext: UInt8 = left.count > common ? left[common] : leftIsFolder ? 0x2f : 0
        let rightNext: UInt8 = right.count > common ? right[common] : rightIsFolder ? 0x2f : 0
        return leftNext < rightNext
    }

    /// The header line of an author or committer: `<name> <<email>> <seconds> <±hhmm>`.
    ///
    /// Git ends a name at the first `<`, so angle brackets in a printed name are written as
    /// `‹` and `›`; the exact name stays in the event's trailers.
    public static func identity(_ person: Person) -> String {
        let name =
            person.name.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") })
            ? String(person.name.map { $0 == "<" ? "‹" : $0 == ">" ? "›" : $0 }) : person.name
        let offset = abs(person.offsetMinutes)
        let hours = offset / 60
        let minutes = offset % 60
        let zone =
            (person.offsetMinutes < 0 ? "-" : "+") + (hours < 10 ? "0" : "") + String(hours) + (minutes < 10 ? "0" : "")
            + String(minutes)
        return "\(name) <\(person.email)> \(person.time) \(zone)"
    }

    /// A commit's bytes without its signature: what the signature signs.
    public static func unsignedCommit(
        tree: ObjectID, parent: ObjectID?, author: Person, committer: Person, message: String
    ) -> [UInt8] {
        // Appended as bytes: a verification builds this for every event it replays.
        let authorLine = identity(author)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(message.utf8.count + 2 * authorLine.utf8.count + 128)
        bytes += "tree ".utf8
        bytes += tree.hex.utf8
        if let parent {
            bytes += "\nparent ".utf8
            bytes += parent.hex.utf8
        }
        bytes += "\nauthor ".utf8
        bytes += authorLine.utf8
        bytes += "\ncommitter ".utf8
        // The same person (compared as bytes: `==` on strings equates canonically equivalent
        // spellings, which git writes differently) is one identity line twice.
        let samePerson =
            committer.name.utf8.elementsEqual(author.name.utf8) && committer.email.utf8.elementsEqual(author.email.utf8)
            && committer.time == author.time && committer.offsetMinutes == author.offsetMinutes
        bytes += (samePerson ? authorLine : identity(committer)).utf8
        bytes += "\n\n".utf8
        bytes += message.utf8
        return bytes
    }

    /// A signed commit's bytes: the unsigned commit with a `gpgsig` header after the committer,
    /// each further line of the armored signature indented by one space.
    public static func signedCommit(unsigned: [UInt8], signature armored: String) -> [UInt8] {
        let separator = firstBlankLine(in: unsigned) ?? unsigned.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(unsigned.count + armored.utf8.count + armored.utf8.count / 64 + 16)
        bytes += unsigned[..<separator]
        bytes += "gpgsig ".utf8
        for byte in armored.utf8 {
            bytes.append(byte)
            if byte == 0x0a { bytes.append(0x20) }
        }
        bytes.append(0x0a)
        bytes += unsigned[separator...]
        return bytes
    }

    /// Where the headers end: the index just after the newline that ends the last header.
    static func firstBlankLine(in bytes: [UInt8]) -> Int? {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x0a && bytes[index + 1] == 0x0a { return index + 1 }
            index += 1
        }
        return nil
    }

    /// How many bytes of a commit are headers (up to and including the newline before the blank line).
    /// The first `parent` of a commit, read from its header; nil for a root commit.
    static func firstParent(ofCommit bytes: UnsafeBufferPointer<UInt8>) -> ObjectID? {
        var lineStart = 0
        while lineStart < bytes.count, bytes[lineStart] != 0x0a {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0a { lineEnd += 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            if line.count == 47, line.starts(with: "parent ".utf8) {
                return ObjectID(hex: String(decoding: line.dropFirst(7), as: UTF8.self))
            }
            // Headers come tree, parents, author, …: past the parents, there is none.
            if !line.starts(with: "tree ".utf8) && !line.starts(with: "parent ".utf8) { return nil }
            lineStart = lineEnd + 1
        }
        return nil
    }

    public static func headerLength(ofCommit bytes: [UInt8]) -> Int {
        firstBlankLine(in: bytes) ?? bytes.count
    }

    /// The names of a commit's headers in order (continuation lines left out): for naming what
    /// an unexpected commit carries.
    public static func headerNames(ofCommit bytes: [UInt8]) -> [String] {
        let end = firstBlankLine(in: bytes) ?? bytes.count
        return bytes[..<end].split(separator: 0x0a).compactMap { line in
            guard let first = line.first, first != 0x20 else { return nil }
            return String(decoding: line.prefix { $0 != 0x20 }, as: UTF8.self)
        }
    }
}

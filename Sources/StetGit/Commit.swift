import CLibgit2

/// A commit's fields, copied out of libgit2.
public struct Commit: Sendable {
    public let id: ObjectID
    public let treeID: ObjectID
    public let parentIDs: [ObjectID]
    /// The message exactly as stored.
    public let message: String
    public let author: Person
    public let committer: Person

    init(handle: OpaquePointer, id: ObjectID) {
        self.id = id
        treeID = ObjectID(git_commit_tree_id(handle).pointee)
        parentIDs = (0..<git_commit_parentcount(handle)).map { ObjectID(git_commit_parent_id(handle, $0).pointee) }
        message = git_commit_message_raw(handle).map { String(cString: $0) } ?? ""
        author = Person(git_commit_author(handle).pointee)
        committer = Person(git_commit_committer(handle).pointee)
    }
}

/// A commit as stored: its exact bytes (checked against its id by libgit2 when read) with the
/// fields read from them in one pass, for a reader that compares whole commits byte for byte.
public struct StoredCommit: Sendable {
    public let commit: Commit
    public let bytes: [UInt8]
    /// Where the `gpgsig` header's lines are in `bytes` (its first line's value, then each
    /// continuation line less its leading space); empty when there is none.
    private let signatureLines: [Range<Int>]
    /// Where the whole `gpgsig` header is in `bytes`, its continuation lines and last newline included.
    private let signatureHeader: Range<Int>?

    /// What the signature signs, as `git_commit_extract_signature` gives it: the commit less its
    /// `gpgsig` header. Nil when there is no signature.
    public var signedData: [UInt8]? {
        guard let signatureHeader else { return nil }
        return Array(bytes[..<signatureHeader.lowerBound]) + bytes[signatureHeader.upperBound...]
    }

    /// The `gpgsig` header's value, its continuation lines joined by newlines; nil when there is none.
    public var signature: String? {
        guard !signatureLines.isEmpty else { return nil }
        var text: [UInt8] = []
        for (index, line) in signatureLines.enumerated() {
            if index > 0 { text.append(0x0a) }
            text += bytes[line]
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads `commit` once its bytes hash to its id (`CommitBytes.verified`); nil as below.
    public init?(checking commit: CommitBytes) throws(GitError) {
        self.init(id: commit.id, bytes: try commit.verified())
    }

    /// Reads the headers git writes (`tree`, `parent`s, `author`, `committer`, then any others
    /// with their continuation lines) and the message, from bytes already checked against `id`;
    /// nil for anything else, which a caller reads through libgit2 instead.
    init?(id: ObjectID, bytes: [UInt8]) {
        var index = 0
        func line() -> ArraySlice<UInt8>? {
            guard let end = bytes[index...].firstIndex(of: 0x0a) else { return nil }
            defer { index = end + 1 }
            return bytes[index..<end]
        }
        func value(_ line: ArraySlice<UInt8>, after name: String) -> ArraySlice<UInt8>? {
            let length = name.utf8.count
            guard line.count > length, line.starts(with: name.utf8), line[line.startIndex + length] == 0x20 else {
                return nil
            }
            return line.dropFirst(length + 1)
        }
        guard let treeLine = line(), let treeHex = value(treeLine, after: "tree"),
            let tree = ObjectID(hexDigits: treeHex)
        else { return nil }
        var parents: [ObjectID] = []
        var next = line()
        while let current = next, let hex = value(current, after: "parent") {
            guard let parent = ObjectID(hexDigits: hex) else { return nil }
            parents.append(parent)
            next = line()
        }
        guard let authorLine = next, let authorText = value(authorLine, after: "author"),
            let author = Person(identity: authorText),
            let committerLine = line(), let committerText = value(committerLine, after: "committer"),
            let committer = Person(identity: committerText)
        else { return nil }
        var signatureLines: [Range<Int>] = []
        var signatureHeader: Range<Int>?
        while let header = line() {
            if header.isEmpty {
                // The message: everything after the blank line, as stored.
                let message = bytes[index...]
                guard !message.contains(0) else { return nil }
                self.commit = Commit(
                    id: id, treeID: tree, parentIDs: parents, message: String(decoding: message, as: UTF8.self),
                    author: author, committer: committer)
                self.bytes = bytes
                self.signatureLines = signatureLines
                self.signatureHeader = signatureHeader
                return
            }
            guard header.first != 0x20 else { return nil }
            if let first = value(header, after: "gpgsig") {
                guard signatureLines.isEmpty else { return nil }
                signatureLines.append(first.startIndex..<first.endIndex)
                while index < bytes.count, bytes[index] == 0x20, let continuation = line() {
                    signatureLines.append((continuation.startIndex + 1)..<continuation.endIndex)
                }
                signatureHeader = header.startIndex..<index
            } else {
                while index < bytes.count, bytes[index] == 0x20 { _ = line() }
            }
        }
        return nil
    }
}

extension Commit {
    init(id: ObjectID, treeID: ObjectID, parentIDs: [ObjectID], message: String, author: Person, committer: Person) {
        self.id = id
        self.treeID = treeID
        self.parentIDs = parentIDs
        self.message = message
        self.author = author
        self.committer = committer
    }
}

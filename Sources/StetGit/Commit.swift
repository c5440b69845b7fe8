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

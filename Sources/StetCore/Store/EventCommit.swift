import StetGit

/// The commit object Stet writes for one event: the only form an event commit may take.
///
/// Recording signs `unsigned` and writes `signed(with:)`; verification builds the same value
/// from what the rules derive and compares ids, so a commit that differs in any byte (an extra
/// header, another spelling of the author, a reformatted signature) fails.
struct EventCommit {
    let tree: ObjectID
    let parent: ObjectID?
    let event: Event
    let time: Timestamp

    /// Author and committer: the actor, at the event's time, in UTC.
    var person: Person { Person(name: event.actorName, email: event.actor, time: time.seconds) }

    /// What the signature signs.
    var unsigned: [UInt8] {
        ObjectEncoding.unsignedCommit(
            tree: tree, parent: parent, author: person, committer: person, message: event.message)
    }

    /// The commit as stored, with `signature` in its `gpgsig` header.
    func signed(with signature: SSHSignature) throws(StetError) -> EncodedObject {
        do { return try EncodedObject(kind: .commit, bytes: signedBytes(with: signature)) } catch {
            throw StetError(error)
        }
    }

    /// The bytes of `signed(with:)`, not hashed.
    func signedBytes(with signature: SSHSignature) -> [UInt8] {
        ObjectEncoding.signedCommit(unsigned: unsigned, signature: signature.armored)
    }
}

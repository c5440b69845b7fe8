import Foundation
import Testing

@testable import StetCore

/// A store's state as plain files in memory, for applying the rules without git.
struct MemoryState: StateReader {
    var files: [String: [UInt8]] = [:]

    func file(_ path: String) throws(StetError) -> [UInt8]? { files[path] }

    func names(in folder: String) throws(StetError) -> [String] {
        let prefix = folder + "/"
        return Set(
            files.keys.filter { $0.hasPrefix(prefix) }.map {
                String($0.dropFirst(prefix.count).prefix { $0 != "/" })
            }
        ).sorted()
    }

    mutating func apply(_ writes: [(path: String, bytes: [UInt8]?)]) {
        for (path, bytes) in writes { files[path] = bytes }
    }
}

/// The lifecycle rules run on a state in memory, with the cast the end-to-end tests use:
/// dana (controller); alice, amir (authors); bob (reviewer); carol, erin (approvers, erin also
/// reviews); rita (reader); sam (author, reviewer and approver). Each refusal is checked as the
/// exact error, in microseconds.
struct RuleBook {
    var state = MemoryState()
    var sequence = 0
    var time = Timestamp("2026-03-02T09:00:00Z")!
    var lastDocument: String?
    static let keys: [UserID: PublicKey] = Dictionary(
        uniqueKeysWithValues: ["dana", "alice", "amir", "bob", "carol", "erin", "rita", "sam", "zoe"].map {
            (UserID(stringLiteral: $0), SigningKey.generate(user: $0).publicKey)
        })

    init() throws {
        try record(
            .initialize(
                controller: NewUser(id: "dana", name: "Dana Whitfield", roles: [.controller], key: Self.keys["dana"]!),
                configuration: .standard), as: "dana")
        let cast: [(UserID, String, [Role])] = [
            ("alice", "Alice Moreno", [.author]), ("amir", "Amir Haddad", [.author]),
            ("bob", "Bob Lindqvist", [.reviewer]), ("carol", "Dr Carol Nguyen", [.approver]),
            ("erin", "Erin Walsh", [.approver, .reviewer]), ("rita", "Rita Costa", [.reader]),
            ("sam", "Sam Both", [.author, .reviewer, .approver]),
        ]
        for (id, name, roles) in cast {
            try record(.addUser(NewUser(id: id, name: name, roles: roles, key: Self.keys[id]!)), as: "dana")
        }
    }

    /// Applies `action` as `user` a minute after the last event; keeps what it writes.
    @discardableResult
    mutating func record(_ action: Action, as user: String) throws(StetError) -> Event {
        let outcome = try outcome(of: action, as: user)
        state.apply(outcome.writes)
        sequence += 1
        time = Timestamp(seconds: time.seconds + 60)
        lastDocument = outcome.event.document
        return outcome.event
    }

    func outcome(of action: Action, as user: String) throws(StetError) -> Outcome {
        let parent =
            sequence == 0
            ? nil
            : EventContext.Parent(
                commit: String(repeating: "\(sequence % 10)", count: 40), document: lastDocument)
        return try Lifecycle.apply(
            action, to: state, context: EventContext(actor: user, time: time, sequence: sequence + 1, parent: parent))
    }

    /// Expects `action` by `user` to be refused with exactly `error`, changing nothing.
    func expect(
        _ action: Action, as user: String, refusedWith error: StetError,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: error, sourceLocation: sourceLocation) { try outcome(of: action, as: user) }
    }

    /// Creates a draft SOP as `author` and returns its id.
    mutating func draft(_ title: String, as author: String = "alice") throws(StetError) -> DocumentID {
        try record(
            .create(type: "sop", title: title, content: Array("# \(title)\n\nText.\n".utf8), reason: "New"),
            as: author
        ).documentID!
    }

    /// Takes a draft through review and approval, ready to issue.
    mutating func approve(
        _ id: DocumentID, author: String = "alice", reviewer: String = "bob", approver: String = "carol"
    ) throws(StetError) {
        try record(
            .submit(document: id, reviewers: [try UserID(reviewer)], approvers: [try UserID(approver)]), as: author)
        try record(.review(document: id, accept: true, comment: nil), as: reviewer)
        try record(.approve(document: id, comment: nil), as: approver)
    }
}

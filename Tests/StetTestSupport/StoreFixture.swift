import Foundation
import StetCore

/// A clock tests can move forward.
///
/// Unchecked Sendable: its one mutable field is read and written only with `lock` held.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Int64

    init(_ start: String = "2026-03-02T09:00:00Z") { seconds = Timestamp(start)!.seconds }

    var now: Timestamp {
        lock.lock()
        defer { lock.unlock() }
        return Timestamp(seconds: seconds)
    }

    func advance(days: Int = 0, seconds extra: Int64 = 60) {
        lock.lock()
        seconds += Int64(days) * 86_400 + extra
        lock.unlock()
    }
}

/// A store in a temporary folder with in-memory keys for a small cast.
final class StoreFixture {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
    let clock = TestClock()
    var keys: [String: SigningKey] = [:]
    let store: Store

    /// A store of `format` (by default the one `stet init` writes), with dana, alice, bob, carol and erin.
    init(format: Int = StoreConfiguration.currentFormat) throws {
        let clock = self.clock
        let dana = SigningKey.generate(user: "dana")
        keys["dana"] = dana
        var configuration = StoreConfiguration.standard
        configuration.format = format
        store = try Store.create(
            at: folder,
            controller: NewUser(id: "dana", name: "Dana Whitfield", roles: [.controller], key: dana.publicKey),
            signedBy: dana, configuration: configuration, now: { clock.now })
        for (id, name, roles) in [
            ("alice", "Alice Moreno", [Role.author]), ("bob", "Bob Lindqvist", [.reviewer]),
            ("carol", "Dr Carol Nguyen", [.approver]), ("erin", "Erin Walsh", [.approver]),
        ] {
            let key = SigningKey.generate(user: id)
            keys[id] = key
            try record(.addUser(NewUser(id: try UserID(id), name: name, roles: roles, key: key.publicKey)), as: "dana")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    @discardableResult
    func record(_ action: Action, as user: String) throws -> RecordedEvent {
        clock.advance()
        return try store.record(action, signedBy: keys[user]!)
    }

    func release(_ id: DocumentID, effective: Day? = nil) throws {
        try record(.submit(document: id, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        try record(.review(document: id, accept: true, comment: nil), as: "bob")
        try record(.approve(document: id, comment: nil), as: "carol")
        try record(.issue(document: id, effective: effective), as: "dana")
    }
}

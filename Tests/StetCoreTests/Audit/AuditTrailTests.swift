import Foundation
import StetGit
import Testing

@testable import StetCore
@testable import StetTestSupport

@Suite("Audit trail")
struct AuditTrailTests {
    @Test(
        "Each signer's key is the one they held at the event, across a new key and new roles, verified head or not"
    )
    func signerKeysAcrossUserEvents() throws {
        let fixture = try StoreFixture()
        let created = try fixture.record(
            .create(type: "sop", title: "Hand hygiene", content: Array("# Hand hygiene\n".utf8), reason: "New"),
            as: "alice")
        let document = try #require(created.event.documentID)
        try fixture.release(document)
        let oldKey = try #require(fixture.keys["bob"]).publicKey
        let fresh = SigningKey.generate(user: "bob")
        try fixture.record(.rekeyUser(id: "bob", key: fresh.publicKey, reason: "Rotation"), as: "bob")
        fixture.keys["bob"] = fresh
        try fixture.record(.setRoles(id: "erin", roles: [.approver, .reviewer], reason: "Cover"), as: "dana")
        try fixture.record(
            .edit(document: document, content: Array("# Hand hygiene\n\nDry.\n".utf8), reason: "r"), as: "alice")
        try fixture.record(.submit(document: document, reviewers: ["bob", "erin"], approvers: ["carol"]), as: "alice")
        try fixture.record(.review(document: document, accept: true, comment: nil), as: "bob")
        try fixture.record(.review(document: document, accept: true, comment: nil), as: "erin")

        // The writing store trusts its own head: signatures stand on that verification.
        #expect(fixture.store.newestTrusted == (try fixture.store.head()))
        var trusted: [AuditRecord] = []
        try fixture.store.auditTrail { trusted.append($0) }
        // A store that does not check history checks every signature and reads every record.
        let unchecked = try Store.open(at: fixture.folder)
        unchecked.checksHistory = false
        var checked: [AuditRecord] = []
        try unchecked.auditTrail { checked.append($0) }
        #expect(trusted == checked)

        let reviews = trusted.filter { $0.event == "review" && $0.actor == "bob" }
        #expect(reviews.count == 2)
        #expect(reviews.first?.signerKey == oldKey.fingerprint)
        #expect(reviews.last?.signerKey == fresh.publicKey.fingerprint)
        #expect(trusted.allSatisfy { $0.signatureValid })
        #expect(trusted.filter { $0.actor == "erin" }.last?.signerKey != nil)
    }

    @Test("A commit kept from a walk reads as it does from the store")
    func walkedCommitsReadAsStored() throws {
        let fixture = try StoreFixture()
        let repository = fixture.store.repository
        let head = try #require(try repository.target(ofReference: "refs/heads/main"))
        var ids: [ObjectID] = []
        try EventChain(repository: repository, head: head).forEachOldestFirst { ids.append($0) }
        #expect(ids.count == 5)
        for id in ids {
            let stored = try #require(try repository.storedCommit(id))
            #expect(stored.bytes == (try repository.rawObject(id)))
            #expect((try? EncodedObject(kind: .commit, bytes: stored.bytes).id) == id)
        }
        // Each is handed over once; read again, it comes from the store.
        #expect(try repository.storedCommit(ids[0])?.bytes == (try repository.rawObject(ids[0])))
    }
}

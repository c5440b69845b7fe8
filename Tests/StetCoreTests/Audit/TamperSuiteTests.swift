import Foundation
import StetGit
import Testing

@testable import StetCore
@testable import StetTestSupport

/// Each case changes a store the way someone with write access could, with raw object writes
/// and valid keys where the attack needs them, and `verify` must fail naming the problem.
@Suite("Tamper suite")
struct TamperSuiteTests {
    let fixture: StoreFixture
    let forger: Forger
    let document: DocumentID

    /// SOP-0001 by Alice, reviewed by Bob, approved by Carol, issued by Dana.
    init() throws {
        fixture = try StoreFixture()
        forger = Forger(fixture: fixture)
        document = try require(
            try fixture.record(
                .create(
                    type: "sop", title: "Specimen rejection", content: Array("# v1\n\nReject unlabelled.\n".utf8),
                    reason: "New"),
                as: "alice"
            ).event.documentID)
        try fixture.release(document)
    }

    func expectFailure(
        _ fragments: String..., anchors: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        let report = try fixture.verify(anchors: anchors)
        #expect(!report.isClean, "verify passed a tampered store", sourceLocation: sourceLocation)
        let text = report.problems.map(\.description).joined(separator: "\n")
        for fragment in fragments {
            #expect(text.contains(fragment), "verify said:\n\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("An untampered store verifies clean, with and without an anchor")
    func clean() throws {
        let report = try fixture.verify(anchors: [try fixture.store.head().hex])
        #expect(report.isClean, "\(report.problems)")
        #expect(report.events == 10)
        #expect(report.documents == 1)
    }

    @Test("Content changed after approval is caught")
    func contentChangedAfterApproval() throws {
        try fixture.record(
            .edit(document: document, content: Array("# v2\n\nReject unlabelled.\n".utf8), reason: "v2"), as: "alice")
        try fixture.record(.submit(document: document, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        try fixture.record(.review(document: document, accept: true, comment: nil), as: "bob")
        try fixture.record(.approve(document: document, comment: nil), as: "carol")
        // Dana issues, but the issued text is not the approved text.
        let forged = Array("# v2\n\nAccept anything.\n".utf8)
        let commit = try forger.forge(.issue(document: document, effective: nil), as: "dana") { outcome in
            outcome.writes = outcome.writes.map { write in
                write.path.hasSuffix("versions/2.md") || write.path.hasPrefix("effective/")
                    ? (write.path, forged) : write
            }
        }
        try expectFailure(
            "commit \(commit.hex.prefix(12)) (SOP-0001): documents/SOP-00/SOP-0001/versions/2.md is not what the event wrote"
        )
    }

    @Test("A commit re-signed by a key that was not the signer's valid key then is caught")
    func resignedWithWrongKey() throws {
        let stranger = SigningKey.generate(user: "dana")
        let commit = try forger.forge(.retire(document: document, reason: "Obsolete"), as: "dana", signWith: stranger)
        try expectFailure(
            "commit \(commit.hex.prefix(12)) (SOP-0001): it is signed with key \(stranger.publicKey.fingerprint), which was not dana's valid key"
        )

        // Another enrolled user's valid key is not the signer's key either.
        try forger.publish(try repositoryParent(of: commit))
        try fixture.record(.edit(document: document, content: Array("# v2\n".utf8), reason: "v2"), as: "alice")
        try fixture.record(.submit(document: document, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        try fixture.record(.review(document: document, accept: true, comment: nil), as: "bob")
        let approval = try forger.forge(
            .approve(document: document, comment: nil), as: "carol", signWith: fixture.keys["dana"])
        try expectFailure(
            "commit \(approval.hex.prefix(12)) (SOP-0001): it is signed with key \(fixture.keys["dana"]!.publicKey.fingerprint), which was not carol's valid key"
        )
    }

    func repositoryParent(of id: ObjectID) throws -> ObjectID {
        try require(try forger.repository.commit(id).parentIDs.first)
    }

    @Test("An unsigned commit appended to the chain is caught")
    func unsignedCommit() throws {
        let commit = try forger.forge(.retire(document: document, reason: "Obsolete"), as: "dana", signWith: .some(nil))
        try expectFailure("commit \(commit.hex.prefix(12)) (SOP-0001): it is not signed")
    }

    @Test("An approval by the document's own author, validly signed by that author, is caught")
    func selfApprovalInjected() throws {
        let sam = SigningKey.generate(user: "sam")
        fixture.keys["sam"] = sam
        try fixture.record(
            .addUser(NewUser(id: "sam", name: "Sam Both", roles: [.author, .approver], key: sam.publicKey)), as: "dana")
        let own = try require(
            try fixture.record(
                .create(type: "sop", title: "Own", content: Array("# own\n".utf8), reason: "New"), as: "sam"
            )
            .event.documentID)
        try fixture.record(.submit(document: own, reviewers: ["bob"], approvers: ["carol"]), as: "sam")
        try fixture.record(.review(document: own, accept: true, comment: nil), as: "bob")
        // The rules would refuse Sam; the forger records Carol's approval and rewrites it as Sam's.
        let commit = try forger.forge(.approve(document: own, comment: nil), as: "carol", signWith: sam) { outcome in
            outcome.event.actor = "sam"
            outcome.event.actorName = "Sam Both"
            outcome.writes = try outcome.writes.map { write in
                guard write.path == Layout.document(own), let bytes = write.bytes else { return write }
                var record = try JSONDecoder().decode(Document.self, from: Data(bytes))
                record.working?.approvals[0].by = "sam"
                record.working?.approvers = ["sam"]
                return (write.path, StateCoding.encode(record))
            }
        }
        try expectFailure(
            "commit \(commit.hex.prefix(12)) (SOP-0002): the lifecycle rules forbid this event: sam authored this revision of SOP-0002 and cannot act as its approver"
        )
    }

    @Test("An event removed from the middle is caught, even with every later commit re-signed and the reflog erased")
    func eventRemovedFromMiddle() throws {
        try fixture.record(.edit(document: document, content: Array("# v2\n".utf8), reason: "v2"), as: "alice")
        let removed = try fixture.store.head()
        try fixture.record(.submit(document: document, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        try fixture.record(.review(document: document, accept: true, comment: nil), as: "bob")
        let before = try repositoryParent(of: removed)
        try forger.rewrite(from: before, dropping: [removed])
        try forger.eraseReflog()
        try expectFailure("(SOP-0001): the lifecycle rules forbid this event: cannot submit SOP-0001: it is effective")
    }

    @Test("The last events dropped are caught with --anchor, even with the reflog erased")
    func lastEventsDropped() throws {
        let anchor = try fixture.store.head()
        try forger.publish(try repositoryParent(of: try repositoryParent(of: anchor)))
        try forger.eraseReflog()
        #expect(try fixture.verify().isClean)
        try expectFailure(
            "anchor \(anchor.hex) is no longer in the history: events recorded up to it were dropped or rewritten",
            anchors: [anchor.hex])
        try expectFailure("is not a commit of this store", anchors: ["0123456789abcdef0123456789abcdef01234567"])
    }

    @Test("Event times out of order are caught")
    func timesOutOfOrder() throws {
        let head = try forger.repository.commit(try fixture.store.head())
        let commit = try forger.forge(
            .retire(document: document, reason: "Obsolete"), as: "dana",
            time: Timestamp(seconds: head.committer.time - 3600))
        try expectFailure("commit \(commit.hex.prefix(12)) (SOP-0001): its time")
        try expectFailure("is earlier than the event before it")
    }

    @Test("The signer registry edited outside a controller event is caught")
    func registryEdited() throws {
        let commit = try forger.forge(
            .edit(document: document, content: Array("# v2\n".utf8), reason: "v2"), as: "alice"
        ) {
            outcome in
            var alice = try require(try fixture.store.snapshot().user("alice"))
            alice.roles.append(.approver)
            outcome.writes.append((Layout.user("alice"), StateCoding.encode(alice)))
        }
        try expectFailure(
            "commit \(commit.hex.prefix(12)) (SOP-0001): it changes config/users/alice.json, which its event does not touch"
        )
    }

    @Test("A retired document made effective again without an issue event is caught")
    func retiredMadeEffective() throws {
        try fixture.record(.retire(document: document, reason: "Obsolete"), as: "dana")
        var revived = try fixture.store.snapshot().document(document)
        revived.retirement = nil
        let content = try fixture.store.snapshot().versionContent(of: document, version: 1)
        let other = try require(
            try fixture.record(
                .create(type: "sop", title: "Other", content: Array("# other\n".utf8), reason: "New"), as: "alice"
            )
            .event.documentID)
        let commit = try forger.forge(
            .edit(document: other, content: Array("# other 2\n".utf8), reason: "Edit"), as: "alice"
        ) {
            outcome in
            outcome.writes.append((Layout.document(document), StateCoding.encode(revived)))
            outcome.writes.append((Layout.effective(document), content))
        }
        #expect(try fixture.store.snapshot().effectiveContent(of: document).1 == content)
        try expectFailure(
            "commit \(commit.hex.prefix(12)) (SOP-0002): it changes documents/SOP-00/SOP-0001/document.json, which its event does not touch",
            "it changes effective/SOP-00/SOP-0001.md")
    }
}

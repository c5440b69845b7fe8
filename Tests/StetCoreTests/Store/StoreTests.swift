import Foundation
import Testing

@testable import StetCore
@testable import StetGit
@testable import StetTestSupport

@Suite("Store")
struct StoreTests {
    #if os(Linux)
        @Test("libgit2 starts without parsing the CA bundle (Stet opens no TLS connection), and still reads stores")
        func startsWithoutCABundle() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bare-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let repository = try Repository.createBare(at: folder, initialBranch: "main")
            #expect(try repository.referenceNames().isEmpty)
            #expect(GitSettings.caBundleDeferred)
        }
    #endif

    @Test(
        "A commit read once in Swift has libgit2's fields and signature; commits git would not write are left to libgit2"
    )
    func storedCommitsReadAsLibgit2Reads() throws {
        let fixture = try StoreFixture()
        let created = try fixture.record(
            .create(type: "sop", title: "Hand hygiene", content: Array("# Hand hygiene\n".utf8), reason: "New"),
            as: "alice")
        try fixture.release(try #require(created.event.documentID))
        let repository = fixture.store.repository
        var checked = 0
        try repository.forEachFirstParent(from: try #require(try repository.target(ofReference: "refs/heads/main"))) {
            commit in
            guard let stored = try? repository.storedCommit(commit), let read = try? repository.commit(commit) else {
                Issue.record("\(commit.hex) was not read")
                return false
            }
            #expect(stored.commit.treeID == read.treeID)
            #expect(stored.commit.parentIDs == read.parentIDs)
            #expect(stored.commit.message == read.message)
            #expect(stored.commit.author == read.author)
            #expect(stored.commit.committer == read.committer)
            let extracted = try? repository.extractSignature(of: commit)
            #expect(stored.signature == extracted?.signature)
            #expect(stored.signedData == extracted?.signedData)
            #expect((try? EncodedObject(kind: .commit, bytes: stored.bytes).id) == commit)
            checked += 1
            return true
        }
        #expect(checked == 10)

        let tree = try repository.commit(try #require(try repository.target(ofReference: "refs/heads/main"))).treeID
        let person = "A <a> 1700000000 +0130"
        func write(_ text: String) throws -> ObjectID {
            try repository.writeObject(try EncodedObject(kind: .commit, bytes: Array(text.utf8)))
        }
        // Another header with continuation lines: read, with libgit2's fields.
        let extra = try write(
            "tree \(tree.hex)\nauthor \(person)\ncommitter \(person)\nmergetag a\n b\n c\n\nmessage\n")
        let read = try #require(try repository.storedCommit(extra))
        #expect(read.commit.author == (try repository.commit(extra)).author)
        #expect(read.commit.author.offsetMinutes == 90)
        #expect(read.commit.message == "message\n" && read.signature == nil)
        // A signature among other headers: what it signs is the commit less that header, as
        // libgit2 gives it.
        let among = try write(
            "tree \(tree.hex)\nauthor \(person)\ncommitter \(person)\ngpgsig x\n y\nencoding UTF-8\n\nm\n")
        let signedAmong = try #require(try repository.storedCommit(among))
        #expect(signedAmong.signature == "x\ny")
        #expect(signedAmong.signedData == (try repository.extractSignature(of: among))?.signedData)
        // A NUL in the message, two signatures, a time zone missing: left to libgit2.
        for text in [
            "tree \(tree.hex)\nauthor \(person)\ncommitter \(person)\n\nmess\u{0}age\n",
            "tree \(tree.hex)\nauthor \(person)\ncommitter \(person)\ngpgsig a\ngpgsig b\n\nm\n",
            "tree \(tree.hex)\nauthor A <a> 1700000000\ncommitter \(person)\n\nm\n",
            "tree \(tree.hex)\ncommitter \(person)\n\nm\n",
        ] {
            #expect(try repository.storedCommit(try write(text)) == nil, "\(text)")
        }
    }

    @Test("Effective content follows issue dates, supersession and retirement")
    func effectiveByDate() throws {
        let fixture = try StoreFixture()
        let created = try fixture.record(
            .create(type: "sop", title: "Decontamination", content: Array("v1\n".utf8), reason: "New"), as: "alice")
        let id = try #require(created.event.documentID)
        try fixture.release(id)
        let firstDay = fixture.clock.now.day
        try fixture.record(.edit(document: id, content: Array("v2\n".utf8), reason: "Update"), as: "alice")
        let later = firstDay.adding(months: 1)
        try fixture.release(id, effective: later)

        let (current, bytes) = try fixture.store.snapshot().effectiveContent(of: id, on: firstDay)
        #expect(current.version == 1)
        #expect(bytes == Array("v1\n".utf8))
        #expect(try fixture.store.snapshot().effectiveContent(of: id, on: later).1 == Array("v2\n".utf8))
        #expect(throws: StetError.noEffectiveVersion(id.text)) {
            try fixture.store.snapshot().effectiveContent(of: id, on: Day(daysSinceEpoch: firstDay.daysSinceEpoch - 1))
        }
        let document = try fixture.store.snapshot().document(id)
        #expect(document.state(on: firstDay) == .effective)
        #expect(document.nextReview(on: later, intervalMonths: 24) == later.adding(months: 24))

        try fixture.record(.retire(document: id, reason: "Obsolete"), as: "dana")
        #expect(throws: StetError.noEffectiveVersion(id.text)) {
            try fixture.store.snapshot().effectiveContent(of: id, on: later)
        }
        #expect(try fixture.store.snapshot().versionContent(of: id, version: 1) == Array("v1\n".utf8))
        #expect(try fixture.store.verify().isClean)
    }

    @Test("A format-2 store keeps format 2: no clause tags or links, and one person may review and approve")
    func formatTwoStoreKept() throws {
        let older = try StoreFixture(format: 2)
        let maya = SigningKey.generate(user: "maya")
        older.keys["maya"] = maya
        try older.record(
            .addUser(NewUser(id: "maya", name: "Maya Patel", roles: [.reviewer, .approver], key: maya.publicKey)),
            as: "dana")
        let created = try older.record(
            .create(
                type: "sop", title: "Old", content: Array("# Old\n<!-- [13485:4.2.4] -->\n".utf8), reason: "New"),
            as: "alice")
        #expect(created.event.written(.clauses) == nil)
        let id = try #require(created.event.documentID)
        try older.record(.submit(document: id, reviewers: ["maya"], approvers: ["maya"]), as: "alice")
        #expect(
            throws: StetError.invalidText(
                field: "reviewer may approve",
                problem: "a store of format 2 has no such setting (stores of format 3 on do)")
        ) {
            try older.record(.changeType(name: "sop", changes: .init(reviewerMayApprove: true)), as: "dana")
        }
        let other = try #require(
            try older.record(
                .create(type: "sop", title: "Form", content: Array("# Form\n".utf8), reason: "New"), as: "alice"
            ).event.documentID)
        #expect(
            throws: StetError.invalidText(
                field: "part of", problem: "links between documents need a store of format 3; this one keeps its format"
            )
        ) {
            try older.record(
                .updateDocument(document: other, title: nil, owner: nil, department: nil, partOf: [id], reason: "r"),
                as: "alice")
        }
        try older.record(
            .updateDocument(document: other, title: "Form A", owner: nil, department: nil, reason: "r"), as: "alice")
        #expect(try older.store.snapshot().configuration().format == 2)
        #expect(try older.store.verify().isClean)
    }

    @Test("A document effective and retired on one day was in force that day, until its retirement")
    func inForceDuringTheDayOfRetirement() throws {
        let fixture = try StoreFixture()
        let created = try fixture.record(
            .create(type: "sop", title: "Decontamination", content: Array("v1\n".utf8), reason: "New"), as: "alice")
        let id = try #require(created.event.documentID)
        try fixture.release(id)
        let day = fixture.clock.now.day
        let retired = try fixture.record(.retire(document: id, reason: "Obsolete"), as: "dana")
        #expect(throws: StetError.nothingInForce(document: id.text, day: day.description)) {
            try fixture.store.snapshot().content(of: id, .inForce(on: day))
        }
        fixture.clock.advance(days: 1)
        let shown = try fixture.store.snapshot().content(of: id, .inForce(on: day))
        #expect(shown.version == 1 && shown.bytes == Array("v1\n".utf8))
        #expect(shown.inForceUntil == retired.time)
        #expect(try fixture.store.snapshot().register(on: day, inForceOnly: true).map(\.id) == [id.text])
        let dayAfter = Day(daysSinceEpoch: day.daysSinceEpoch + 1)
        #expect(throws: StetError.nothingInForce(document: id.text, day: dayAfter.description)) {
            try fixture.store.snapshot().content(of: id, .inForce(on: dayAfter))
        }
    }

    @Test("A document's history is read through back-links, newest first, whatever else happens between")
    func historyThroughBackLinks() throws {
        let fixture = try StoreFixture()
        let one = try #require(
            try fixture.record(
                .create(type: "sop", title: "One", content: Array("1\n".utf8), reason: "New"), as: "alice"
            )
            .event.documentID)
        let two = try #require(
            try fixture.record(
                .create(type: "policy", title: "Two", content: Array("2\n".utf8), reason: "New"), as: "alice"
            )
            .event.documentID)
        try fixture.record(.edit(document: one, content: Array("1b\n".utf8), reason: "Fix"), as: "alice")
        try fixture.record(.edit(document: two, content: Array("2b\n".utf8), reason: "Fix"), as: "alice")
        try fixture.release(one)
        try fixture.record(
            .setType(
                name: "sop",
                settings: .init(title: "SOP", prefix: "SOP-", digits: 4, reviewIntervalMonths: 12, approvalsRequired: 1)
            ), as: "dana")
        let history = try fixture.store.snapshot().history(of: one)
        #expect(history.map(\.event.kind) == [.issue, .approve, .review, .submit, .edit, .create])
        #expect(history.allSatisfy { $0.event.documentID == one })
        #expect(try fixture.store.snapshot().history(of: two).map(\.event.kind) == [.edit, .create])
        #expect(throws: StetError.noSuchDocument("SOP-0404", nearest: ["SOP-0001"])) {
            try fixture.store.snapshot().history(of: "SOP-0404")
        }
        // The metadata's back-link names the previous event of the same document.
        let document = try fixture.store.snapshot().document(one)
        #expect(document.previousEvent == history[1].commit.hex)
    }

    @Test("Revoking a user stops them signing, while what they signed before still verifies")
    func revocation() throws {
        let fixture = try StoreFixture()
        let id = try #require(
            try fixture.record(.create(type: "sop", title: "T", content: Array("x\n".utf8), reason: "New"), as: "alice")
                .event.documentID)
        try fixture.record(.revokeUser(id: "alice", reason: "Left"), as: "dana")
        #expect(throws: StetError.userRevoked("alice")) {
            try fixture.record(.edit(document: id, content: Array("y\n".utf8), reason: "Change"), as: "alice")
        }
        let signers = try fixture.store.snapshot().allowedSigners()
        // Valid from enrolment to one second after the revocation.
        let alice = try #require(try fixture.store.snapshot().user("alice"))
        let until = Timestamp(seconds: try #require(alice.revocation).at.seconds + 1)
        #expect(
            signers.contains(
                "alice namespaces=\"git\",valid-after=\"\(AllowedSigners.format(alice.added))\","
                    + "valid-before=\"\(AllowedSigners.format(until))\" \(alice.keys[0].key)\n"),
            "\(signers)")
        #expect(AllowedSigners.format(until).hasPrefix("20260302") && AllowedSigners.format(until).hasSuffix("Z"))
        #expect(try fixture.store.verify().isClean)
    }

    @Test("A signing key that is not the user's registered key is refused")
    func foreignKey() throws {
        let fixture = try StoreFixture()
        let impostor = SigningKey.generate(user: "alice")
        #expect(throws: StetError.keyMismatch(user: "alice")) {
            try fixture.store.record(
                .create(type: "sop", title: "T", content: Array("x\n".utf8), reason: "New"), signedBy: impostor)
        }
    }

    @Test("Threads racing on one store each land their events exactly once")
    func racingThreads() throws {
        let fixture = try StoreFixture()
        let ids = try (0..<4).map { index in
            try #require(
                try fixture.record(
                    .create(type: "sop", title: "Doc \(index)", content: Array("0\n".utf8), reason: "New"), as: "alice"
                ).event.documentID)
        }
        let folder = fixture.folder
        let key = fixture.keys["alice"]!.privateKey.rawRepresentation
        let clock = fixture.clock
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in
            do {
                // Each thread opens its own store, as separate processes would.
                let store = try Store.open(at: folder, now: { clock.now })
                let signer = SigningKey(user: "alice", privateKey: try .init(rawRepresentation: key))
                for round in 1...5 {
                    try store.record(
                        .edit(document: ids[index], content: Array("\(round)\n".utf8), reason: "Round \(round)"),
                        signedBy: signer)
                }
            } catch {
                failures.increment()
            }
        }
        #expect(failures.value == 0)
        for id in ids {
            #expect(try fixture.store.snapshot().history(of: id).count == 6)
            #expect(try fixture.store.snapshot().draftContent(of: id) == Array("5\n".utf8))
        }
        #expect(try fixture.store.verify().isClean)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

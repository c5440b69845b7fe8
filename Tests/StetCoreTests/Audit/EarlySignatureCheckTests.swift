import Foundation
import Testing

@testable import StetCore
@testable import StetGit
@testable import StetTestSupport

/// What the walk's idle core takes as well signed is exactly what the lookahead would: a
/// signature that is good over bytes that hash to the commit's id, with the key that made it.
@Suite("Signatures checked during the walk")
struct EarlySignatureCheckTests {
    let fixture: StoreFixture

    init() throws {
        fixture = try StoreFixture()
        try fixture.record(
            .create(
                type: "sop", title: "Specimen reception", content: Array("# v1\n\nLabel it.\n".utf8), reason: "New"),
            as: "alice")
    }

    var repository: Repository { fixture.store.repository }

    @Test("A good signature gives its signer's key; altered bytes, another id or an unsigned commit give none")
    func onlyGoodSignaturesCount() throws {
        let head = try #require(try fixture.store.headIfAny())
        let read = try repository.commitBytes(head)
        let bytes = try read.verified()
        #expect(EarlySignatureCheck.goodKey(of: read) == fixture.keys["alice"]?.publicKey.rawBytes)
        // Bytes that do not hash to the id they are read under.
        let altered = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "New", with: "Old").utf8)
        #expect(altered != bytes)
        #expect(EarlySignatureCheck.goodKey(of: CommitBytes(id: head, bytes: altered, checked: false)) == nil)
        // The same altered bytes under their own id: the signature no longer matches them.
        let alteredID = try ObjectID.hash(altered, kind: .commit)
        #expect(EarlySignatureCheck.goodKey(of: CommitBytes(id: alteredID, bytes: altered, checked: false)) == nil)
        // Good bytes under another commit's id: the signature holds, but not for that commit.
        let parent = try #require(try StoredCommit(checking: read)?.commit.parentIDs.first)
        #expect(EarlySignatureCheck.goodKey(of: CommitBytes(id: parent, bytes: bytes, checked: false)) == nil)
        // No signature at all.
        let unsigned = try #require(try StoredCommit(checking: read)?.signedData)
        let unsignedID = try ObjectID.hash(unsigned, kind: .commit)
        #expect(EarlySignatureCheck.goodKey(of: CommitBytes(id: unsignedID, bytes: unsigned, checked: false)) == nil)
    }

    @Test("What it found by the end of the walk are good signatures by their signers, and finishing twice agrees")
    func findsOnlyWhatHolds() throws {
        var commits: [ObjectID] = []
        try repository.walkFirstParents(from: try #require(try fixture.store.headIfAny())) {
            (id: ObjectID) throws(GitError) in
            commits.append(id)
            return true
        }
        let check = EarlySignatureCheck(known: [:])
        // The head's bytes under its parent's id, as a walk reading a replaced object would pass them on.
        let head = try repository.commitBytes(commits[0])
        let misplaced = CommitBytes(id: commits[1], bytes: try head.verified(), checked: false)
        check.add(misplaced)
        for id in commits.dropFirst(2) { check.add(try repository.commitBytes(id)) }
        // Time for the idle core to check them, as a walk of a long history gives it (it runs
        // only when a core is idle, so under a loaded test run it may check none).
        let deadline = Date().addingTimeInterval(10)
        while check.waiting > 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let drained = check.waiting == 0
        Thread.sleep(forTimeInterval: 0.05)
        let found = check.finish()
        #expect(found[commits[1]] == nil)
        if drained { #expect(!found.isEmpty) }
        let signers = Set(fixture.keys.values.map(\.publicKey.rawBytes))
        for (id, key) in found {
            #expect(commits.contains(id))
            #expect(signers.contains(key))
            #expect(EarlySignatureCheck.goodKey(of: try repository.commitBytes(id)) == key)
        }
        #expect(check.finish() == found)
        #expect(try fixture.store.verify().isClean)
    }
}

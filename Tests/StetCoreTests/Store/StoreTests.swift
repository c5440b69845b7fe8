import Foundation
import Testing

@testable import StetCore
@testable import StetGit

/// A clock tests can move forward.
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

    /// `store.verify`, run with each way of preparing commits (`CommitSourceKind`): every one must
    /// give the same report, problem for problem.
    func verify(
        anchors: [String] = [], since: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> VerificationReport {
        var reports: [VerificationReport] = []
        for kind in CommitSourceKind.allCases {
            store.commitSource = kind
            reports.append(try store.verify(anchors: anchors, since: since))
        }
        store.commitSource = .lookahead
        for report in reports.dropFirst() {
            #expect(
                report.problems.map(\.description) == reports[0].problems.map(\.description),
                "the commit sources disagree", sourceLocation: sourceLocation)
            #expect(
                report.notes.map(\.description) == reports[0].notes.map(\.description), sourceLocation: sourceLocation)
            #expect(
                (report.head, report.events, report.documents, report.signers, report.root)
                    == (reports[0].head, reports[0].events, reports[0].documents, reports[0].signers, reports[0].root),
                sourceLocation: sourceLocation)
        }
        return reports[0]
    }

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

    @Test("Folder ids derived by plain SHA-1 are the ids git's collision-detecting SHA-1 gives, over many trees")
    func derivedTreeIDsAreGitsIDs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ids-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let repository = try Repository.createBare(at: folder, initialBranch: "main")
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._- ")
        var base: ObjectID?
        var trees = 0
        for _ in 0..<40 {
            // A few files and folders of random names and lengths, on the tree before: sizes across
            // SHA-1's 64-byte blocks, and the folders above them changed each time.
            let changes = (0..<Int.random(in: 1...6, using: &generator)).map { _ -> (path: String, bytes: [UInt8]?) in
                let depth = Int.random(in: 1...3, using: &generator)
                let path = (0..<depth).map { _ in
                    String((0..<Int.random(in: 1...40, using: &generator)).map { _ in alphabet.randomElement()! })
                        .trimmingCharacters(in: .whitespaces)
                }
                .map { $0.isEmpty || $0 == "." || $0 == ".." ? "x" : $0 }.joined(separator: "/")
                return (path, Array("\(path) \(UInt64.random(in: 0...UInt64.max, using: &generator))".utf8))
            }
            guard let derived = try? repository.deriveTree(base: base, changes: changes) else { continue }
            for object in derived.objects where object.kind == .tree {
                #expect(try ObjectID.hash(object.bytes, kind: .tree) == object.id)
                trees += 1
            }
            try repository.write(derived)
            base = derived.id
        }
        #expect(trees > 100)
        // The empty folder, and folders emptied by removals, which disappear.
        let empty = try repository.deriveTree(base: nil, changes: [])
        #expect(empty.id.hex == "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
        let emptied = try repository.deriveTree(
            base: base, changes: try repository.entries(ofTree: #require(base)).map { ($0.name, nil) })
        #expect(emptied.id == empty.id)
        // A name longer than one SHA-1 block is hashed as git hashes it, and gives git's id.
        let long = String(repeating: "a", count: 200)
        let withLong = try repository.deriveTree(base: nil, changes: [("files/" + long, Array("x".utf8))])
        for object in withLong.objects where object.kind == .tree {
            #expect(try ObjectID.hash(object.bytes, kind: .tree) == object.id)
        }
    }

    @Test("A tree derived in memory is the one stock git writes for the same files, and is read back by path")
    func derivedTreesAreGitsTrees() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tree-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let repository = try Repository.createBare(at: folder, initialBranch: "main")
        // Names that sort differently as bytes, as folders (compared as if ending in "/") and
        // as characters; one not ASCII.
        let paths = ["b/x", "a.b", "a/c", "a-/d", "a0", "\u{e9}t\u{e9}/f", "a/c.d/e", "B"]
        let derived = try repository.deriveTree(
            base: nil, changes: paths.map { ($0, Array("content of \($0)\n".utf8)) }.reversed())
        try repository.write(derived)

        // Stock git, from an index of the same files, writes the same tree.
        func git(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", folder] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let index = ["GIT_INDEX_FILE": folder + "/test-index"]
        for path in paths {
            _ = try git(
                ["update-index", "--add", "--cacheinfo", "100644,\(try #require(derived.files[path]).hex),\(path)"],
                environment: index)
        }
        #expect(try git(["write-tree"], environment: index) == derived.id.hex)

        // Found again by path, from the folders remembered while deriving (nothing read) and
        // from the object database alike.
        let remembered = try repository.rememberedTree(derived.id)
        let reopened = try Repository.openBare(at: folder).tree(derived.id)
        for tree in [remembered, reopened] {
            for path in paths {
                #expect(try tree.entry(at: path)?.id == derived.files[path], "\(path)")
            }
            for missing in ["a//c", "/a", "a/", "", "a/c/x", "b/x/y", "c"] {
                #expect(try tree.entry(at: missing) == nil, "\(missing)")
            }
            #expect(try tree.entry(at: "\u{e9}t\u{e9}")?.isFolder == true)
            #expect(try tree.names(in: "") == ["B", "a-", "a.b", "a", "a0", "b", "\u{e9}t\u{e9}"])
        }
        // An encoding of entries out of order is the ordered one.
        let entries = try repository.entries(ofTree: derived.id)
        #expect(ObjectEncoding.tree(entries.reversed()) == ObjectEncoding.tree(entries))
        #expect(try ObjectID.hash(ObjectEncoding.tree(entries), kind: .tree) == derived.id)
    }

    @Test("A derivation names the files it replaced and forgets what it replaced; the old tree still reads the same")
    func derivationForgetsWhatItReplaced() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forget-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let repository = try Repository.createBare(at: folder, initialBranch: "main")
        let big = Array(repeating: UInt8(ascii: "x"), count: 4096)
        let base = try repository.deriveTree(
            base: nil,
            changes: [
                ("d/record.json", Array("{\"v\":1}".utf8)), ("d/draft.md", big), ("d/kept.md", Array("kept".utf8)),
                ("e/copy.md", Array("old copy".utf8)),
            ])
        try repository.write(base)
        #expect(base.replacedFiles.isEmpty)
        // The draft issued as a version (the same bytes, so not replaced), the record and the
        // copy overwritten.
        let next = try repository.deriveTree(
            base: base.id,
            changes: [
                ("d/record.json", Array("{\"v\":2}".utf8)), ("d/draft.md", nil), ("d/versions/1.md", big),
                ("e/copy.md", big),
            ])
        let record = try #require(base.files["d/record.json"])
        #expect(Set(next.replacedFiles) == Set([record, try #require(base.files["e/copy.md"])]))
        // Forgotten: the record, the folders replaced; kept: the draft's bytes, now the version's.
        #expect(!repository.remembers(blob: record))
        #expect(repository.remembers(blob: try #require(base.files["d/draft.md"])))
        let replacedFolders = base.folders.map(\.id)
        #expect(replacedFolders.count == 3)
        for id in replacedFolders { #expect(!repository.remembers(folderOfTree: id)) }
        for folder in next.folders { #expect(repository.remembers(folderOfTree: folder.id)) }
        // What was forgotten is read from the store: the same answers.
        let old = try repository.rememberedTree(base.id)
        for (path, id) in base.files { #expect(try old.entry(at: path)?.id == id, "\(path)") }
        #expect(try repository.blob(try #require(base.files["d/record.json"])) == Array("{\"v\":1}".utf8))
        let new = try repository.rememberedTree(next.id)
        #expect(try new.entry(at: "d/versions/1.md")?.id == base.files["d/draft.md"])
        #expect(try new.entry(at: "d/draft.md") == nil)
        #expect(try new.entry(at: "d/kept.md")?.id == base.files["d/kept.md"])
    }

    @Test("A memo's forgotten value is gone and no longer counts against its budget")
    func memoRemoval() {
        var memo = GenerationalMemo<String, Int>(generationBudget: 10)
        memo.store(1, cost: 1, for: "kept")
        memo.store(2, cost: 8, for: "replaced")
        memo.remove("replaced")
        memo.remove("never stored")
        #expect(memo.value(for: "replaced") == nil)
        // Had the 8 still counted, the first of these would have started a generation and the
        // second another, dropping "kept".
        memo.store(3, cost: 8, for: "new")
        memo.store(4, cost: 5, for: "newer")
        #expect(memo.value(for: "kept") == 1)
        #expect(memo.value(for: "new") == 3)
        #expect(memo.value(for: "newer") == 4)
        // A key stored again while the older generation holds it is forgotten in both.
        var twice = GenerationalMemo<String, Int>(generationBudget: 10)
        twice.store(1, cost: 4, for: "a")
        twice.store(2, cost: 7, for: "b")
        twice.store(1, cost: 2, for: "a")
        twice.remove("a")
        #expect(twice.value(for: "a") == nil)
        #expect(twice.value(for: "b") == 2)
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
        #expect(created.event.clauses == nil)
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

import Foundation
import StetGit
import Testing

@testable import StetCore
@testable import StetTestSupport

/// Forgeries by an enrolled insider who holds only their own key and can write the store's
/// folder: each commit is signed exactly as Stet signs, by its own actor. `verify` must fail
/// naming the forged commit first, and nothing may be served or signed on the forged state.
@Suite("Forgeries by an insider with only their own key")
struct ForgeryTests {
    let fixture: StoreFixture
    let forger: Forger
    /// SOP-0001, effective: by Alice, reviewed by Bob, approved by Carol, issued by Dana.
    let document: DocumentID = "SOP-0001"

    init() throws {
        fixture = try StoreFixture()
        forger = Forger(fixture: fixture)
        let rita = SigningKey.generate(user: "rita")
        fixture.keys["rita"] = rita
        try fixture.record(
            .addUser(NewUser(id: "rita", name: "Rita Costa", roles: [.reader], key: rita.publicKey)), as: "dana")
        try fixture.record(
            .create(
                type: "sop", title: "Specimen reception", content: Array("# v1\n\nLabel it.\n".utf8), reason: "New"),
            as: "alice")
        try fixture.release(document)
    }

    /// The first problem names `commit` and says each fragment; a reader of the store refuses it.
    func expectCaught(
        _ commit: ObjectID, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let report = try fixture.verify()
        #expect(!report.isClean, "verify passed a forged store", sourceLocation: sourceLocation)
        #expect(report.problems.first?.commit == commit.hex, "\(report.problems)", sourceLocation: sourceLocation)
        let text = report.problems.map(\.description).joined(separator: "\n")
        for fragment in fragments {
            #expect(text.contains(fragment), "verify said:\n\(text)", sourceLocation: sourceLocation)
        }
        try expectServingRefused(sourceLocation: sourceLocation)
    }

    /// A fresh reader (as `show`, `status`, `list` and `render` open the store) refuses the head.
    func expectServingRefused(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let clock = fixture.clock
        let reader = try Store.open(at: fixture.folder, now: { clock.now })
        do {
            try reader.pinVerifiedHead()
            Issue.record("the forged head was served", sourceLocation: sourceLocation)
        } catch {
            guard case .untrustedHistory = error else {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
                return
            }
        }
    }

    var ack: Action { .acknowledge(document: document) }

    func user(_ id: UserID) throws -> User { try require(try fixture.store.snapshot().user(id)) }

    // MARK: Rights smuggled into one's own event

    @Test("A reader who gives herself the controller role in her own acknowledgement, then retires an SOP")
    func readerBecomesController() throws {
        let forged = try forger.forge(ack, as: "rita") { outcome in
            var rita = try user("rita")
            rita.roles = [.controller, .reader]
            outcome.writes.append((Layout.user("rita"), StateCoding.encode(rita)))
        }
        // On the forged state the rules let her retire: the retirement itself is "valid".
        try forger.forge(.retire(document: document, reason: "Obsolete"), as: "rita")
        try expectCaught(
            forged, "it changes config/users/rita.json, which its event does not touch",
            "the 1 event(s) after it were not replayed")
    }

    @Test("An author who records a review and an approval nobody signed; the controller cannot issue on it")
    func authorForgesSignoffs() throws {
        try fixture.record(
            .edit(document: document, content: Array("# v2\n\nLabel it twice.\n".utf8), reason: "v2"), as: "alice")
        try fixture.record(.submit(document: document, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        let forged = try forger.forge(ack, as: "alice") { outcome in
            outcome.writes = outcome.writes.map { write in
                guard write.path == Layout.document(document), let bytes = write.bytes else { return write }
                var record = try! JSONDecoder().decode(Document.self, from: Data(bytes))
                let hash = record.working!.contentHash
                record.working!.reviews = [.init(by: "bob", at: fixture.clock.now, contentHash: hash, comment: nil)]
                record.working!.approvals = [.init(by: "carol", at: fixture.clock.now, contentHash: hash, comment: nil)]
                record.working!.state = .approved
                return (write.path, StateCoding.encode(record))
            }
        }
        try expectCaught(forged, "documents/SOP-00/SOP-0001/document.json is not what the event wrote")
        #expect(throws: StetError.self) { try fixture.record(.issue(document: document, effective: nil), as: "dana") }
        #expect(try forger.head() == forged, "the controller signed on a forged state")
    }

    @Test("A reader who changes another document's title, approver and effective date in her own event")
    func readerChangesAnotherDocument() throws {
        let other = try require(
            try fixture.record(
                .create(type: "sop", title: "Other", content: Array("# other\n".utf8), reason: "New"), as: "alice"
            ).event.documentID)
        try fixture.release(other)
        let forged = try forger.forge(ack, as: "rita") { outcome in
            var record = try fixture.store.snapshot().document(other)
            record.title = "Forged title"
            record.versions[0].approvals[0].by = "erin"
            record.versions[0].effective = Day(daysSinceEpoch: record.versions[0].effective.daysSinceEpoch + 30)
            outcome.writes.append((Layout.document(other), StateCoding.encode(record)))
        }
        try expectCaught(forged, "it changes documents/SOP-00/SOP-0002/document.json, which its event does not touch")
    }

    @Test("An author who names clauses her text does not carry, or a link the event does not record")
    func clausesAndLinksNotInTheEvent() throws {
        let tagged = try forger.forge(
            .edit(document: document, content: Array("# v2\n\nLabel it twice.\n".utf8), reason: "Twice"), as: "alice"
        ) { outcome in
            guard case .edit(let header, let reason, var stored) = outcome.event.payload else { return }
            stored.clauses = ["13485:7.5.1"]
            outcome.event.payload = .edit(header, reason: reason, stored)
        }
        try expectCaught(tagged, "Stet-Clauses")
    }

    @Test("A link between documents written into a record without the event that records it")
    func linkNotInTheEvent() throws {
        let form = try require(
            try fixture.record(
                .create(type: "form", title: "Label log", content: Array("# Label log\n".utf8), reason: "New"),
                as: "alice"
            ).event.documentID)
        let forged = try forger.forge(
            .updateDocument(document: form, title: "Label log form", owner: nil, department: nil, reason: "Name"),
            as: "alice"
        ) { outcome in
            var record = try require(outcome.documents[Layout.document(form.text)])
            record.partOf = [document.text]
            outcome.writes = outcome.writes.map { write in
                write.path == Layout.document(form.text) ? (write.path, StateCoding.encode(record)) : write
            }
        }
        try expectCaught(forged, Layout.document(form.text))
    }

    @Test("One person's review and approval of a revision where the type wants two people")
    func reviewerApprovesOwnReview() throws {
        let maya = SigningKey.generate(user: "maya")
        fixture.keys["maya"] = maya
        try fixture.record(
            .addUser(NewUser(id: "maya", name: "Maya Patel", roles: [.reviewer, .approver], key: maya.publicKey)),
            as: "dana")
        try fixture.record(
            .edit(document: document, content: Array("# v2\n\nLabel it twice.\n".utf8), reason: "Twice"), as: "alice")
        let forged = try forger.forge(
            .submit(document: document, reviewers: ["maya"], approvers: ["carol"]), as: "alice"
        ) { outcome in
            guard case .submit(let header, let reviewers, _) = outcome.event.payload else { return }
            outcome.event.payload = .submit(header, reviewers: reviewers, approvers: ["maya"])
            var record = try require(outcome.documents[Layout.document(document.text)])
            record.working?.approvers = ["maya"]
            outcome.writes = outcome.writes.map { write in
                write.path == Layout.document(document.text) ? (write.path, StateCoding.encode(record)) : write
            }
        }
        try expectCaught(forged, "maya cannot both review and approve SOP-0001")
    }

    // MARK: Trees that tolerant readers see differently

    @Test("A duplicated tree entry: a second rita.json granting the controller role")
    func duplicatedEntry() throws {
        var rita = try user("rita")
        rita.roles = [.controller]
        let extra = try forger.repository.createBlob(StateCoding.encode(rita))
        let forged = try forger.forgeTree(ack, as: "rita") { tree in
            var entries = try forger.entries(in: tree, at: Layout.usersFolder)
            entries.append(TreeEntry(name: "rita.json", mode: TreeEntry.fileMode, id: extra))
            return try forger.replacingFolder(
                in: tree, at: Layout.usersFolder,
                bytes: Forger.encodeAsGiven(entries.sorted(by: ObjectEncoding.gitOrder)))
        }
        try expectCaught(forged, "config/users/rita.json appears twice in its folder")
    }

    @Test("Tree entries out of git's order")
    func reorderedEntries() throws {
        let forged = try forger.forgeTree(ack, as: "rita") { tree in
            let entries = try forger.entries(in: tree, at: Layout.usersFolder)
            return try forger.replacingFolder(
                in: tree, at: Layout.usersFolder, bytes: Forger.encodeAsGiven(entries.reversed()))
        }
        try expectCaught(forged, "the entries of config/users are not in git's order")
    }

    @Test("A file mode changed, and a folder mode written in a non-canonical spelling")
    func changedMode() throws {
        let folder = Layout.folder(document)
        let forged = try forger.forgeTree(ack, as: "rita") { tree in
            let entries = try forger.entries(in: tree, at: folder).map {
                $0.name == "document.json" ? TreeEntry(name: $0.name, mode: 0o100755, id: $0.id) : $0
            }
            return try forger.replacingFolder(in: tree, at: folder, bytes: Forger.encodeAsGiven(entries))
        }
        try expectCaught(forged, "\(Layout.document(document)) is an executable file where Stet writes a file")

        try forger.publish(try require(try forger.repository.commit(forged).parentIDs.first))
        let spelled = try forger.forgeTree(ack, as: "rita") { tree in
            let entries = try forger.entries(in: tree, at: folder)
            var bytes: [UInt8] = []
            for entry in entries {
                bytes += Array("\(entry.isFolder ? "040000" : "100644") \(entry.name)".utf8) + [0] + entry.id.bytes
            }
            return try forger.replacingFolder(in: tree, at: folder, bytes: bytes)
        }
        try expectCaught(spelled, "is not in git's canonical form")
    }

    @Test("A symbolic link where the effective copy should be, and readers refuse to follow it")
    func symlinkEntry() throws {
        let path = Layout.effective(document)
        let target = try forger.repository.createBlob(Array("../../documents/SOP-00/SOP-0001/draft.md".utf8))
        let forged = try forger.forgeTree(ack, as: "rita") { tree in
            let folder = String(path.split(separator: "/").dropLast().joined(separator: "/"))
            let entries = try forger.entries(in: tree, at: folder).map {
                $0.name == "SOP-0001.md" ? TreeEntry(name: $0.name, mode: 0o120000, id: target) : $0
            }
            return try forger.replacingFolder(in: tree, at: folder, bytes: ObjectEncoding.tree(entries))
        }
        try expectCaught(forged, "\(path) is a symbolic link where Stet writes a file")
        let state = TreeState(tree: try forger.repository.tree(try forger.repository.commit(forged).treeID))
        #expect(throws: StetError.self) { try state.file(path) }
    }

    @Test("A submodule entry added beside a document")
    func submoduleEntry() throws {
        let folder = Layout.folder(document)
        let somewhere = try forger.head()
        let forged = try forger.forgeTree(ack, as: "rita") { tree in
            var entries = try forger.entries(in: tree, at: folder)
            entries.append(TreeEntry(name: "files", mode: 0o160000, id: somewhere))
            return try forger.replacingFolder(in: tree, at: folder, bytes: ObjectEncoding.tree(entries))
        }
        try expectCaught(forged, "it changes \(folder)/files, which its event does not touch (a submodule)")
    }

    // MARK: JSON that decodes to the same, or to something else

    @Test("JSON with a duplicated key is refused by verify and by every reader")
    func duplicateKeys() throws {
        let path = Layout.document(document)
        var forgedBytes: [UInt8] = []
        let forged = try forger.forge(ack, as: "rita") { outcome in
            outcome.writes = outcome.writes.map { write in
                guard write.path == path, let bytes = write.bytes else { return write }
                let text = String(decoding: bytes, as: UTF8.self)
                forgedBytes = Array(
                    text.replacingOccurrences(
                        of: "{\n", with: "{\n  \"title\" : \"Forged\",\n", options: [],
                        range: text.startIndex..<text.index(after: text.firstIndex(of: "\n")!)
                    ).utf8)
                return (write.path, forgedBytes)
            }
        }
        try expectCaught(forged, "\(path) is not what the event wrote")
        #expect(throws: StetError.self) { try StateCoding.decode(Document.self, from: forgedBytes, path: path) }
    }

    @Test("JSON with the same meaning in other bytes is named as such")
    func nonCanonicalJSON() throws {
        let path = Layout.document(document)
        let forged = try forger.forge(ack, as: "rita") { outcome in
            outcome.writes = outcome.writes.map { write in
                guard write.path == path, let bytes = write.bytes else { return write }
                let value = try! JSONSerialization.jsonObject(with: Data(bytes))
                return (write.path, Array(try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])))
            }
        }
        try expectCaught(forged, "it means the same, but is not the exact bytes Stet writes")
    }

    // MARK: Format 2's trailers

    /// Ways an insider could make a document's history, as `log` reads it, skip or invent events.
    enum TrailerForgery: String, CaseIterable, CustomTestStringConvertible {
        case olderPreviousEvent, noPreviousEvent, noSigningKey, anotherSigningKey, formatOneMessage
        var testDescription: String { rawValue }
    }

    @Test(
        "An event that names an older previous event (hiding the ones between), none, no key or another key is caught",
        arguments: TrailerForgery.allCases)
    func formatTwoTrailers(_ forgery: TrailerForgery) throws {
        let events = try fixture.store.snapshot().history(of: document)
        #expect(events.count == 5 && events.allSatisfy(\.event.namesPreviousEvent))
        let carolKey = try require(fixture.keys["carol"]).publicKey.fingerprint
        let forged = try forger.forge(ack, as: "rita") { outcome in
            switch forgery {
            case .olderPreviousEvent: outcome.event.payload.changeHeader { $0.previousEvent = events.last!.commit.hex }
            case .noPreviousEvent: outcome.event.payload.changeHeader { $0.previousEvent = nil }
            case .noSigningKey: outcome.event.signingKey = nil
            case .anotherSigningKey: outcome.event.signingKey = carolKey
            case .formatOneMessage:
                outcome.event.payload.changeHeader { $0.previousEvent = nil }
                outcome.event.signingKey = nil
            }
        }
        let named =
            switch forgery {
            case .olderPreviousEvent, .noPreviousEvent: "it differs in Stet-Previous-Event"
            case .noSigningKey, .anotherSigningKey: "it differs in Stet-Signing-Key"
            case .formatOneMessage: "it differs in Stet-Previous-Event, Stet-Signing-Key"
            }
        try expectCaught(forged, "its message does not match the event it records", named)
    }

    @Test("A format-1 store goes on in format 1: its events name neither, an event that does is caught")
    func formatOneStore() throws {
        let older = try StoreFixture(format: 1)
        let id = try require(
            try older.record(
                .create(type: "sop", title: "Old", content: Array("# old\n".utf8), reason: "New"), as: "alice"
            ).event.documentID)
        try older.release(id)
        let history = try older.store.snapshot().history(of: id)
        #expect(history.map(\.event.kind) == [.issue, .approve, .review, .submit, .create])
        #expect(history.allSatisfy { $0.event.previousEvent == nil && $0.event.signingKey == nil })
        #expect(try older.verify().isClean)

        let forger = Forger(fixture: older)
        let forged = try forger.forge(.reaffirm(document: id, comment: "Fine"), as: "dana") { outcome in
            outcome.event.payload.changeHeader { $0.previousEvent = history[0].commit.hex }
            outcome.event.signingKey = older.keys["dana"]!.publicKey.fingerprint
        }
        let report = try older.verify()
        #expect(report.problems.first?.commit == forged.hex)
        #expect(
            report.problems.first?.message.contains("it differs in Stet-Previous-Event, Stet-Signing-Key") == true,
            "\(report.problems)")
        let clock = older.clock
        do {
            try Store.open(at: older.folder, now: { clock.now }).pinVerifiedHead()
            Issue.record("the forged head was served")
        } catch {
            guard case .untrustedHistory(let commit, _) = error, commit == forged.hex else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
    }

    @Test("A store of a format this Stet does not know is not created, verified, read or written")
    func unknownFormat() throws {
        let unknown = StoreConfiguration.supportedFormats.upperBound + 1
        let folder = fixture.folder + "-format-\(unknown)"
        var configuration = StoreConfiguration.standard
        configuration.format = unknown
        let dana = try require(fixture.keys["dana"])
        #expect(throws: StetError.unsupportedFormat(unknown)) {
            try Store.create(
                at: folder,
                controller: NewUser(id: "dana", name: "Dana Whitfield", roles: [.controller], key: dana.publicKey),
                signedBy: dana, configuration: configuration)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))

        // A head whose configuration says a later format, as a later Stet's store would: verify,
        // readers and writers refuse it by its format, even when the head is on record as verified
        // (by that later Stet, sharing this key folder).
        let head = try forger.forge(.configureStore(organisation: "Acme", timeZone: nil), as: "dana") { outcome in
            outcome.writes = outcome.writes.map { write in
                guard write.path == Layout.configuration, let bytes = write.bytes else { return write }
                var later = try! StateCoding.decode(StoreConfiguration.self, from: bytes, path: write.path)
                later.format = unknown
                return (write.path, StateCoding.encode(later))
            }
        }
        #expect(throws: StetError.unsupportedFormat(unknown)) { try fixture.verify() }
        #expect(throws: StetError.unsupportedFormat(unknown)) { try fixture.record(ack, as: "bob") }
        let home = fixture.folder + "-home"
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: home) }
        let clock = fixture.clock
        let reader = try Store.open(at: fixture.folder, now: { clock.now })
        reader.verifiedHeads = VerifiedHeads(home: home)
        reader.verifiedHeads?.record(
            head, root: try forger.root(), forStore: reader.namedPath, in: forger.repository)
        #expect(throws: StetError.unsupportedFormat(unknown)) { try reader.pinVerifiedHead() }
        #expect(throws: StetError.unsupportedFormat(unknown)) { try reader.snapshot() }
        #expect(try forger.head() == head, "something was recorded on it")
    }

    @Test("The format gate reads the format a configuration declares, in whatever layout")
    func declaredFormat() throws {
        var configuration = StoreConfiguration.standard
        for format in [0, 1, 2, 3, -1, 12_345_678_901] {
            configuration.format = format
            #expect(StoreFormat.declared(in: StateCoding.encode(configuration)) == format)
        }
        // Not in Stet's layout: the file is decoded whole; a type named "format" is not the store's.
        #expect(StoreFormat.declared(in: Array(#"{"format":3,"types":{}}"#.utf8)) == 3)
        let typed = Array(
            #"{\#n  "format" : 2,\#n  "types" : {\#n    "format" : {\#n    }\#n  }\#n}\#n"#.utf8)
        #expect(StoreFormat.declared(in: typed) == 2)
        #expect(StoreFormat.declared(in: Array("not JSON".utf8)) == nil)
    }

    // MARK: Time

    @Test("A future-dated event fails verify and is not signed on; a small skew is followed, not refused")
    func futureDated() throws {
        let skewed = try forger.forge(ack, as: "rita", time: Timestamp(seconds: fixture.clock.now.seconds + 120))
        #expect(try fixture.verify().isClean)
        let next = try fixture.record(.reaffirm(document: document, comment: "Still right"), as: "alice")
        #expect(next.time.seconds >= fixture.clock.now.seconds + 60)
        #expect(try forger.repository.commit(next.commit).parentIDs == [skewed])

        let future = try forger.forge(
            .acknowledge(document: document), as: "bob",
            time: Timestamp(seconds: fixture.clock.now.seconds + 86_400 * 365))
        try expectCaught(future, "later than this computer's clock", "a future-dated event")
        #expect(throws: StetError.self) {
            try fixture.record(.reaffirm(document: document, comment: "Again"), as: "alice")
        }
    }

    // MARK: Commit objects

    @Test("Extra commit headers (encoding, mergetag) fail, though the signature covers them")
    func extraHeaders() throws {
        for header in ["encoding ISO-8859-1", "mergetag object 0000000000000000000000000000000000000000"] {
            let parent = try forger.head()
            let (outcome, parentCommit, time) = try forger.outcome(ack, as: "rita", on: parent)
            let tree = try forger.repository.deriveTree(base: parentCommit.treeID, changes: outcome.writes)
            try forger.repository.write(tree)
            let forged = try forger.commit(
                tree: tree.id, parent: parent, event: outcome.event, time: time, key: fixture.keys["rita"],
                extraHeaders: [header])
            let name = String(header.prefix { $0 != " " })
            try expectCaught(forged, "it carries a '\(name)' header, which Stet never writes")
            try forger.publish(parent)
        }
    }

    @Test("An author line that git reads as the same person, spelled differently, fails")
    func respelledAuthor() throws {
        let parent = try forger.head()
        let (outcome, parentCommit, time) = try forger.outcome(ack, as: "rita", on: parent)
        let tree = try forger.repository.deriveTree(base: parentCommit.treeID, changes: outcome.writes)
        try forger.repository.write(tree)
        var unsigned = ObjectEncoding.unsignedCommit(
            tree: tree.id, parent: parent,
            author: Person(name: "Rita Costa", email: "rita", time: time.seconds, offsetMinutes: 60),
            committer: Person(name: "Rita Costa", email: "rita", time: time.seconds), message: outcome.event.message)
        unsigned = Array(
            String(decoding: unsigned, as: UTF8.self).replacingOccurrences(of: "+0100", with: "+0000 ").utf8)
        let bytes = ObjectEncoding.signedCommit(
            unsigned: unsigned, signature: try fixture.keys["rita"]!.sign(unsigned).armored)
        let forged = try forger.repository.writeObject(try EncodedObject(kind: .commit, bytes: bytes))
        try forger.publish(forged)
        try expectCaught(forged, "its author and committer are not the signer rita")
    }

    // MARK: The repository around the chain

    @Test("Other refs, a moved HEAD, replace refs and config that changes stock git are each named")
    func repositoryAroundTheChain() throws {
        let repository = forger.repository
        let head = try forger.head()
        let parent = try require(try repository.commit(head).parentIDs.first)
        try repository.updateReference("refs/heads/other", to: parent, expected: nil, logMessage: "forged")
        try repository.updateReference("refs/tags/v1", to: parent, expected: nil, logMessage: "forged")
        try repository.updateReference("refs/replace/\(head.hex)", to: parent, expected: nil, logMessage: "forged")
        try repository.updateReference("refs/notes/commits", to: parent, expected: nil, logMessage: "forged")
        try repository.setConfig("gpg.ssh.program", to: "/tmp/always-good")
        try repository.setConfig("include.path", to: "/tmp/elsewhere")
        try repository.setConfig("core.hooksPath", to: "/tmp/hooks")
        try repository.setConfig("core.logAllRefUpdates", to: "false")
        try String("ref: refs/heads/other\n").write(toFile: fixture.folder + "/HEAD", atomically: true, encoding: .utf8)
        let report = try fixture.verify()
        let text = report.problems.map(\.description).joined(separator: "\n")
        for fragment in [
            "HEAD points to refs/heads/other", "the reference refs/heads/other", "the reference refs/tags/v1",
            "the replace reference refs/replace/\(head.hex)", "the reference refs/notes/commits",
            "its config sets gpg.ssh.program", "its config sets include.path", "its config sets core.hookspath",
            "its config sets core.logallrefupdates = false",
        ] {
            #expect(text.contains(fragment), "verify said:\n\(text)")
        }
        #expect(!report.isClean)
    }

    // MARK: Reports

    @Test("A forged event in the middle is reported first, with the events after it summarised in one line")
    func clearReport() throws {
        let forged = try forger.forge(ack, as: "rita") { outcome in
            var rita = try user("rita")
            rita.roles = [.controller]
            outcome.writes.append((Layout.user("rita"), StateCoding.encode(rita)))
        }
        // Honest users go on recording (a process that does not check, as an older Stet would).
        fixture.store.checksHistory = false
        for _ in 0..<5 { try fixture.record(.reaffirm(document: document, comment: "Fine"), as: "alice") }
        let report = try fixture.verify()
        #expect(report.problems.count == 2, "\(report.problems)")
        #expect(report.problems.first?.commit == forged.hex)
        #expect(report.problems.last?.message.contains("the 5 event(s) after it were not replayed") == true)
    }

    @Test("A user named Dr <Maya> Patel signs events that verify")
    func angleBracketsInNames() throws {
        let maya = SigningKey.generate(user: "maya")
        fixture.keys["maya"] = maya
        try fixture.record(
            .addUser(NewUser(id: "maya", name: "Dr <Maya> Patel", roles: [.approver, .reader], key: maya.publicKey)),
            as: "dana")
        try fixture.record(.acknowledge(document: document), as: "maya")
        let report = try fixture.verify()
        #expect(report.isClean, "\(report.problems)")
        let raw = String(decoding: try forger.repository.rawObject(try forger.head()), as: UTF8.self)
        #expect(raw.contains("author Dr ‹Maya› Patel <maya> "))
        #expect(raw.contains("Stet-Actor-Name: Dr <Maya> Patel"))
    }

    // MARK: Objects crafted to crash or exhaust

    @Test("Commit times no calendar holds are reported, not trapped on")
    func impossibleTimes() throws {
        let parent = try forger.head()
        for seconds in [Int64.min + 1, -9_223_372_036_854_775_807, Int64.max] {
            let (outcome, parentCommit, _) = try forger.outcome(
                .revokeUser(id: "rita", reason: "Gone"), as: "dana", on: parent)
            let tree = try forger.repository.deriveTree(base: parentCommit.treeID, changes: outcome.writes)
            try forger.repository.write(tree)
            let forged = try forger.commit(
                tree: tree.id, parent: parent, event: outcome.event, time: Timestamp(seconds: seconds),
                key: fixture.keys["dana"])
            try expectCaught(forged, "is not a date Stet writes")
            try forger.publish(parent)
        }
    }

    @Test(
        "A tree nested thousands of folders deep and a file of 40 MiB are reported without exhausting the stack or memory"
    )
    func hugeObjects() throws {
        let forged = try forger.forgeTree(ack, as: "rita") { tree in
            var inner = try forger.repository.writeObject(try EncodedObject(kind: .tree, bytes: []))
            inner = try forger.repository.writeObject(
                try EncodedObject(
                    kind: .tree,
                    bytes: ObjectEncoding.tree([
                        TreeEntry(name: "a", mode: TreeEntry.fileMode, id: try forger.repository.createBlob([1]))
                    ])))
            for _ in 0..<3000 {
                inner = try forger.repository.writeObject(
                    try EncodedObject(
                        kind: .tree,
                        bytes: ObjectEncoding.tree([TreeEntry(name: "a", mode: TreeEntry.folderMode, id: inner)])))
            }
            var entries = try forger.repository.tree(tree).rawEntries()
            entries.append(TreeEntry(name: "zz", mode: TreeEntry.folderMode, id: inner))
            return try forger.repository.writeObject(
                try EncodedObject(kind: .tree, bytes: ObjectEncoding.tree(entries)))
        }
        try expectCaught(forged, "it changes zz/a/a/a")

        try forger.publish(try require(try forger.repository.commit(forged).parentIDs.first))
        let big = [UInt8](repeating: 0x41, count: 40 << 20)
        let huge = try forger.forge(.edit(document: document, content: Array("# v2\n".utf8), reason: "v2"), as: "alice")
        {
            outcome in
            outcome.writes = outcome.writes.map { $0.path == Layout.draft(document) ? ($0.path, big) : $0 }
        }
        try expectCaught(huge, "larger than any file Stet writes")
    }

    // MARK: Verifying from a trusted point

    @Test("verify --since: a valid continuation, a point that is not an ancestor, a forgery after the point")
    func sinceAPoint() throws {
        let point = try forger.head()
        try fixture.record(.reaffirm(document: document, comment: "Still right"), as: "alice")
        try fixture.record(.acknowledge(document: document), as: "bob")
        let continuation = try fixture.verify(since: point.hex)
        #expect(continuation.isClean, "\(continuation.problems)")
        #expect(continuation.events == 2)

        let honest = try forger.head()
        let side = try forger.forge(ack, as: "rita", on: point, time: fixture.clock.now)
        try forger.publish(honest)
        let sideways = try fixture.verify(since: side.hex)
        #expect(!sideways.isClean)
        #expect(sideways.problems.contains { $0.message.contains("not in the history of the head") })

        let forged = try forger.forge(ack, as: "rita") { outcome in
            var rita = try user("rita")
            rita.roles = [.controller]
            outcome.writes.append((Layout.user("rita"), StateCoding.encode(rita)))
        }
        let caught = try fixture.verify(since: point.hex)
        #expect(caught.problems.first?.commit == forged.hex, "\(caught.problems)")
        #expect(throws: StetError.self) { try fixture.verify(since: String(point.hex.prefix(12))) }
        #expect(throws: StetError.self) { try fixture.verify(anchors: ["main"]) }
    }

    @Test("A first event with settings no `type set` could make does not verify, and nothing is served from it")
    func forgedInitialSettings() throws {
        let root = try forger.root()
        let rootCommit = try forger.repository.commit(root)
        var event = try require(Event(message: rootCommit.message))
        var configuration = StoreConfiguration.standard
        configuration.types["sop"]?.reviewIntervalMonths = Int(Int64.max)
        let bytes = StateCoding.encode(configuration)
        guard case .initialize(let controller, _) = event.payload else { throw StetError.storeCorrupt("no init") }
        event.payload = .initialize(controller, configurationHash: StateCoding.contentHash(bytes))
        let tree = try forger.repository.deriveTree(base: rootCommit.treeID, changes: [(Layout.configuration, bytes)])
        try forger.repository.write(tree)
        let forged = try forger.commit(
            tree: tree.id, parent: nil, event: event, time: Timestamp(seconds: rootCommit.committer.time),
            key: fixture.keys["dana"])
        let report = try fixture.verify()
        #expect(report.problems.first?.commit == forged.hex, "\(report.problems)")
        #expect(report.problems.first?.message.contains("use 1 to 120 months") == true, "\(report.problems)")
        let clock = fixture.clock
        let reader = try Store.open(at: fixture.folder, now: { clock.now })
        #expect(throws: StetError.self) { try reader.pinVerifiedHead() }
    }

    @Test("The record of the newest verified head never moves back, and a rolled-back branch is refused")
    func recordNeverMovesBack() throws {
        let home = fixture.folder + "-home"
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: home) }
        let heads = VerifiedHeads(home: home)
        let older = try forger.head()
        try fixture.record(.reaffirm(document: document, comment: "Still right"), as: "alice")
        let newer = try forger.head()
        let root = try forger.root()
        let named = fixture.store.namedPath
        heads.record(newer, root: root, forStore: named, in: forger.repository)
        heads.record(older, root: root, forStore: named, in: forger.repository)
        #expect(heads.newest(forStore: named) == .init(head: newer, root: root))
        #expect(heads.newest(forRoot: root) == newer)

        try forger.publish(older)
        let clock = fixture.clock
        let reader = try Store.open(at: fixture.folder, now: { clock.now })
        reader.verifiedHeads = heads
        do {
            try reader.pinVerifiedHead()
            Issue.record("a rolled-back head was served")
        } catch {
            guard case .historyRewound = error else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
    }
}

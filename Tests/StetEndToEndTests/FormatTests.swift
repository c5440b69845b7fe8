import Foundation
import StetCore
import Testing

/// Every store format Stet has written stays verifiable, readable and writable: a format-1 store
/// kept as Stet 0.12 wrote it (`Tests/Fixtures/format-1`), a format-2 store as Stet 0.14 wrote it
/// (`Tests/Fixtures/format-2`), and the format new stores get, each checked against stock git and
/// ssh-keygen.
@Suite("Store formats")
struct FormatTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// A workspace holding a copy of the format-1 store and its users' keys.
    static func formatOneWorkspace() throws -> Workspace { try keptStoreWorkspace(format: 1) }

    /// A workspace holding a copy of the kept store of `format` and its users' keys.
    static func keptStoreWorkspace(format: Int) throws -> Workspace {
        let fixture = fixtures + "/format-\(format)"
        let workspace = try Workspace(enrol: false)
        try FileManager.default.copyItem(atPath: fixture + "/store", toPath: workspace.store)
        // git keeps no empty folders; a repository has these.
        for folder in ["refs/tags", "objects/info"] {
            try FileManager.default.createDirectory(
                atPath: workspace.store + "/" + folder, withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(
            atPath: workspace.home + "/keys", withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: workspace.home)
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture + "/keys") {
            let copy = workspace.home + "/keys/" + name
            try FileManager.default.copyItem(atPath: fixture + "/keys/" + name, toPath: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy)
        }
        return workspace
    }

    /// The commits whose message says they are events on `document`, newest first, as stock git finds them.
    static func eventsByGit(on document: String, in workspace: Workspace) throws -> [String] {
        try workspace.git(["log", "--format=%H", "--grep", "^Stet-Document: \(document)$", "main"]).stdout
            .split(separator: "\n").map(String.init)
    }

    static func logCommits(_ document: String, in workspace: Workspace) throws -> [String] {
        let output = try workspace.expectSuccess(["log", document, "--format", "json"]).stdout
        let events = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
        return events.compactMap { $0["commit"] as? String }
    }

    static func message(_ commit: String, in workspace: Workspace) throws -> String {
        try workspace.git(["log", "-1", "--format=%B", commit]).stdout
    }

    @Test("A format-1 store as Stet 0.12 wrote it verifies, reads its histories, and goes on in format 1")
    func formatOneStoreKept() throws {
        let workspace = try Self.formatOneWorkspace()
        let verified = try workspace.expectSuccess(["verify"]).stdout
        #expect(verified.contains("34 events") && verified.contains("OK: every signature and every event holds"))
        for document in ["SOP-0001", "SOP-0002", "POL-0001"] {
            let byGit = try Self.eventsByGit(on: document, in: workspace)
            #expect(byGit.count >= 4)
            #expect(try Self.logCommits(document, in: workspace) == byGit, "\(document)")
        }

        // Ravi reads SOP-0001 (distributed to authors): an event in the store's own format.
        let before = try Self.eventsByGit(on: "SOP-0001", in: workspace)
        let acknowledged = try workspace.stet(
            ["acknowledge", "SOP-0001"], as: "ravi", environment: ["STET_PASSPHRASE": "ravi-passphrase-2026"])
        #expect(acknowledged.succeeded, "\(acknowledged.stderr)")
        let head = try workspace.head()
        let message = try Self.message(head, in: workspace)
        #expect(message.contains("Stet-Event: acknowledge") && message.contains("Stet-Actor: ravi"))
        #expect(!message.contains("Stet-Previous-Event") && !message.contains("Stet-Signing-Key"), "\(message)")
        #expect(try workspace.git(["show", "main:config/store.json"]).stdout.contains("\"format\" : 1,"))
        #expect(try Self.logCommits("SOP-0001", in: workspace) == [head] + before)
        #expect(try workspace.expectSuccess(["verify"]).stdout.contains("35 events"))

        // Stock git checks the new signature with the signers Stet lists.
        try workspace.expectSuccess(["signers", "--output", workspace.path("allowed_signers")])
        let checked = try workspace.git(
            [
                "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(workspace.path("allowed_signers"))",
                "verify-commit", head,
            ])
        #expect(checked.succeeded, "\(checked.stderr)")
    }

    @Test("A format-2 store as Stet 0.14 wrote it verifies, reads its histories, and goes on in format 2")
    func formatTwoStoreKept() throws {
        let workspace = try Self.keptStoreWorkspace(format: 2)
        let verified = try workspace.expectSuccess(["verify"]).stdout
        #expect(verified.contains("34 events") && verified.contains("OK: every signature and every event holds"))
        for document in ["SOP-0001", "SOP-0002", "POL-0001"] {
            let byGit = try Self.eventsByGit(on: document, in: workspace)
            #expect(byGit.count >= 4)
            #expect(try Self.logCommits(document, in: workspace) == byGit, "\(document)")
        }
        let ravi = ["STET_PASSPHRASE": "ravi-passphrase-2026"]
        let acknowledged = try workspace.stet(["acknowledge", "SOP-0001"], as: "ravi", environment: ravi)
        #expect(acknowledged.succeeded, "\(acknowledged.stderr)")
        let message = try Self.message(try workspace.head(), in: workspace)
        #expect(message.contains("Stet-Previous-Event: ") && message.contains("Stet-Signing-Key: "), "\(message)")
        // Format 3's fields are not written in format 2, and its setting is refused.
        try workspace.write("tagged.md", "# Tagged\n<!-- [13485:4.2.4] -->\n")
        let drafted = try workspace.stet(
            ["new", "sop", "--title", "Tagged", "--file", workspace.path("tagged.md")], as: "alice",
            environment: ["STET_PASSPHRASE": "alice-passphrase-2026"])
        #expect(drafted.succeeded, "\(drafted.stderr)")
        #expect(!(try Self.message(try workspace.head(), in: workspace)).contains("Stet-Clauses"))
        let refused = try workspace.stet(
            ["type", "set", "policy", "--reviewer-may-approve", "yes"], as: "dana",
            environment: ["STET_PASSPHRASE": "dana-passphrase-2026"])
        #expect(refused.status == 1 && refused.stderr.contains("a store of format 2 has no such setting"))
        #expect(try workspace.git(["show", "main:config/store.json"]).stdout.contains("\"format\" : 2,"))
        #expect(try workspace.expectSuccess(["verify"]).stdout.contains("36 events"))
    }

    @Test(
        "A new store is of format 3: each event names its document's previous event, its key and its content's clause tags, as git and ssh-keygen confirm"
    )
    func formatThreeTrailers() throws {
        let workspace = try Workspace()
        let id = try workspace.create(
            "sop", title: "Specimen reception", body: "<!-- [13485:7.5.1,4.2.4g] -->\nProcedure text.")
        try workspace.release(id)
        try workspace.write("v2.md", "# Specimen reception\n\nProcedure text, revised.\n")
        try workspace.expectSuccess(["edit", id, "--file", workspace.path("v2.md"), "--reason", "v2"], as: "alice")
        #expect(try workspace.git(["show", "main:config/store.json"]).stdout.contains("\"format\" : 3,"))
        let created = try workspace.git(["log", "-1", "--format=%B", "--grep", "^Stet-Event: create$", "main"]).stdout
        #expect(created.contains("Stet-Clauses: 13485:4.2.4g, 13485:7.5.1\n"), "\(created)")
        let edited = try workspace.git(["log", "-1", "--format=%B", "--grep", "^Stet-Event: edit$", "main"]).stdout
        #expect(!edited.contains("Stet-Clauses"), "the revision has no tags: \(edited)")

        let byGit = try Self.eventsByGit(on: id, in: workspace)
        #expect(byGit.count == 6)
        #expect(try Self.logCommits(id, in: workspace) == byGit)
        for (index, commit) in byGit.enumerated() {
            let message = try Self.message(commit, in: workspace)
            if index + 1 < byGit.count {
                #expect(message.contains("Stet-Previous-Event: \(byGit[index + 1])\n"), "\(message)")
            } else {
                #expect(!message.contains("Stet-Previous-Event"), "the first event names none: \(message)")
            }
        }

        // Every event, the store's first and the enrolments included, names the key that
        // ssh-keygen fingerprints from its signer's record, and stock git checks the signature.
        try workspace.expectSuccess(["signers", "--output", workspace.path("allowed_signers")])
        let commits = try workspace.git(["log", "--format=%H", "main"]).stdout.split(separator: "\n").map(String.init)
        #expect(commits.count == 1 + Workspace.cast.count + 6)
        for commit in commits {
            let message = try Self.message(commit, in: workspace)
            let actor = try #require(message.firstMatch(of: /Stet-Actor: ([a-z]+)\n/)?.output.1)
            // The signer's record before the event; the first event enrols its own signer.
            let before = message.contains("Stet-Event: init\n") ? commit : commit + "^"
            let record = try workspace.git(["show", "\(before):config/users/\(actor).json"]).stdout
            let user = try JSONDecoder().decode(User.self, from: Data(record.utf8))
            try workspace.write("key.pub", user.keys.last!.key + "\n")
            let fingerprint = try runProcess("/usr/bin/ssh-keygen", ["-l", "-f", workspace.path("key.pub")]).stdout
                .split(separator: " ")[1]
            #expect(message.contains("Stet-Signing-Key: \(fingerprint)\n"), "\(message)")
            let checked = try workspace.git(
                [
                    "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(workspace.path("allowed_signers"))",
                    "verify-commit", commit,
                ])
            #expect(checked.succeeded, "\(checked.stderr)")
        }
        #expect(try workspace.expectSuccess(["verify"]).stdout.contains("OK: every signature and every event holds"))
    }
}

import Foundation
import Testing

/// Each refusal gives one clear line, a non-zero exit status, and leaves the store's head where it was.
@Suite("Refusals through the stet binary")
struct RefusalTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    func expectRefusal(
        _ arguments: [String], as user: String? = nil, environment: [String: String] = [:], saying message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try workspace.expectRefusal(
            arguments, as: user, environment: environment, saying: message, sourceLocation: sourceLocation)
    }

    /// The rules' refusals themselves are unit tests (`RuleTests`, exact errors on a state in
    /// memory); here, what the person at the terminal gets from them, through the binary.
    @Test("A refused rule, through the binary: one line naming problem and state, exit status 1, nothing recorded")
    func ruleRefusalThroughTheBinary() throws {
        let id = try workspace.create("sop", title: "Needlestick injury")
        for (arguments, user, message) in [
            (
                ["approve", id], "carol",
                "stet: error: cannot approve SOP-0001: it is draft; from there its authors can edit it or submit it for review"
            ),
            (
                ["submit", id, "--reviewers", "bob", "--approvers", "alice"], "alice",
                "stet: error: alice cannot be the approver of SOP-0001: it needs the approver role"
            ),
            (
                ["submit", id, "--approvers", "carol"], "alice",
                "stet: error: SOP-0001 needs at least one reviewer: name them with --reviewers"
            ),
            (["issue", id, "--effective", "2026-02-30"], "dana", "stet: error: invalid date '2026-02-30'"),
        ] {
            let before = try workspace.head()
            let result = try workspace.stetProcess(arguments, as: user)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(try workspace.head() == before)
        }
    }

    @Test("Wrong passphrase, unknown user and revoked user cannot sign")
    func identity() throws {
        let id = try workspace.create("sop", title: "Fire evacuation")
        try workspace.write("new.md", "# Fire evacuation\n\nNew text.\n")
        try expectRefusal(
            ["edit", id, "--file", workspace.path("new.md"), "--reason", "Update"], as: "alice",
            environment: ["STET_PASSPHRASE": "not the passphrase"], saying: "wrong passphrase for alice")
        try expectRefusal(
            ["edit", id, "--file", workspace.path("new.md"), "--reason", "Update"], as: "zed",
            saying: "unknown user 'zed'")
        try expectRefusal(
            ["edit", id, "--file", workspace.path("new.md"), "--reason", "Update"],
            saying: "no user given: pass --user or set STET_USER")
        try workspace.expectSuccess(["user", "revoke", "alice", "--reason", "Left"], as: "dana")
        try expectRefusal(
            ["edit", id, "--file", workspace.path("new.md"), "--reason", "Update"], as: "alice",
            saying: "user 'alice' has been revoked and can no longer sign")
        // Alice's earlier signature still verifies: it was valid when made.
        try workspace.expectSuccess(["verify"])
        try expectRefusal(["user", "revoke", "dana"], as: "dana", saying: "dana is the last controller")
        try expectRefusal(
            ["user", "add", "mallory", "--name", "M", "--role", "author", "--key", "ssh-ed25519 AAAAnotakey"],
            as: "dana",
            saying: "invalid public key")
        let bobKey =
            try workspace.git(["show", "main:config/users/bob.json"]).stdout
            .split(separator: "\"").first { $0.hasPrefix("ssh-ed25519 ") }.map(String.init) ?? ""
        try expectRefusal(
            ["user", "add", "bobby", "--name", "Bob Again", "--role", "approver", "--key", bobKey], as: "dana",
            saying: "that public key is already registered to bob")
        try expectRefusal(
            ["user", "add", "zoe", "--name", "Zoe", "--role", "controller", "--key", try workspace.keygen("zoe")],
            as: "bob", saying: "bob cannot add users: it needs the controller role")
    }

    @Test("A reference lock left by a killed writer is cleared by the next one")
    func abandonedReferenceLock() throws {
        let id = try workspace.create("sop", title: "Locked")
        try workspace.write("store/refs/heads/main.lock", "")
        try workspace.write("l.md", "# Locked\n\nNew.\n")
        let result = try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("l.md"), "--reason", "Try"], as: "alice")
        #expect(result.stderr.contains("removed") && result.stderr.contains("main.lock, left by a writer that stopped"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path("store/refs/heads/main.lock")))
    }

    @Test("A writer that keeps the store locked makes others fail clearly, changing nothing")
    func heldWriterLock() throws {
        let id = try workspace.create("sop", title: "Held")
        try workspace.write("h.md", "# Held\n\nNew.\n")
        // flock(1) holds the writer lock the way a live stet writer would, for longer than retries last.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [workspace.path("store/stet-writer.lock"), "sleep", "8"]
        try holder.run()
        defer { holder.terminate() }
        usleep(200_000)
        try expectRefusal(
            ["edit", id, "--file", workspace.path("h.md"), "--reason", "Try"], as: "alice",
            saying: "the store stayed locked by other writers")
    }

    @Test("show refuses a document with no effective version")
    func showWithoutEffectiveVersion() throws {
        let id = try workspace.create("sop", title: "Draft only")
        try expectRefusal(["show", id], saying: "SOP-0001 has no effective version")
        try expectRefusal(["show", "SOP-0099"], saying: "no document SOP-0099 in this store")
        try expectRefusal(["show", id, "--version", "3"], saying: "SOP-0001 has no version 3")
    }

    @Test(
        "Document ids with '/' or '..' are refused",
        arguments: ["../config/store", "SOP-0001/../x", "a/b", "..", "SOP\u{1}1"])
    func hostileDocumentIDs(_ id: String) throws {
        try workspace.write("x.md", "# X\n\nText.\n")
        try expectRefusal(["show", id], saying: "invalid document id")
        try expectRefusal(
            ["edit", id, "--file", workspace.path("x.md"), "--reason", "x"], as: "alice", saying: "invalid document id")
    }

    @Test("Malformed front matter, binary content and empty reasons are refused")
    func badInput() throws {
        try workspace.write("bad.md", "---\ntitle: [unclosed\n---\n# Body\n")
        try expectRefusal(
            ["new", "sop", "--file", workspace.path("bad.md")], as: "alice", saying: "malformed front matter")
        try workspace.write("dup.md", "---\ntitle: A\ntitle: B\n---\n# Body\n")
        try expectRefusal(
            ["new", "sop", "--file", workspace.path("dup.md")], as: "alice",
            saying: "malformed front matter: the key 'title' appears twice")
        try workspace.write("open.md", "---\ntitle: A\n# Body with no closing line\n")
        try expectRefusal(
            ["new", "sop", "--file", workspace.path("open.md")], as: "alice", saying: "no closing '---' line")
        try Data([0x23, 0x20, 0x00, 0xff, 0xfe]).write(to: URL(fileURLWithPath: workspace.path("binary.md")))
        try expectRefusal(
            ["new", "sop", "--title", "Bin", "--file", workspace.path("binary.md")], as: "alice",
            saying: "not UTF-8 text")
        try expectRefusal(["new", "nonsense", "--title", "X"], as: "alice", saying: "unknown document type 'nonsense'")
        let id = try workspace.create("sop", title: "Reasons")
        try workspace.write("r.md", "# Reasons\n\nChanged.\n")
        try expectRefusal(
            ["edit", id, "--file", workspace.path("r.md"), "--reason", "  "], as: "alice",
            saying: "invalid reason: it is empty")
        try expectRefusal(
            ["edit", id, "--file", workspace.path("r.md"), "--reason", "two\nlines"], as: "alice",
            saying: "invalid reason: it contains a line break")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try expectRefusal(
            ["review", id, "--reject"], as: "bob", saying: "rejecting a revision in review needs a reason")
        try expectRefusal(["reject", id, "--reason", ""], as: "carol", saying: "invalid reason: it is empty")
    }

    @Test("Key files: readable by others, tampered, or a weak passphrase")
    func keyFiles() throws {
        let id = try workspace.create("sop", title: "Keys")
        let keyPath = workspace.home + "/keys/bob.key"
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        chmod(keyPath, 0o644)
        try expectRefusal(["review", id, "--accept"], as: "bob", saying: "is accessible by others (mode 644)")
        chmod(keyPath, 0o600)
        let original = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        try Data(original.prefix(original.count / 2)).write(to: URL(fileURLWithPath: keyPath))
        try expectRefusal(["review", id, "--accept"], as: "bob", saying: "is not a Stet key file")
        try original.write(to: URL(fileURLWithPath: keyPath))
        try workspace.write("short", "short\n")
        let weak = try workspace.stet(["keygen", "--user", "newbie", "--passphrase-file", workspace.path("short")])
        #expect(weak.status == 1)
        #expect(weak.stderr.contains("passphrase too short: use at least 10 characters"))
        try workspace.expectSuccess(["review", id, "--accept"], as: "bob")
    }
}

import Foundation
import Testing

/// What a new user met that was wrong (issue 28), each as they met it.
@Suite("First use")
struct FirstUseTests {
    let workspace: Workspace

    init() throws { workspace = try Workspace() }

    @Test("Who acts may be given before a command that only reads, as a shell alias would give it")
    func identityBeforeAReadingCommand() throws {
        let id = try workspace.create("sop", title: "Specimen reception")
        let listed = try workspace.stet(["--user", "dana", "list"])
        #expect(listed.succeeded && listed.stdout.contains(id), "\(listed.stderr)")
        let status = try workspace.stet(
            ["--user", "dana", "--passphrase-file", workspace.path("passphrase"), "status", id])
        #expect(status.succeeded, "\(status.stderr)")
        // After the command's name it is a mistake, and said so.
        let after = try workspace.stet(["list", "--user", "dana"])
        #expect(after.status == 1 && after.stderr.contains("takes no --user"))
    }

    @Test("A passphrase file others can read is refused; one only its owner reads is used")
    func passphraseFileMustBePrivate() throws {
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.write("open.pass", Workspace.passphrase + "\n")
        chmod(workspace.path("open.pass"), 0o644)
        try workspace.expectRefusal(
            [
                "submit", id, "--reviewers", "bob", "--approvers", "carol", "--passphrase-file",
                workspace.path("open.pass"),
            ],
            environment: ["STET_USER": "alice"], saying: "can be read by others (mode 644)")
        chmod(workspace.path("open.pass"), 0o600)
        let submitted = try workspace.stet(
            [
                "submit", id, "--reviewers", "bob", "--approvers", "carol", "--passphrase-file",
                workspace.path("open.pass"),
            ],
            environment: ["STET_USER": "alice"])
        #expect(submitted.succeeded, "\(submitted.stderr)")
    }

    @Test("list --within without --due is refused rather than printing the whole register")
    func withinNeedsDue() throws {
        _ = try workspace.create("sop", title: "Specimen reception")
        let result = try workspace.stet(["list", "--within", "30"])
        #expect(result.status == 1 && result.stderr.contains("give --due with it"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try workspace.stet(["list", "--due", "--within", "30"]).succeeded)
    }

    @Test("diff of a document with one version and no draft says there is nothing to compare")
    func diffOfOneVersion() throws {
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.release(id)
        let result = try workspace.stet(["diff", id])
        #expect(result.status == 1)
        #expect(result.stderr.contains("has no version before version 1 and no draft"), "\(result.stderr)")
        #expect(!result.stderr.contains("version 0"))
    }

    @Test("An act the rules refuse is refused before the passphrase is asked for")
    func refusedBeforeThePassphrase() throws {
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.release(id)
        try workspace.expectSuccess(["acknowledge", id], as: "rita")
        // No passphrase anywhere: asking for one would fail with "no passphrase".
        try workspace.expectRefusal(
            ["acknowledge", id], environment: ["STET_USER": "rita"], saying: "rita has already signed")
        try workspace.expectRefusal(
            ["reaffirm", id, "--comment", "Fine"], environment: ["STET_USER": "rita"],
            saying: "rita cannot reaffirm \(id): only its owner (alice) or a controller can")
    }

    @Test("A type cannot be set to need more approvals than there are approvers enrolled")
    func approvalsWithinTheApprovers() throws {
        try workspace.expectRefusal(
            ["type", "set", "sop", "--approvals", "9"], as: "dana",
            saying: "9 approvals would be needed for each revision and 2 approvers are enrolled (carol, erin)")
        try workspace.expectSuccess(["type", "set", "sop", "--approvals", "2"], as: "dana")
    }

    @Test("A hint names an option of the command that failed, never another command's")
    func hintsNameTheCommandsOwnOptions() throws {
        let id = try workspace.create("sop", title: "Specimen reception")
        let render = try workspace.stet(["render", id])
        #expect(render.status == 1)
        #expect(render.stderr.contains("'stet render \(id) --draft' gives the working copy"), "\(render.stderr)")
        #expect(!render.stderr.contains("stet show"))
        let show = try workspace.stet(["show", id])
        #expect(show.stderr.contains("'stet show \(id) --draft'"), "\(show.stderr)")
        let issue = try workspace.stet(
            ["copies", "issue", id, "--to", "Ward 3", "--format", "html", "--output", workspace.path("copy.html")],
            as: "dana")
        #expect(issue.status == 1)
        #expect(issue.stderr.contains("'stet status \(id)' shows where it stands"), "\(issue.stderr)")
        #expect(!issue.stderr.contains("--draft"))
    }

    @Test("show --details of a document with nothing in force gives its draft's details")
    func detailsOfADraft() throws {
        let id = try workspace.create("sop", title: "Specimen reception", body: "<!-- [15189:7.2.4] -->\nText.")
        let details = try workspace.expectSuccess(["show", id, "--details"]).stdout
        #expect(details.contains("Revision:    1 (working)"), "\(details)")
        #expect(details.contains("Clauses:     15189:7.2.4"), "\(details)")
    }
}

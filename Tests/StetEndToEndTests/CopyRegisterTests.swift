import Foundation
import Testing

/// Numbered controlled copies: issued to a holder, listed, named for recall when a new version
/// is issued, recalled and confirmed destroyed; each a signed event that verify replays and the
/// audit export shows.
@Suite("Copy register")
struct CopyRegisterTests {
    @Test("Issue, list, check, recall named at the next issue, recall, destroyed; verify and audit see it all")
    func register() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Spill response")
        try workspace.release(id)
        let first = try workspace.expectSuccess(
            [
                "copies", "issue", id, "--to", "Reception bench 2", "--format", "html", "--output",
                workspace.path("c1.html"),
            ],
            as: "dana")
        #expect(first.stdout.hasPrefix("\(id) v1 copy 1 issued to Reception bench 2 by Dana Whitfield, written to"))
        try workspace.expectSuccess(
            ["copies", "issue", id, "--to", "Ward 7", "--format", "html", "--output", workspace.path("c2.html")],
            as: "dana")
        try workspace.expectRefusal(
            ["copies", "issue", id, "--to", "Bench", "--format", "html", "--output", workspace.path("c3.html")],
            as: "alice", saying: "alice cannot issue controlled copies: it needs the controller role")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("c3.html")), "a refused copy is not left behind")
        // Not into a pipe or a device: the copy would be out before the register took it.
        try workspace.expectRefusal(
            ["copies", "issue", id, "--to", "Bench", "--format", "html", "--output", "/dev/null"], as: "dana",
            saying: "/dev/null is not a regular file; give a file for the numbered copy")

        let copy = try String(contentsOfFile: workspace.path("c1.html"), encoding: .utf8)
        #expect(copy.contains("<tr><th>Controlled copy</th><td>No. 1, issued to Reception bench 2</td></tr>"))
        let checked = try workspace.stet(["check-copy", workspace.path("c1.html")])
        #expect(checked.status == 0)
        #expect(
            checked.stdout
                == "CURRENT: this is \(id) v1, the version in force\n"
                + "The register holds this file as \(id) v1 copy 1, issued to Reception bench 2 on "
                + "\(utcDay(offset: 0)): with Reception bench 2\n"
        )
        let edited = copy.replacingOccurrences(of: "Reception bench 2</td>", with: "Reception bench 3</td>")
        try workspace.write("edited.html", edited)
        #expect(try workspace.stet(["check-copy", workspace.path("edited.html")]).status == 4)

        let list = try workspace.expectSuccess(["copies", "list"]).stdout
        #expect(list.contains("\(id) v1 copy 1  Reception bench 2") && list.contains("\(id) v1 copy 2  Ward 7"))

        // A new version: issuing it names the copies to recall.
        try workspace.write("v2.md", "# Spill response\n\nNew text.\n")
        try workspace.expectSuccess(["edit", id, "--file", workspace.path("v2.md"), "--reason", "Update"], as: "alice")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", id, "--accept"], as: "bob")
        try workspace.expectSuccess(["approve", id], as: "carol")
        let issued = try workspace.expectSuccess(["issue", id], as: "dana").stdout
        #expect(
            issued.contains(
                "Copies to recall once v2 is in force: \(id) v1 copy 1 (Reception bench 2), \(id) v1 copy 2 (Ward 7)"),
            "\(issued)")
        #expect(try workspace.expectSuccess(["copies", "list"]).stdout.contains("RECALL: v1 is not in force"))
        #expect(try workspace.stet(["check-copy", workspace.path("c1.html")]).status == 2)

        try workspace.expectRefusal(
            ["copies", "destroyed", id, "1"], as: "dana",
            saying: "\(id) v1 copy 1 has not been recalled: recall it first")
        try workspace.expectSuccess(["copies", "recall", id, "1", "--reason", "Superseded by v2"], as: "dana")
        try workspace.expectSuccess(["copies", "destroyed", id, "1"], as: "dana")
        try workspace.expectRefusal(
            ["copies", "recall", id, "9", "--reason", "x"], as: "dana", saying: "has no registered copy 9")
        let outstanding = try workspace.expectSuccess(["copies", "list", "--outstanding"]).stdout
        #expect(!outstanding.contains("copy 1") && outstanding.contains("copy 2"))

        let verify = try workspace.expectSuccess(["verify"])
        #expect(verify.stdout.contains("OK: every signature and every event holds."))
        let audit = try workspace.expectSuccess([
            "audit", "--format", "csv", "--event", "copy-issue", "--event", "copy-recall", "--event", "copy-destroyed",
        ]).stdout
        #expect(audit.contains("copy-issue,\(id) v1 copy 1 issued to Reception bench 2 by Dana Whitfield"))
        #expect(audit.contains("copy-recall,\(id) v1 copy 1 recalled by Dana Whitfield"))
        #expect(audit.contains("copy-destroyed,\"\(id) v1 copy 1 destroyed, confirmed by Dana Whitfield\""))
    }
}

import Foundation
import StetCLI
import StetCore
import Testing

/// `stet todo` for each role: what waits for the person asking, and only that.
@Suite("To do")
struct TodoTests {
    @Test("Reviewer, approver, controller and reader each see their own work, and only theirs")
    func eachRole() throws {
        let workspace = try Workspace()
        func todo(_ user: String) throws -> String { try workspace.expectSuccess(["todo", "--user", user]).stdout }
        let id = try workspace.create("sop", title: "Spill response")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        #expect(try todo("bob").contains("review revision 1 of Spill response"))
        #expect(try todo("carol").contains("approve revision 1 of Spill response (once its reviews are in)"))
        #expect(try todo("rita") == "Nothing waits for rita.\n")
        try workspace.expectSuccess(["review", id, "--accept"], as: "bob")
        #expect(try todo("bob") == "Nothing waits for bob.\n")
        #expect(try todo("carol").contains("approve revision 1 of Spill response\n"))
        try workspace.expectSuccess(["approve", id], as: "carol")
        #expect(try todo("dana").contains("issue approved revision 1 of Spill response"))
        try workspace.expectSuccess(["issue", id], as: "dana")
        try workspace.expectSuccess(["distribute", id, "--roles", "reader"], as: "dana")
        #expect(try todo("rita").contains("read and acknowledge v1 of Spill response"))
        try workspace.expectSuccess(["acknowledge", id], as: "rita")
        #expect(try todo("rita") == "Nothing waits for rita.\n")
        // A copy of a version replaced is for the controller to recall.
        try workspace.expectSuccess(
            ["copies", "issue", id, "--to", "Bench 1", "--format", "html", "--output", workspace.path("c.html")],
            as: "dana")
        try workspace.write("v2.md", "# Spill response\n\nNew.\n")
        try workspace.expectSuccess(["edit", id, "--file", workspace.path("v2.md"), "--reason", "Update"], as: "alice")
        try workspace.release(id)
        let controller = try todo("dana")
        #expect(controller.contains("recall \(id) v1 copy 1 from Bench 1"), "\(controller)")
        let json = try workspace.expectSuccess(["todo", "--user", "dana", "--format", "json"]).stdout
        #expect(json.contains("\"kind\" : \"recall\""))
        try workspace.expectRefusal(["todo"], saying: "no user given")
        // Two years on, the owner's periodic review is overdue.
        let console = CapturedConsole()
        let later = Timestamp(seconds: Timestamp.now().seconds + 800 * 86_400)
        let status = Stet.run(
            ["todo", "--user", "alice"],
            in: Invocation(
                environment: ["STET_HOME": workspace.home, "STET_STORE": workspace.store],
                currentDirectory: workspace.folder, console: console, now: { later }))
        let owner = String(decoding: console.output, as: UTF8.self)
        #expect(
            status == 0 && owner.contains("periodic review of Spill response, due") && owner.contains("(OVERDUE)"),
            "\(owner)")
    }

    @Test(
        "An author sees a rejected revision to revise; a controller sees users to confirm and recalled copies to destroy"
    )
    func rejectionsConfirmationsAndDestruction() throws {
        let workspace = try Workspace()
        func todo(_ user: String) throws -> String { try workspace.expectSuccess(["todo", "--user", user]).stdout }
        let id = try workspace.create("sop", title: "Spill response")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", id, "--reject", "--comment", "Name the spill kit"], as: "bob")
        let author = try todo("alice")
        #expect(author.contains("revise revision 1 of Spill response: rejected by bob on "), "\(author)")
        #expect(author.contains(": Name the spill kit"))
        try workspace.write("v1.md", "# Spill response\n\nUse the red spill kit.\n")
        try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("v1.md"), "--reason", "Kit named"], as: "alice")
        #expect(!(try todo("alice").contains("revise revision")))

        try workspace.expectSuccess(
            ["user", "roles", "erin", "--roles", "approver,reviewer,controller", "--reason", "Deputy"], as: "dana")
        try workspace.expectSuccess(["user", "require-confirmation"], as: "dana")
        try workspace.expectSuccess(
            ["user", "roles", "rita", "--roles", "reader,approver", "--reason", "Trained"], as: "dana")
        let deputy = try todo("erin")
        #expect(deputy.contains("confirm rita (Rita Costa), changed by dana"), "\(deputy)")
        #expect(!(try todo("dana").contains("confirm rita")), "the maker cannot confirm it")

        let released = try workspace.create("sop", title: "Sharps")
        try workspace.release(released)
        try workspace.expectSuccess(
            ["copies", "issue", released, "--to", "Bench 1", "--format", "html", "--output", workspace.path("c.html")],
            as: "dana")
        try workspace.expectSuccess(["copies", "recall", released, "1", "--reason", "Bench closed"], as: "dana")
        #expect(try todo("dana").contains("confirm the destruction of \(released) v1 copy 1, recalled "))
        try workspace.expectSuccess(["copies", "destroyed", released, "1"], as: "dana")
        #expect(!(try todo("dana").contains("confirm the destruction")))
    }
}

import Foundation
import Testing

/// Every command that writes is refused to each role without the right to it, and a revoked
/// user can no longer act while what they signed before still verifies.
@Suite("Authority")
struct AuthorityTests {
    /// One user holding each role alone: amir author, bob reviewer, carol approver, dana
    /// controller, rita reader, and audrey auditor (added here). Amir owns none of the documents:
    /// an owner may also reaffirm and distribute their own.
    static let holders: [String: String] = [
        "author": "amir", "reviewer": "bob", "approver": "carol", "controller": "dana", "reader": "rita",
        "auditor": "audrey",
    ]

    struct Command {
        var name: String
        var arguments: [String]
        /// The roles that may run it; every other role is refused.
        var allowed: Set<String>
    }

    @Test("Each write command refuses every role that lacks the right to it, changing nothing")
    func roleMatrix() throws {
        let workspace = try Workspace()
        try workspace.expectSuccess(
            [
                "user", "add", "audrey", "--name", "Audrey Auditor", "--role", "auditor", "--key",
                try workspace.keygen("audrey"),
            ],
            as: "dana")
        // One document in each state a command needs, so that only authority stands in the way.
        let draft = try workspace.create("sop", title: "Draft")
        let inReview = try workspace.create("sop", title: "In review")
        try workspace.expectSuccess(["submit", inReview, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        let reviewed = try workspace.create("sop", title: "Reviewed")
        try workspace.expectSuccess(["submit", reviewed, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", reviewed, "--accept"], as: "bob")
        let approved = try workspace.create("sop", title: "Approved")
        try workspace.expectSuccess(["submit", approved, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", approved, "--accept"], as: "bob")
        try workspace.expectSuccess(["approve", approved], as: "carol")
        let effective = try workspace.create("sop", title: "Effective")
        try workspace.release(effective)
        try workspace.write("change.md", "# Draft\n\nChanged.\n")
        try workspace.write("new.md", "# New\n\nText.\n")
        let folder = workspace.path("import")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try workspace.write("import/POL-0100 Visitors.md", "# Visitors\n\nSign in.\n")
        let newKey = try workspace.keygen("newcomer")

        let commands: [Command] = [
            Command(
                name: "user add",
                arguments: ["user", "add", "newcomer", "--name", "New", "--role", "reader", "--key", newKey],
                allowed: ["controller"]),
            Command(name: "user revoke", arguments: ["user", "revoke", "rita"], allowed: ["controller"]),
            Command(
                name: "type set", arguments: ["type", "set", "sop", "--review-months", "12"], allowed: ["controller"]),
            Command(
                name: "new", arguments: ["new", "sop", "--title", "New", "--file", workspace.path("new.md")],
                allowed: ["author"]),
            Command(
                name: "edit", arguments: ["edit", draft, "--file", workspace.path("change.md"), "--reason", "Why"],
                allowed: ["author"]),
            Command(
                name: "submit", arguments: ["submit", draft, "--reviewers", "bob", "--approvers", "carol"],
                allowed: ["author"]),
            Command(name: "review", arguments: ["review", inReview, "--accept"], allowed: ["reviewer"]),
            Command(name: "approve", arguments: ["approve", reviewed], allowed: ["approver"]),
            Command(name: "reject", arguments: ["reject", reviewed, "--reason", "No"], allowed: ["approver"]),
            Command(name: "issue", arguments: ["issue", approved], allowed: ["controller"]),
            Command(name: "retire", arguments: ["retire", effective, "--reason", "Gone"], allowed: ["controller"]),
            Command(
                name: "reaffirm", arguments: ["reaffirm", effective, "--comment", "Fine"], allowed: ["controller"]),
            Command(
                name: "distribute", arguments: ["distribute", effective, "--users", "rita"], allowed: ["controller"]),
            Command(name: "import", arguments: ["import", folder], allowed: ["controller"]),
        ]
        var refusals = 0
        for command in commands {
            for (role, user) in Self.holders.sorted(by: { $0.key < $1.key }) where !command.allowed.contains(role) {
                let before = try workspace.head()
                let result = try workspace.stet(command.arguments, as: user)
                let context = "\(command.name) as \(user) (\(role))"
                #expect(result.status == 1, "\(context) was not refused: \(result.stdout) \(result.stderr)")
                #expect(
                    result.stderr.contains("role") || result.stderr.contains("is not an assigned")
                        || result.stderr.contains("only its owner"),
                    "\(context): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(context): \(result.stderr)")
                #expect(try workspace.head() == before, "\(context) changed the store")
                refusals += 1
            }
        }
        #expect(refusals == commands.map { Self.holders.count - $0.allowed.count }.reduce(0, +))
        // Acknowledging is for those the document is distributed to, whatever their role.
        try workspace.expectSuccess(["distribute", effective, "--users", "rita"], as: "dana")
        try workspace.expectRefusal(["acknowledge", effective], as: "bob", saying: "bob is not an assigned reader")
        try workspace.expectSuccess(["acknowledge", effective], as: "rita")
        // And the holders of the right succeed where the others were refused.
        try workspace.expectSuccess(["issue", approved], as: "dana")
        try workspace.expectSuccess(["approve", reviewed], as: "carol")
        try workspace.expectSuccess(["verify"])
    }

    @Test("A revoked approver cannot sign again, and their past approvals still verify, with stock git too")
    func revokedApprover() throws {
        let workspace = try Workspace()
        let first = try workspace.create("sop", title: "Approved before revocation")
        try workspace.release(first)
        let approval = try workspace.git([
            "log", "--format=%H", "--grep=^Stet-Event: approve$", "--grep=^Stet-Actor: carol$", "--all-match",
            "refs/heads/main",
        ]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(approval.count == 40)
        try workspace.expectSuccess(["user", "revoke", "carol", "--reason", "Left the laboratory"], as: "dana")
        let second = try workspace.create("sop", title: "After revocation")
        try workspace.expectSuccess(["submit", second, "--reviewers", "bob", "--approvers", "erin"], as: "alice")
        try workspace.expectSuccess(["review", second, "--accept"], as: "bob")
        try workspace.expectRefusal(
            ["approve", second], as: "carol", saying: "user 'carol' has been revoked and can no longer sign")
        let third = try workspace.create("sop", title: "Not for carol")
        try workspace.expectRefusal(
            ["submit", third, "--reviewers", "bob", "--approvers", "carol"], as: "alice", saying: "carol")
        // Valid when made: Stet's verify and ssh-keygen through git both accept her approval.
        let verify = try workspace.expectSuccess(["verify"])
        #expect(verify.stdout.contains("OK"))
        try workspace.write("signers", try workspace.expectSuccess(["signers"]).stdout)
        let git = try workspace.git(
            [
                "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(workspace.path("signers"))",
                "verify-commit", approval,
            ])
        #expect(git.succeeded, "git verify-commit: \(git.stderr)")
        #expect(git.stderr.contains("Good \"git\" signature for carol"))
    }
}

import Foundation
import Testing

/// The everyday changes after enrolment and submission: a document's details, keys, passphrases
/// and roles, reassigning and withdrawing a revision in review, reading a version before it goes
/// live, and seeing work in progress in the register.
@Suite("Lifecycle changes")
struct LifecycleChangesTests {
    static let newPassphrase = "a-quite-different-passphrase-2026"

    @Test("A document's title, owner and department change by a signed event; copies made before keep theirs")
    func details() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Specimen recepton")
        try workspace.release(id)
        try workspace.expectRefusal(
            ["update", id, "--title", "Specimen reception", "--reason", "Typo"], as: "bob",
            saying: "bob cannot change the details of \(id): only its owner (alice) or a controller can")
        let result = try workspace.expectSuccess(
            [
                "update", id, "--title", "Specimen reception", "--department", "Microbiology", "--reason",
                "Typo in title",
            ],
            as: "alice"
        ).stdout
        #expect(result.contains("\(id) details changed by Alice Moreno: Specimen reception"))
        try workspace.expectSuccess(
            ["update", id, "--owner", "amir", "--reason", "Alice moves to histology"], as: "dana")
        let status = try workspace.expectSuccess(["status", id]).stdout
        #expect(status.contains("\(id)  Specimen reception"))
        #expect(status.contains("Owner:       Amir"))
        #expect(status.contains("Department:  Microbiology"))
        #expect(status.contains("Latest reason: Alice moves to histology (document-update by Dana Whitfield"))
        try workspace.expectRefusal(
            ["update", id, "--department", "Microbiology", "--reason", "Again"], as: "dana",
            saying: "nothing would change")
        let message = try workspace.git(["log", "-1", "--format=%B", "main"]).stdout
        #expect(message.contains("Stet-Event: document-update"))
        #expect(message.contains("Stet-Owner: amir"))
        #expect(message.contains("Stet-Department: Microbiology"))
        #expect(try workspace.expectSuccess(["list"]).stdout.contains("Specimen reception"))
        // An imported document is owned by the controller, who is no author: its title still
        // changes, and the change replays.
        try FileManager.default.createDirectory(atPath: workspace.path("old"), withIntermediateDirectories: true)
        try "# Cold chain\n\nKeep cold.\n".write(
            toFile: workspace.path("old/SOP-0042 Cold chain.md"), atomically: true, encoding: .utf8)
        try workspace.expectSuccess(["import", workspace.path("old")], as: "dana")
        try workspace.expectSuccess(
            ["update", "SOP-0042", "--title", "Cold chain storage", "--reason", "Scope"], as: "dana")
        try workspace.expectSuccess(["verify"])
    }

    @Test(
        "Key rotation: a user's new key signs from now on, their old signatures stay valid, with Stet and with stock git"
    )
    func keyRotation() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Before the new key")
        let oldCommit = try workspace.head()
        let rotated = try workspace.stet(
            ["user", "rekey", "--reason", "Annual key rotation"], as: "alice",
            environment: ["STET_NEW_PASSPHRASE": Self.newPassphrase])
        #expect(rotated.succeeded, "\(rotated.stderr)")
        #expect(rotated.stdout.contains("User alice given a new key by Alice Moreno"))
        // The old passphrase no longer opens alice's key; the new one does, and signs.
        try workspace.expectRefusal(
            ["edit", id, "--file", workspace.path("passphrase"), "--reason", "x"], as: "alice",
            saying: "wrong passphrase")
        try workspace.write("v2.md", "# Before the new key\n\nNew text.\n")
        let edited = try workspace.stet(
            ["edit", id, "--file", workspace.path("v2.md"), "--reason", "Signed with the new key"], as: "alice",
            environment: ["STET_PASSPHRASE": Self.newPassphrase])
        #expect(edited.succeeded, "\(edited.stderr)")
        let newCommit = try workspace.head()
        try workspace.expectSuccess(["verify"])
        // Stock git and ssh-keygen agree: the old commit under the old key, the new under the new.
        try workspace.expectSuccess(["signers", "--output", workspace.path("signers")])
        for commit in [oldCommit, newCommit] {
            let check = try workspace.git([
                "-c", "gpg.ssh.allowedSignersFile=" + workspace.path("signers"), "verify-commit", commit,
            ])
            #expect(check.status == 0, "\(commit): \(check.stderr)")
        }
        let users = try workspace.expectSuccess(["user", "list", "--format", "json"]).stdout
        #expect(users.components(separatedBy: "validUntil").count >= 2)

        // A controller replaces another user's key with one they made elsewhere.
        let elsewhere = workspace.path("bob-new-home")
        try FileManager.default.createDirectory(
            atPath: elsewhere, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = try workspace.stet(["keygen", "--user", "bob"], as: "bob", environment: ["STET_HOME": elsewhere])
        #expect(key.succeeded, "\(key.stderr)")
        try workspace.expectRefusal(
            [
                "user", "rekey", "bob", "--key", key.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--reason",
                "Lost",
            ],
            as: "alice", environment: ["STET_PASSPHRASE": Self.newPassphrase],
            saying: "alice cannot give another user a new key")
        try workspace.expectSuccess(
            [
                "user", "rekey", "bob", "--key", key.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--reason",
                "Laptop lost",
            ],
            as: "dana")
        let submitted = try workspace.stet(
            ["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice",
            environment: ["STET_PASSPHRASE": Self.newPassphrase])
        #expect(submitted.succeeded, "\(submitted.stderr)")
        let oldKey = try workspace.stet(["review", id, "--accept"], as: "bob")
        #expect(!oldKey.succeeded)
        let review = try workspace.stet(["review", id, "--accept"], as: "bob", environment: ["STET_HOME": elsewhere])
        #expect(review.succeeded, "\(review.stderr)")
        try workspace.expectSuccess(["verify"])
    }

    @Test(
        "With four eyes required, a key one controller gives another user signs only once a second controller confirms it"
    )
    func givenKeyNeedsConfirmation() throws {
        let workspace = try Workspace()
        try workspace.expectSuccess(
            ["user", "roles", "erin", "--roles", "approver,reviewer,controller", "--reason", "Deputy"], as: "dana")
        try workspace.expectSuccess(["user", "require-confirmation"], as: "dana")
        let elsewhere = workspace.path("bob-new-home")
        try FileManager.default.createDirectory(
            atPath: elsewhere, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = try workspace.stet(["keygen", "--user", "bob"], as: "bob", environment: ["STET_HOME": elsewhere])
        try workspace.expectSuccess(
            [
                "user", "rekey", "bob", "--key", key.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--reason",
                "Lost",
            ],
            as: "dana")
        let id = try workspace.create("sop", title: "Four eyes")
        try workspace.expectRefusal(
            ["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice",
            saying: "bob's enrolment waits for a second controller's confirmation")
        try workspace.expectRefusal(
            ["user", "confirm", "bob"], as: "dana",
            saying: "dana enrolled bob or gave them their key, and cannot also confirm that")
        try workspace.expectSuccess(["user", "confirm", "bob"], as: "erin")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        // Roles added by one controller wait for another too; roles taken away do not.
        try workspace.expectSuccess(
            ["user", "roles", "rita", "--roles", "reader,approver", "--reason", "Trained"], as: "dana")
        try workspace.expectRefusal(
            ["acknowledge", id], as: "rita", saying: "rita's enrolment waits for a second controller's confirmation")
        try workspace.expectSuccess(["user", "confirm", "rita"], as: "erin")
        try workspace.expectSuccess(
            ["user", "roles", "rita", "--roles", "reader", "--reason", "Left the panel"], as: "dana")
        try workspace.expectSuccess(["verify"])
    }

    @Test("A passphrase change re-seals the same key: nothing in the store changes")
    func passphraseChange() throws {
        let workspace = try Workspace()
        let head = try workspace.head()
        let changed = try workspace.stet(
            ["passphrase"], as: "carol", environment: ["STET_NEW_PASSPHRASE": Self.newPassphrase])
        #expect(changed.succeeded, "\(changed.stderr)")
        #expect(changed.stdout.contains("now sealed under the new passphrase"))
        #expect(try workspace.head() == head)
        try workspace.expectRefusal(
            ["passphrase"], as: "carol", environment: ["STET_NEW_PASSPHRASE": "short"], saying: "wrong passphrase")
        let id = try workspace.create("sop", title: "Passphrase")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", id, "--accept"], as: "bob")
        try workspace.expectRefusal(["approve", id], as: "carol", saying: "wrong passphrase")
        let approved = try workspace.stet(
            ["approve", id], as: "carol", environment: ["STET_PASSPHRASE": Self.newPassphrase])
        #expect(approved.succeeded, "\(approved.stderr)")
    }

    @Test("Role changes are signed; the last controller keeps the role")
    func roles() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Roles")
        try workspace.expectRefusal(
            ["submit", id, "--reviewers", "rita", "--approvers", "carol"], as: "alice",
            saying: "rita cannot be the reviewer of \(id)")
        try workspace.expectRefusal(
            ["user", "roles", "rita", "--roles", "reader,reviewer", "--reason", "Trained"], as: "alice",
            saying: "alice cannot change users' roles")
        let result = try workspace.expectSuccess(
            ["user", "roles", "rita", "--roles", "reader,reviewer", "--reason", "Trained as a reviewer"], as: "dana")
        #expect(result.stdout.contains("Roles of rita changed by Dana Whitfield"))
        try workspace.expectSuccess(["submit", id, "--reviewers", "rita", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", id, "--accept"], as: "rita")
        try workspace.expectRefusal(
            ["user", "roles", "dana", "--roles", "author", "--reason", "x"], as: "dana",
            saying: "dana is the last controller")
        let message = try workspace.git(["log", "--format=%B", "--grep=Roles of rita"]).stdout
        #expect(message.contains("Stet-Subject-Roles: reviewer, reader"))
        try workspace.expectSuccess(["verify"])
    }

    @Test("A revoked approver no longer blocks a revision: status names them, a controller reassigns, and it is issued")
    func revokedApproverReplaced() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Reassigned")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", id, "--accept", "--comment", "Fine"], as: "bob")
        try workspace.expectSuccess(["user", "revoke", "carol", "--reason", "Left the trust"], as: "dana")
        let status = try workspace.expectSuccess(["status", id]).stdout
        #expect(status.contains("Must be replaced: Dr Carol Nguyen (carol)"), "\(status)")
        for user in ["dana", "alice"] {
            let todo = try workspace.expectSuccess(["todo", "--user", user]).stdout
            #expect(todo.contains("replace carol on revision 1 of Reassigned: they can no longer sign"), "\(todo)")
        }
        try workspace.expectRefusal(
            ["reassign", id, "--approvers", "erin", "--reason", "Carol left"], as: "bob",
            saying: "bob cannot reassign reviewers and approvers")
        let result = try workspace.expectSuccess(
            ["reassign", id, "--approvers", "erin", "--reason", "Carol left"], as: "dana"
        ).stdout
        #expect(result.contains("\(id) revision 1 reviewers and approvers changed by Dana Whitfield"))
        // Bob stays and keeps his review; Erin approves; the revision is issued.
        #expect(!(try workspace.expectSuccess(["status", id]).stdout.contains("Must be replaced")))
        try workspace.expectSuccess(["approve", id], as: "erin")
        try workspace.expectSuccess(["issue", id], as: "dana")
        #expect(try workspace.expectSuccess(["status", id]).stdout.contains("State:       effective"))
        let message = try workspace.git(["log", "--format=%B", "--grep=reviewers and approvers changed"]).stdout
        #expect(message.contains("Stet-Event: reassign"))
        #expect(message.contains("Stet-Approvers: erin"))
        #expect(message.contains("Stet-Reason: Carol left"))
        try workspace.expectSuccess(["verify"])
    }

    @Test("A submission is withdrawn to draft by its author, with a reason; reviews lapse")
    func withdraw() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Withdrawn")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", id, "--accept"], as: "bob")
        try workspace.expectRefusal(
            ["withdraw", id, "--reason", "x"], as: "carol", saying: "carol cannot withdraw a revision from review")
        try workspace.expectSuccess(["withdraw", id, "--reason", "Wrong attachment"], as: "alice")
        let status = try workspace.expectSuccess(["status", id]).stdout
        #expect(status.contains("State:       draft"))
        #expect(status.contains("Latest reason: Wrong attachment (withdraw by Alice Moreno"))
        try workspace.expectRefusal(["approve", id], as: "carol", saying: "is draft")
        try workspace.expectSuccess(["submit", id], as: "alice")
        #expect(try workspace.expectSuccess(["status", id]).stdout.contains("Reviewer:  Bob Lindqvist (bob): pending"))
        try workspace.expectSuccess(["verify"])
    }

    @Test("Resubmitted after a rejection, a revision goes to the same reviewers and approvers unless others are named")
    func resubmission() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Resubmitted")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob,erin", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", id, "--reject", "--comment", "Name the identifiers"], as: "bob")
        try workspace.write("r.md", "# Resubmitted\n\nName, date of birth, NHS number.\n")
        try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("r.md"), "--reason", "Identifiers"], as: "alice")
        let submitted = try workspace.expectSuccess(["submit", id], as: "alice").stdout
        #expect(submitted.contains("submitted for review by Alice Moreno"))
        let status = try workspace.expectSuccess(["status", id]).stdout
        #expect(status.contains("Reviewer:  Bob Lindqvist (bob): pending"))
        #expect(status.contains("Reviewer:  Erin Walsh (erin): pending"))
        #expect(status.contains("Approver:  Dr Carol Nguyen (carol): pending"))
        let message = try workspace.git(["log", "-1", "--format=%B", "main"]).stdout
        #expect(message.contains("Stet-Reviewers: bob, erin") && message.contains("Stet-Approvers: carol"))
        try workspace.expectSuccess(["verify"])
    }

    @Test("Staff acknowledge a version once it is issued, before it takes effect; the register shows work in progress")
    func acknowledgeBeforeGoLive() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Go-live")
        try workspace.release(id, effective: "2099-01-01")
        // No version in force yet: the upcoming one is what staff train on.
        try workspace.expectSuccess(["distribute", id, "--roles", "reader"], as: "dana")
        #expect(
            try workspace.expectSuccess(["todo", "--user", "rita"]).stdout.contains(
                "read and acknowledge v1 of Go-live before it takes effect on 2099-01-01"))
        let acknowledged = try workspace.expectSuccess(["acknowledge", id], as: "rita").stdout
        #expect(acknowledged.contains("\(id) v1 read and understood by Rita Costa"))
        try workspace.expectRefusal(
            ["acknowledge", id, "--version", "2"], as: "rita", saying: "v2 is neither in force")
        let second = try workspace.create("sop", title: "Second")
        try workspace.release(second)
        try workspace.write("v2.md", "# Second\n\nVersion two.\n")
        try workspace.expectSuccess(
            ["edit", second, "--file", workspace.path("v2.md"), "--reason", "Update"], as: "alice")
        try workspace.release(second, effective: "2099-02-01")
        try workspace.expectSuccess(["acknowledge", second, "--version", "2"], as: "rita")
        try workspace.expectSuccess(["acknowledge", second], as: "rita")
        for version in [1, 2] {
            let report = try workspace.expectSuccess(
                ["acknowledgements", second, "--version", String(version), "--format", "json"]
            ).stdout
            #expect(report.contains("\"version\" : \(version)") && report.contains("\"user\" : \"rita\""), "\(report)")
        }

        // A revision in progress beside the version in force is in the register, and found by its state.
        try workspace.write("v3.md", "# Second\n\nVersion three.\n")
        try workspace.expectSuccess(
            ["edit", second, "--file", workspace.path("v3.md"), "--reason", "More"], as: "alice")
        let list = try workspace.expectSuccess(["list"]).stdout
        let line = try #require(list.split(separator: "\n").first { $0.hasPrefix(second) })
        #expect(line.contains("v2 from 2099-02-01; revision 3 draft"), "\(line)")
        #expect(try workspace.expectSuccess(["list", "--state", "draft"]).stdout.contains(second))
        #expect(try workspace.expectSuccess(["list", "--state", "issued"]).stdout.contains(id))
        let json = try workspace.expectSuccess(["list", "--format", "json"]).stdout
        #expect(json.contains("\"revisionState\" : \"draft\""))
        #expect(json.contains("\"upcomingVersion\" : 2"))
        try workspace.expectSuccess(["verify"])
    }
}

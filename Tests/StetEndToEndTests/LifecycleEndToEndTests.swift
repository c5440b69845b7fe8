import Foundation
import Testing

/// The whole lifecycle driven through the stet binary by several users.
@Suite("Lifecycle through the stet binary")
struct LifecycleEndToEndTests {
    @Test("Two SOPs and a policy go from draft to effective, with a rejection and a second version")
    func wholeLifecycle() throws {
        let workspace = try Workspace()
        let sop1 = try workspace.create("sop", title: "Specimen reception", body: "Check three identifiers.")
        let sop2 = try workspace.create("sop", title: "Centrifuge cleaning", body: "Wipe the rotor.", as: "amir")
        let policy = try workspace.create("policy", title: "Document control policy", body: "All SOPs are controlled.")
        #expect(sop1 == "SOP-0001")
        #expect(sop2 == "SOP-0002")
        #expect(policy == "POL-0001")

        // A rejection sends revision 1 back; the author revises it and it goes through.
        try workspace.expectSuccess(["submit", sop1, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        let rejected = try workspace.expectSuccess(
            ["review", sop1, "--reject", "--comment", "Name the identifiers"], as: "bob")
        #expect(rejected.stdout.contains("SOP-0001 revision 1 review rejected by Bob Lindqvist"))
        try workspace.write("sop1-r1b.md", "# Specimen reception\n\nCheck name, date of birth and hospital number.\n")
        try workspace.expectSuccess(
            ["edit", sop1, "--file", workspace.path("sop1-r1b.md"), "--reason", "Identifiers named"], as: "alice")
        try workspace.release(sop1)
        try workspace.release(sop2, author: "amir", reviewer: "erin", approver: "carol")
        try workspace.release(policy)

        let firstVersion = try workspace.expectSuccess(["show", sop1])
        #expect(firstVersion.stdout == "# Specimen reception\n\nCheck name, date of birth and hospital number.\n")

        // A second revision becomes version 2; version 1 stays readable but is no longer served as current.
        try workspace.write(
            "sop1-r2.md",
            "# Specimen reception\n\nCheck name, date of birth and hospital number.\nStore within 30 minutes.\n")
        try workspace.expectSuccess(
            ["edit", sop1, "--file", workspace.path("sop1-r2.md"), "--reason", "Storage time limit"], as: "alice")
        // While revision 2 is a draft, staff still get version 1.
        #expect(try workspace.expectSuccess(["show", sop1]).stdout == firstVersion.stdout)
        #expect(try workspace.expectSuccess(["show", sop1, "--draft"]).stdout.contains("30 minutes"))
        try workspace.expectSuccess(["submit", sop1, "--reviewers", "bob,erin", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", sop1, "--accept"], as: "bob")
        try workspace.expectSuccess(["review", sop1, "--accept", "--comment", "Agreed"], as: "erin")
        try workspace.expectSuccess(["approve", sop1], as: "carol")
        let issued = try workspace.expectSuccess(["issue", sop1], as: "dana")
        #expect(issued.stdout.contains("SOP-0001 v2 issued by Dana Whitfield"))

        #expect(try workspace.expectSuccess(["show", sop1]).stdout.contains("Store within 30 minutes."))
        #expect(try workspace.expectSuccess(["show", sop1, "--version", "1"]).stdout == firstVersion.stdout)

        // Retiring SOP-0002 keeps its history but it is never served again.
        try workspace.expectSuccess(["retire", sop2, "--reason", "Centrifuge replaced"], as: "dana")
        let retired = try workspace.stet(["show", sop2])
        #expect(retired.status == 1)
        #expect(retired.stderr.contains("SOP-0002 has no effective version"))
        #expect(try workspace.expectSuccess(["show", sop2, "--version", "1"]).stdout.contains("Wipe the rotor."))

        // The register, as people and as scripts read it.
        let register = try workspace.expectSuccess(["list", "--format", "json"])
        let entries = try JSONSerialization.jsonObject(with: Data(register.stdout.utf8)) as! [[String: Any]]
        let byID = Dictionary(uniqueKeysWithValues: entries.map { ($0["id"] as! String, $0) })
        #expect(byID.count == 3)
        #expect(byID[sop1]?["state"] as? String == "effective")
        #expect(byID[sop1]?["version"] as? Int == 2)
        #expect(byID[sop1]?["owner"] as? String == "alice")
        #expect(byID[sop2]?["state"] as? String == "retired")
        #expect(byID[policy]?["version"] as? Int == 1)
        #expect(byID[policy]?["type"] as? String == "policy")
        let today = utcDay(offset: 0)
        #expect(byID[sop1]?["effective"] as? String == today)
        let text = try workspace.expectSuccess(["list"]).stdout
        #expect(text.contains("ID"))
        #expect(text.contains("NEXT REVIEW"))
        #expect(text.contains("Specimen reception"))
        let effectiveOnly = try workspace.expectSuccess(["list", "--state", "effective"]).stdout
        #expect(!effectiveOnly.contains(sop2))

        // Status and log show who signed, when, and with what meaning.
        let status = try workspace.expectSuccess(["status", sop1]).stdout
        #expect(status.contains("In force:    v2 since \(today)"))
        #expect(status.contains("Approved by Dr Carol Nguyen (carol) at \(today)T"))
        #expect(status.contains("(meaning: approval)"))
        let log = try workspace.expectSuccess(["log", sop1]).stdout
        #expect(log.contains("signed by Dr Carol Nguyen (carol) as approver, meaning: approval"))
        #expect(log.contains("reason: Name the identifiers"))
        let events =
            try JSONSerialization.jsonObject(
                with: Data(try workspace.expectSuccess(["log", sop1, "--format", "json"]).stdout.utf8))
            as! [[String: Any]]
        let kinds = events.map { ($0["event"] as! [String: Any])["kind"] as! String }
        #expect(
            kinds == [
                "issue", "approve", "review", "review", "submit", "edit", "issue", "approve", "review", "submit",
                "edit", "review", "submit", "create",
            ])

        let verify = try workspace.expectSuccess(["verify"])
        #expect(verify.stdout.contains("OK: every signature and every event holds."))
    }

    @Test("Stock git reads the store: fsck passes, verify-commit accepts every event, log is readable")
    func stockGitWitness() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Hand hygiene")
        try workspace.release(id)
        try workspace.expectSuccess(["user", "revoke", "rita", "--reason", "Left the organisation"], as: "dana")

        let fsck = try workspace.git(["fsck", "--strict", "--no-dangling"])
        #expect(fsck.succeeded, "git fsck: \(fsck.stderr)")

        try workspace.expectSuccess(["signers", "--output", workspace.path("allowed_signers")])
        let commits = try workspace.git(["rev-list", "main"]).stdout.split(separator: "\n").map(String.init)
        #expect(commits.count == 13)
        for commit in commits {
            let result = try workspace.git(
                ["-c", "gpg.ssh.allowedSignersFile=\(workspace.path("allowed_signers"))", "verify-commit", commit])
            #expect(result.succeeded, "git verify-commit \(commit): \(result.stderr)")
            #expect(result.stderr.contains("Good \"git\" signature"))
        }

        let log = try workspace.git(["log", "--format=%s"]).stdout
        #expect(log.contains("User rita revoked by Dana Whitfield"))
        #expect(log.contains("SOP-0001 v1 issued by Dana Whitfield, effective"))
        #expect(log.contains("SOP-0001 revision 1 approved by Dr Carol Nguyen"))
        let message = try workspace.git(["log", "-1", "--skip=1", "--format=%B"]).stdout
        #expect(message.contains("Stet-Event: issue"))
        #expect(message.contains("Stet-Meaning: issue"))
        #expect(message.contains("Stet-Actor: dana"))

        // The effective document is a plain Markdown file in the tree.
        let effective = try workspace.git(["show", "main:effective/SOP-00/\(id).md"]).stdout
        #expect(effective == "# Hand hygiene\n\nProcedure text.\n")
    }

    @Test("A future effective date leaves the current version in force until that day")
    func futureEffectiveDate() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Waste segregation", body: "Version one.")
        try workspace.release(id)
        try workspace.write("v2.md", "# Waste segregation\n\nVersion two.\n")
        try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("v2.md"), "--reason", "New bins"], as: "alice")
        try workspace.release(id, effective: "2099-01-01")
        #expect(try workspace.expectSuccess(["show", id]).stdout.contains("Version one."))
        #expect(try workspace.expectSuccess(["show", id, "--version", "2"]).stdout.contains("Version two."))
        let status = try workspace.expectSuccess(["status", id]).stdout
        #expect(status.contains("Version 2: revision 2, effective 2099-01-01, takes effect 2099-01-01"))
        try workspace.expectSuccess(["verify"])
    }

    @Test("A new document without --file starts from the type's template")
    func templateDraft() throws {
        let workspace = try Workspace()
        let result = try workspace.expectSuccess(["new", "sop", "--title", "Blood culture \"sets\""], as: "alice")
        let id = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let draft = try workspace.expectSuccess(["show", id, "--draft"]).stdout
        #expect(draft.hasPrefix("---\ntitle: \"Blood culture \\\"sets\\\"\"\ntype: sop\n"))
        for section in ["Purpose", "Scope", "Responsibilities", "Definitions", "Procedure", "References", "Records"] {
            #expect(draft.contains(section))
        }
    }
}

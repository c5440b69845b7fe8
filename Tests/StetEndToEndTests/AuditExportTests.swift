import CSV
import Foundation
import Testing

/// `stet audit` exports, parsed back and checked field by field.
@Suite("Audit trail export")
struct AuditExportTests {
    let workspace: Workspace
    let sop: String
    let policy: String

    /// Alice writes an SOP that Bob rejects once, then it is approved by Carol and issued;
    /// Amir writes a policy that Erin reviews and Carol approves; Rita is revoked.
    init() throws {
        workspace = try Workspace()
        sop = try workspace.create("sop", title: "Specimen reception")
        try workspace.expectSuccess(["submit", sop, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(
            ["review", sop, "--reject", "--comment", "=HYPERLINK(\"x\"), name the identifiers"], as: "bob")
        try workspace.write("r.md", "# Specimen reception\n\nName, date of birth, hospital number.\n")
        try workspace.expectSuccess(
            ["edit", sop, "--file", workspace.path("r.md"), "--reason", "Identifiers named"], as: "alice")
        try workspace.release(sop)
        policy = try workspace.create("policy", title: "Records retention", as: "amir")
        try workspace.release(policy, author: "amir", reviewer: "erin", approver: "carol")
        try workspace.expectSuccess(["user", "revoke", "rita", "--reason", "Left the trust"], as: "dana")
    }

    func export(_ arguments: [String]) throws -> String {
        try workspace.expectSuccess(["audit"] + arguments).stdout
    }

    @Test("CSV opens as RFC 4180 rows with every field of known events, and ends with the head")
    func csv() throws {
        let text = try export(["--format", "csv"])
        #expect(text.hasSuffix("\r\n"))
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        #expect(
            reader.headerRow == [
                "sequence", "time", "event", "summary", "document", "title", "revision", "version", "state_before",
                "state_after", "actor", "actor_name", "role", "meaning", "reason", "content_hash", "commit",
                "signature_valid", "signer_key", "verdict", "effective_date", "reviewers", "approvers",
                "distribution_users", "distribution_roles", "subject_user", "subject_name", "subject_roles",
                "subject_key", "enrolled_by", "confirmed_by", "type", "type_title", "type_prefix", "type_digits",
                "type_review_months", "type_approvals", "type_reviewer_may_approve", "source", "version_label",
                "attachments", "owner", "department", "previous_title", "previous_owner", "previous_department",
                "part_of", "clauses", "copy_number", "copy_holder", "copy_file", "organisation", "time_zone",
            ])
        var rows: [[String: String]] = []
        while reader.next() != nil {
            rows.append(Dictionary(uniqueKeysWithValues: zip(reader.headerRow!, reader.currentRow!)))
        }
        let events = rows.filter { $0["event"] != "end-of-export" }
        #expect(events.count == 21)
        #expect(events.map { Int($0["sequence"]!)! } == Array(1...21))
        #expect(events.allSatisfy { $0["signature_valid"] == "true" })
        let commits = try workspace.git(["rev-list", "--reverse", "main"]).stdout.split(separator: "\n").map(
            String.init)
        #expect(events.map { $0["commit"]! } == commits)

        let rejection = try #require(events.first { $0["event"] == "review" && $0["state_after"] == "draft" })
        #expect(rejection["document"] == sop)
        #expect(rejection["title"] == "Specimen reception")
        #expect(rejection["revision"] == "1")
        #expect(rejection["state_before"] == "in-review")
        #expect(rejection["actor"] == "bob")
        #expect(rejection["actor_name"] == "Bob Lindqvist")
        #expect(rejection["role"] == "reviewer")
        #expect(rejection["meaning"] == "rejection")
        // A cell a spreadsheet would run as a formula is neutralised.
        #expect(rejection["reason"] == "'=HYPERLINK(\"x\"), name the identifiers")
        #expect(rejection["content_hash"]?.hasPrefix("sha256:") == true)
        #expect(rejection["time"]?.hasSuffix("Z") == true)

        let issue = try #require(events.first { $0["event"] == "issue" && $0["document"] == sop })
        #expect(issue["version"] == "1")
        #expect(issue["revision"] == "1")
        #expect(issue["summary"]?.hasPrefix("SOP-0001 v1 issued by Dana Whitfield, effective ") == true)
        #expect(issue["meaning"] == "issue")
        let draft = try workspace.git(["show", "main:documents/SOP-00/\(sop)/versions/1.md"]).stdout
        let hash = try sha256(draft)
        #expect(issue["content_hash"] == "sha256:" + hash)

        let footer = try #require(rows.last)
        #expect(footer["event"] == "end-of-export")
        #expect(footer["commit"] == (try workspace.head()))
    }

    @Test("JSON Lines and JSON carry the same records and the head they cover")
    func json() throws {
        let lines = try export(["--format", "jsonl"]).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        let trailer = try #require(lines.last)
        #expect(trailer["head"] as? String == (try workspace.head()))
        #expect(trailer["count"] as? Int == 21)
        let records = lines.dropLast()
        let approval = try #require(
            records.first { $0["event"] as? String == "approve" && $0["document"] as? String == policy })
        #expect(approval["actor"] as? String == "carol")
        #expect(approval["actorName"] as? String == "Dr Carol Nguyen")
        #expect(approval["meaning"] as? String == "approval")
        #expect(approval["role"] as? String == "approver")
        #expect(approval["title"] as? String == "Records retention")
        #expect(approval["stateBefore"] as? String == "in-review")
        #expect(approval["stateAfter"] as? String == "approved")
        #expect(approval["signatureValid"] as? Bool == true)

        let whole =
            try JSONSerialization.jsonObject(with: Data(try export(["--format", "json"]).utf8)) as! [String: Any]
        let events = whole["events"] as! [[String: Any]]
        #expect(events.count == 21)
        #expect(whole["head"] as? String == (try workspace.head()))
        #expect(events.map { $0["commit"] as! String } == records.map { $0["commit"] as! String })
    }

    @Test("Filters by document, user, event and date combine")
    func filters() throws {
        func sequences(_ arguments: [String]) throws -> [String] {
            try export(["--format", "jsonl"] + arguments).split(separator: "\n").dropLast().map {
                let record = try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
                return "\(record["event"]!):\(record["document"] ?? "-")"
            }
        }
        #expect(
            try sequences(["--document", policy]) == [
                "create:POL-0001", "submit:POL-0001", "review:POL-0001", "approve:POL-0001", "issue:POL-0001",
            ])
        #expect(try sequences(["--document", policy, "--document", sop]).count == 13)
        #expect(try sequences(["--user", "carol"]) == ["user-add:-", "approve:SOP-0001", "approve:POL-0001"])
        #expect(try sequences(["--user", "rita"]) == ["user-add:-", "user-revoke:-"])
        #expect(
            try sequences(["--event", "approve", "--event", "issue"]) == [
                "approve:SOP-0001", "issue:SOP-0001", "approve:POL-0001", "issue:POL-0001",
            ])
        #expect(try sequences(["--event", "approve", "--document", sop]) == ["approve:SOP-0001"])
        let today = utcDay(offset: 0)
        #expect(try sequences(["--since", today, "--until", today]).count == 21)
        #expect(try sequences(["--until", "2000-01-01"]).isEmpty)
        #expect(try sequences(["--since", "2999-01-01"]).isEmpty)
        let bad = try workspace.stet(["audit", "--event", "approval"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("'approval' is not one of init, user-add"))
    }

    @Test("--output writes the file, and the export names the head to anchor")
    func outputFile() throws {
        try workspace.expectSuccess(["audit", "--output", workspace.path("trail.csv")])
        let text = try String(contentsOfFile: workspace.path("trail.csv"), encoding: .utf8)
        #expect(text.contains("end-of-export"))
        #expect(try workspace.expectSuccess(["verify", "--anchor", try workspace.head()]).succeeded)
    }

    @Test("--output into a named pipe writes through it and leaves it a pipe, as /dev/null stays a device")
    func outputIntoSpecialFile() throws {
        for (arguments, expected) in [
            (["audit"], "end-of-export"), (["signers"], "namespaces=\"git\""),
        ] {
            let pipe = workspace.path("pipe-\(arguments[0])")
            let received = workspace.path("received-\(arguments[0])")
            _ = try runProcess("/usr/bin/mkfifo", [pipe])
            // The reader, as a shell pipeline would be; it ends when the writer closes the pipe
            // (or, had the pipe been replaced, after a while instead of never).
            let reader = Process()
            reader.executableURL = URL(fileURLWithPath: "/bin/sh")
            reader.arguments = ["-c", "timeout 30 cat \"$0\" > \"$1\"", pipe, received]
            try reader.run()
            try workspace.expectSuccess(arguments + ["--output", pipe])
            reader.waitUntilExit()
            #expect(try String(contentsOfFile: received, encoding: .utf8).contains(expected))
            var status = stat()
            #expect(lstat(pipe, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "still a pipe")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: workspace.path("")).allSatisfy {
                    !$0.contains(".partial-")
                })
        }
        // A link to a file: the file is written, the link stays (as `--output /dev/stdout` into a file).
        try "old\n".write(toFile: workspace.path("linked.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: workspace.path("link.csv"), withDestinationPath: workspace.path("linked.csv"))
        try workspace.expectSuccess(["audit", "--output", workspace.path("link.csv")])
        #expect(try String(contentsOfFile: workspace.path("linked.csv"), encoding: .utf8).contains("end-of-export"))
        #expect(
            (try? FileManager.default.destinationOfSymbolicLink(atPath: workspace.path("link.csv")))
                == workspace.path("linked.csv"), "still a link")
        // A file in a folder that is not there: one line, and nothing left behind.
        let missing = try workspace.stet(["audit", "--output", workspace.path("no-such-folder/trail.csv")])
        #expect(missing.status == 1)
        #expect(missing.stderr.split(separator: "\n").count == 1)
        #expect(missing.stderr.contains("no-such-folder/trail.csv") && missing.stderr.contains("cannot create it"))
    }

    func sha256(_ text: String) throws -> String {
        let result = try runProcess(
            "/bin/sh", ["-c", "printf '%s' \"$TEXT\" | sha256sum"], environment: ["TEXT": text])
        return String(result.stdout.prefix(64))
    }

    @Test("Every event's own details are in the export, read back from CSV and from JSON")
    func details() throws {
        // A second controller, then enrolments that need one to confirm another's.
        try workspace.expectSuccess(
            ["user", "roles", "erin", "--roles", "approver,reviewer,controller", "--reason", "Deputy"], as: "dana")
        try workspace.expectSuccess(["user", "require-confirmation"], as: "dana")
        let key = try workspace.keygen("zoe")
        try workspace.expectSuccess(
            ["user", "add", "zoe", "--name", "Zoe Park", "--role", "author", "--role", "reviewer", "--key", key],
            as: "dana")
        try workspace.expectSuccess(["user", "confirm", "zoe"], as: "erin")
        try workspace.expectSuccess(
            [
                "type", "set", "guideline", "--title", "Guideline", "--prefix", "GL-", "--digits", "3",
                "--review-months", "12", "--approvals", "1", "--reviewer-may-approve", "yes",
            ], as: "dana")
        try workspace.expectSuccess(["distribute", sop, "--users", "amir", "--roles", "reviewer"], as: "dana")
        try workspace.expectSuccess(
            [
                "update", sop, "--department", "Blood sciences", "--title", "Specimen booking", "--reason",
                "Reorganised",
            ],
            as: "dana")
        let third = try workspace.create("sop", title: "Centrifuge")
        try workspace.release(third, effective: "2099-03-01")
        try workspace.expectSuccess(["update", third, "--part-of", sop, "--reason", "A step of booking"], as: "dana")
        try FileManager.default.createDirectory(atPath: workspace.path("old"), withIntermediateDirectories: true)
        try "---\nsop_version: 4.2.1\n---\n# Cold chain\n<!-- [13485:7.5.11] -->\n\nKeep cold.\n".write(
            toFile: workspace.path("old/SOP-0042 Cold chain.md"), atomically: true, encoding: .utf8)
        try workspace.expectSuccess(["import", workspace.path("old")], as: "dana")

        let reader = try CSVReader(string: try export(["--format", "csv"]), hasHeaderRow: true)
        var rows: [[String: String]] = []
        while reader.next() != nil {
            rows.append(Dictionary(uniqueKeysWithValues: zip(reader.headerRow!, reader.currentRow!)))
        }
        let jsonText = try export(["--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(jsonText.utf8)) as! [String: Any]
        let records = json["events"] as! [[String: Any]]
        func csvRow(
            _ event: String, _ matching: (([String: String]) -> Bool) = { _ in true }
        ) throws -> [String: String] {
            try #require(rows.last { $0["event"] == event && matching($0) }, "\(event)")
        }
        func jsonDetails(_ commit: String?) throws -> [String: Any] {
            let record = try #require(records.first { $0["commit"] as? String == commit })
            return record["details"] as? [String: Any] ?? [:]
        }

        let enrolment = try csvRow("user-add") { $0["subject_user"] == "zoe" }
        #expect(enrolment["subject_roles"] == "author, reviewer")
        #expect(enrolment["subject_key"]?.hasPrefix("SHA256:") == true)
        #expect(enrolment["enrolled_by"] == "dana")
        #expect(enrolment["signer_key"]?.hasPrefix("SHA256:") == true)
        var details = try jsonDetails(enrolment["commit"])
        #expect(details["subjectRoles"] as? [String] == ["author", "reviewer"])
        #expect(details["subjectKey"] as? String == enrolment["subject_key"])

        let confirmation = try csvRow("user-confirm")
        #expect(confirmation["enrolled_by"] == "dana" && confirmation["confirmed_by"] == "erin")
        details = try jsonDetails(confirmation["commit"])
        #expect(details["enrolledBy"] as? String == "dana" && details["confirmedBy"] as? String == "erin")

        let roles = try csvRow("user-roles")
        #expect(roles["subject_user"] == "erin" && roles["subject_roles"] == "reviewer, approver, controller")
        #expect(
            (try jsonDetails(roles["commit"]))["subjectRoles"] as? [String] == ["reviewer", "approver", "controller"])

        let type = try csvRow("type-set") { $0["type"] == "guideline" }
        #expect(type["type_title"] == "Guideline" && type["type_prefix"] == "GL-" && type["type_digits"] == "3")
        #expect(type["type_review_months"] == "12" && type["type_approvals"] == "1")
        details = try jsonDetails(type["commit"])
        #expect(details["typePrefix"] as? String == "GL-" && details["typeReviewMonths"] as? Int == 12)

        let submission = try csvRow("submit") { $0["document"] == third }
        #expect(submission["reviewers"] == "bob" && submission["approvers"] == "carol")
        #expect((try jsonDetails(submission["commit"]))["approvers"] as? [String] == ["carol"])

        let distribution = try csvRow("distribute")
        #expect(distribution["distribution_users"] == "amir" && distribution["distribution_roles"] == "reviewer")
        #expect((try jsonDetails(distribution["commit"]))["distributionRoles"] as? [String] == ["reviewer"])

        let issue = try csvRow("issue") { $0["document"] == third }
        #expect(issue["effective_date"] == "2099-03-01")
        #expect((try jsonDetails(issue["commit"]))["effectiveDate"] as? String == "2099-03-01")

        let imported = try csvRow("import")
        #expect(imported["title"] == "Cold chain" && imported["source"] == "SOP-0042 Cold chain.md")
        #expect(imported["version_label"] == "4.2.1" && imported["type"] == "sop")
        #expect((try jsonDetails(imported["commit"]))["versionLabel"] as? String == "4.2.1")

        let update = try csvRow("document-update") { $0["document"] == sop }
        #expect(update["department"] == "Blood sciences" && update["owner"] == "alice")
        #expect((try jsonDetails(update["commit"]))["department"] as? String == "Blood sciences")
        // What the details were before: an update's row says what it changed, not only the outcome.
        #expect(update["title"] == "Specimen booking" && update["previous_title"] == "Specimen reception")
        #expect(update["previous_owner"] == "alice" && update["previous_department"] == "")
        let linked = try csvRow("document-update") { $0["document"] == third }
        #expect(linked["part_of"] == sop && linked["previous_title"] == "Centrifuge")
        #expect(linked["previous_department"] == "" && linked["part_of"] == sop)
        #expect((try jsonDetails(linked["commit"]))["partOf"] as? [String] == [sop])
        #expect(imported["clauses"] == "13485:7.5.11")
        #expect((try jsonDetails(imported["commit"]))["clauses"] as? [String] == ["13485:7.5.11"])
        let guideline = try csvRow("type-set") { $0["type"] == "guideline" }
        #expect(guideline["type_reviewer_may_approve"] == "yes")
    }
}

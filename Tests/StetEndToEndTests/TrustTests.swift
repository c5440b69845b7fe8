import Foundation
import Testing

/// What an insider cannot do through the command line, and what stock git confirms: forged
/// states are not served, input cannot reach outside where it was given, names cannot deceive.
@Suite("Trust")
struct TrustTests {
    let workspace: Workspace

    init() throws { workspace = try Workspace() }

    @Test("A forged commit on the branch: show, status, list, render and signing all refuse, in one line")
    func forgedHeadIsNotServed() throws {
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.release(id)
        #expect(try workspace.expectSuccess(["show", id]).stdout.contains("Procedure text."))
        // An insider writes the effective copy with stock git and moves the branch to it.
        let git = workspace.git
        let head = try workspace.head()
        let blob = try runProcess(
            "/bin/sh", ["-c", "printf 'Forged text.\\n' | git -C \"$0\" hash-object -w --stdin", workspace.store]
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let index = workspace.path("forged-index")
        let environment = ["GIT_INDEX_FILE": index]
        _ = try git(["read-tree", head], environment)
        _ = try git(["update-index", "--cacheinfo", "100644,\(blob),effective/SOP-00/\(id).md"], environment)
        let tree = try git(["write-tree"], environment).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let message = try git(["log", "-1", "--format=%B", head], [:]).stdout
        let commit = try runProcess(
            "/usr/bin/git", ["-C", workspace.store, "commit-tree", tree, "-p", head, "-m", message],
            environment: [
                "GIT_AUTHOR_NAME": "Rita Costa", "GIT_AUTHOR_EMAIL": "rita", "GIT_COMMITTER_NAME": "Rita Costa",
                "GIT_COMMITTER_EMAIL": "rita",
            ]
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try git(["update-ref", "refs/heads/main", commit, head], [:])

        for arguments in [["show", id], ["status", id], ["list"], ["render", id]] {
            let result = try workspace.stet(arguments)
            #expect(result.status == 1, "\(arguments) served a forged head")
            #expect(!result.stdout.contains("Forged text."))
            #expect(
                result.stderr.contains("the store fails verification at commit \(commit.prefix(12))"),
                "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        try workspace.expectRefusal(
            ["reaffirm", id, "--comment", "Still right"], as: "dana", saying: "the store fails verification")
        let verify = try workspace.stet(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.hasPrefix("FAIL commit \(commit.prefix(12))"), "\(verify.stdout)")
        #expect(!verify.stdout.contains("write it down to check"))
        #expect(verify.stdout.contains("not a verified state"))
    }

    @Test("Deleting or garbling the verified-heads cache changes no answer")
    func cacheIsAnAcceleratorOnly() throws {
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.release(id)
        let folder = workspace.home + "/cache/verified"
        let expected = try workspace.expectSuccess(["show", id]).stdout
        // One record under the path the store is named by, one under its first event.
        let records = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }
        #expect(records.count == 2)
        for garbage in ["", "stet verified head 3\nnot a path\nnot an id\n", String(repeating: "x", count: 100_000)] {
            for record in records {
                try garbage.write(toFile: folder + "/" + record, atomically: true, encoding: .utf8)
            }
            #expect(try workspace.expectSuccess(["show", id]).stdout == expected)
        }
        try FileManager.default.removeItem(atPath: folder)
        #expect(try workspace.expectSuccess(["show", id]).stdout == expected)
    }

    @Test("Dr <Maya> Patel signs events that verify, with Stet and with stock git and ssh-keygen")
    func angleBracketsInPrintedNames() throws {
        let key = try workspace.keygen("maya")
        try workspace.expectSuccess(
            [
                "user", "add", "maya", "--name", "Dr <Maya> Patel", "--key", key, "--role", "approver", "--role",
                "reviewer",
            ],
            as: "dana")
        let id = try workspace.create("sop", title: "Specimen reception")
        // One person both reviews and approves only where the type allows it.
        try workspace.expectSuccess(["type", "set", "sop", "--reviewer-may-approve", "yes"], as: "dana")
        try workspace.release(id, reviewer: "maya", approver: "maya")
        try workspace.expectSuccess(["verify"])
        try workspace.expectSuccess(["signers", "--output", workspace.path("allowed")])
        let log = try workspace.git(["log", "--format=%H %an", "refs/heads/main"]).stdout
        let mayas = log.split(separator: "\n").filter { $0.hasSuffix("Dr ‹Maya› Patel") }
        #expect(mayas.count == 2, "\(log)")  // her review and her approval
        for line in mayas {
            let commit = String(line.prefix(40))
            let result = try workspace.git([
                "-c", "gpg.ssh.program=ssh-keygen", "-c", "gpg.ssh.allowedSignersFile=\(workspace.path("allowed"))",
                "verify-commit", commit,
            ])
            #expect(result.succeeded, "git verify-commit \(commit): \(result.stderr)")
            #expect(result.stderr.contains("Good \"git\" signature for maya"))
        }
        #expect(try workspace.git(["fsck", "--strict"]).succeeded)
        let status = try workspace.expectSuccess(["status", id]).stdout
        #expect(status.contains("Dr <Maya> Patel (maya)"))
    }

    @Test("Printed names are unique; bidirectional and invisible characters are refused in names, titles and reasons")
    func deceivingText() throws {
        let key = try workspace.keygen("carol2")
        try workspace.expectRefusal(
            ["user", "add", "carol2", "--name", "dr carol  nguyen", "--key", key, "--role", "approver"], as: "dana",
            saying: "is already the printed name of carol")
        try workspace.expectRefusal(
            ["user", "add", "carol2", "--name", "Carol \u{202E}nayugN", "--key", key, "--role", "approver"],
            as: "dana", saying: "invisible character U+202E")
        try workspace.write("doc.md", "# Doc\n\nText.\n")
        for (character, code) in [
            ("\u{2066}", "2066"), ("\u{200B}", "200B"), ("\u{FEFF}", "FEFF"), ("\u{200E}", "200E"),
        ] {
            try workspace.expectRefusal(
                ["new", "sop", "--title", "Safe\(character)title", "--file", workspace.path("doc.md")], as: "alice",
                saying: "invisible character U+\(code)")
        }
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.expectRefusal(
            ["edit", id, "--file", workspace.path("doc.md"), "--reason", "Fix \u{202D}typo"], as: "alice",
            saying: "invisible character U+202D")
        // Scripts that need a joiner keep it.
        _ = try workspace.create("sop", title: "نامه\u{200C}ها")
    }

    @Test("Import never follows a symbolic link: to a folder outside, a file outside, or a key file")
    func importDoesNotFollowLinks() throws {
        let folder = workspace.path("qms")
        let outside = workspace.path("outside")
        try FileManager.default.createDirectory(atPath: folder + "/sop", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try workspace.write("outside/SOP-0901 Secret.md", "# Secret\n\nOutside text.\n")
        try workspace.write("outside/secret.png", "PNG outside\n")
        try workspace.write("qms/sop/SOP-0001 Reception.md", "# Reception\n\n![Outside](img/secret.png)\n")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: folder + "/linked-folder", withDestinationPath: outside)
        try fm.createSymbolicLink(
            atPath: folder + "/sop/SOP-0902 Linked.md", withDestinationPath: outside + "/SOP-0901 Secret.md")
        try fm.createSymbolicLink(
            atPath: folder + "/sop/SOP-0903 Key.md", withDestinationPath: workspace.home + "/keys/dana.key")
        try fm.createSymbolicLink(atPath: folder + "/sop/img", withDestinationPath: outside)
        let result = try workspace.expectSuccess(["import", folder], as: "dana").stdout
        #expect(result.contains("imported SOP-0001"))
        #expect(result.contains("skipped linked-folder: a symbolic link to a place outside the imported folder"))
        #expect(
            result.contains("skipped sop/SOP-0902 Linked.md: a symbolic link to a place outside the imported folder"))
        #expect(result.contains("skipped sop/SOP-0903 Key.md: a symbolic link to a place outside the imported folder"))
        #expect(result.contains("skipped sop/img: a symbolic link"))
        let files = try workspace.git(["ls-tree", "-r", "--name-only", "refs/heads/main"]).stdout
        #expect(!files.contains("SOP-0901") && !files.contains("SOP-0902") && !files.contains("SOP-0903"))
        #expect(!files.contains("secret.png"))
        let everything = try workspace.git(["log", "-p", "refs/heads/main"]).stdout
        #expect(
            !everything.contains("Outside text.") && !everything.contains("PNG outside")
                && !everything.contains("sealed"))
        try workspace.expectSuccess(["verify"])
    }

    @Test("A file named on the command line: a link out of its folder, a FIFO and a device are refused")
    func commandLineFiles() throws {
        try FileManager.default.createDirectory(atPath: workspace.path("drafts"), withIntermediateDirectories: true)
        try workspace.write("outside.md", "# Outside\n\nText.\n")
        try FileManager.default.createSymbolicLink(
            atPath: workspace.path("drafts/link.md"), withDestinationPath: workspace.path("outside.md"))
        try workspace.expectRefusal(
            ["new", "sop", "--title", "Linked", "--file", workspace.path("drafts/link.md")], as: "alice",
            saying: "it is a symbolic link to")
        #expect(mkfifo(workspace.path("drafts/pipe.md"), 0o600) == 0)
        try workspace.expectRefusal(
            ["new", "sop", "--title", "Pipe", "--file", workspace.path("drafts/pipe.md")], as: "alice",
            saying: "not a regular file")
        try workspace.expectRefusal(
            ["new", "sop", "--title", "Zero", "--file", "/dev/zero"], as: "alice", saying: "not a regular file")
        // A link that stays in its own folder is an ordinary alias.
        try workspace.write("drafts/real.md", "# Real\n\nText.\n")
        try FileManager.default.createSymbolicLink(
            atPath: workspace.path("drafts/alias.md"), withDestinationPath: workspace.path("drafts/real.md"))
        try workspace.expectSuccess(
            ["new", "sop", "--title", "Alias", "--file", workspace.path("drafts/alias.md")], as: "alice")
    }

    @Test("A key folder others can write, a linked key file, and guessable passphrases are refused")
    func keysAndPassphrases() throws {
        // A document the rules let dana reaffirm: only the key folder stands in the way.
        try workspace.release(try workspace.create("sop", title: "Specimen reception"))
        chmod(workspace.home, 0o777)
        try workspace.expectRefusal(
            ["reaffirm", "SOP-0001", "--comment", "x"], as: "dana", saying: "can be written by others (mode 777)")
        chmod(workspace.home, 0o700)
        let keys = workspace.home + "/keys"
        try FileManager.default.moveItem(atPath: keys + "/rita.key", toPath: workspace.path("rita.key"))
        try FileManager.default.createSymbolicLink(
            atPath: keys + "/rita.key", withDestinationPath: workspace.path("rita.key"))
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.release(id)
        try workspace.expectRefusal(["acknowledge", id], as: "rita", saying: "is a symbolic link")
        for (weak, reason) in [
            ("aaaaaaaaaaaa", "it is one character repeated"), ("abcabcabcabc", "it repeats 'abc'"),
            ("1234567890", "it is a run of the keyboard"), ("qwertyuiop", "it is a run of the keyboard"),
            ("Password123!", "it is one of the most common passwords"),
            ("P@ssw0rd2024", "it is one of the most common passwords"),
            ("correct horse battery staple", "it is one of the most common passwords"),
        ] {
            try workspace.write("weak", weak + "\n")
            let result = try workspace.stet(["keygen", "--user", "weak", "--passphrase-file", workspace.path("weak")])
            #expect(result.status == 1, "\(weak) was accepted")
            #expect(result.stderr.contains("passphrase too easy to guess (\(reason)"), "\(weak): \(result.stderr)")
        }
    }

    @Test("Four eyes: with confirmation required, a user enrolled by one controller acts only once another confirms")
    func fourEyesOnEnrolment() throws {
        let samKey = try workspace.keygen("sam")
        try workspace.expectSuccess(
            ["user", "add", "sam", "--name", "Sam Okafor", "--key", samKey, "--role", "controller"], as: "dana")
        try workspace.expectSuccess(["user", "require-confirmation"], as: "dana")
        let malKey = try workspace.keygen("mal")
        try workspace.expectSuccess(
            ["user", "add", "mal", "--name", "Mal Reyes", "--key", malKey, "--role", "approver"], as: "dana")
        #expect(
            try workspace.expectSuccess(["user", "list"]).stdout.contains("awaits confirmation (enrolled by dana)"))
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.expectRefusal(
            ["submit", id, "--reviewers", "bob", "--approvers", "mal"], as: "alice",
            saying: "mal's enrolment waits for a second controller's confirmation")
        try workspace.expectRefusal(
            ["user", "confirm", "mal"], as: "dana",
            saying: "dana enrolled mal or gave them their key, and cannot also confirm that")
        try workspace.expectSuccess(["user", "confirm", "mal"], as: "sam")
        try workspace.release(id, approver: "mal")
        let verify = try workspace.expectSuccess(["verify"]).stdout
        #expect(verify.contains("USER mal (Mal Reyes): enrolled by dana at "), "\(verify)")
        #expect(verify.contains(", confirmed by sam at "))
        let audit = try workspace.expectSuccess(["audit", "--format", "csv"]).stdout
        #expect(audit.contains("Enrolment of mal confirmed by Sam Okafor"))
        #expect(audit.contains("User mal (Mal Reyes) added by Dana Whitfield"))
    }

    @Test("A history rolled back or replaced is refused, though it verifies on its own")
    func rolledBackOrReplaced() throws {
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.release(id)
        let beforeRetirement = try workspace.head()
        try workspace.expectSuccess(["retire", id, "--reason", "Replaced by SOP-0002"], as: "dana")
        #expect(try workspace.stet(["show", id]).status != 0)
        // An insider puts the branch back to before the retirement and erases the reflog.
        try workspace.git(["update-ref", "refs/heads/main", beforeRetirement])
        try FileManager.default.removeItem(atPath: workspace.store + "/logs/refs/heads/main")
        for arguments in [["show", id], ["render", id], ["list"]] {
            let result = try workspace.stet(arguments)
            #expect(result.status == 1)
            #expect(result.stderr.contains("its history was rolled back or replaced"), "\(result.stderr)")
            #expect(!result.stdout.contains("Procedure text."))
        }
        try workspace.expectRefusal(
            ["acknowledge", id], as: "rita", saying: "its history was rolled back or replaced")
        let verify = try workspace.stet(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("this head was verified here before and is no longer in the history"))

        // A whole new history at the same place: its own first event, users and keys.
        let other = try Workspace()
        _ = try other.create("sop", title: "Specimen reception")
        try FileManager.default.removeItem(atPath: workspace.store)
        try FileManager.default.copyItem(atPath: other.store, toPath: workspace.store)
        let result = try workspace.stet(["list"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not the store you verified there before"), "\(result.stderr)")
    }

    @Test("Text that would not read back is refused before signing; anchors must be full commit ids")
    func textThatWouldNotReadBack() throws {
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.write("doc.md", "# Doc\n\nText 2.\n")
        try workspace.expectRefusal(
            ["edit", id, "--file", workspace.path("doc.md"), "--reason", "\u{301}Fixed"], as: "alice",
            saying: "it starts with a combining mark (U+301)")
        try workspace.expectRefusal(["verify", "--anchor", "main"], saying: "is not a full 40-digit commit id")
        let head = try workspace.head()
        try workspace.expectRefusal(
            ["verify", "--since", String(head.prefix(12))], saying: "is not the full 40-digit id of a commit")
        #expect(try workspace.expectSuccess(["verify", "--since", head]).stdout.contains("0 events"))
    }

    @Test("A key folder owned by someone else is refused")
    func keyFolderOwnedByAnother() throws {
        try workspace.release(try workspace.create("sop", title: "Specimen reception"))
        chown(workspace.home, 12_345, 12_345)
        defer { chown(workspace.home, geteuid(), getegid()) }
        try workspace.expectRefusal(
            ["reaffirm", "SOP-0001", "--comment", "x"], as: "dana", saying: "belongs to another user (uid 12345)")
    }

    @Test("A FIFO in place of the store's config is refused at once; a commit-graph is a note, not a failure")
    func repositoryFiles() throws {
        _ = try workspace.create("sop", title: "Specimen reception")
        #expect(try workspace.git(["commit-graph", "write", "--reachable"]).succeeded)
        let verify = try workspace.expectSuccess(["verify"]).stdout
        #expect(verify.contains("NOTE store: it has objects/info/commit-graph"), "\(verify)")

        let config = workspace.store + "/config"
        try FileManager.default.removeItem(atPath: config)
        #expect(mkfifo(config, 0o600) == 0)
        // Bounded: a regression here would otherwise hang the suite.
        let result = try runProcess(
            "/usr/bin/timeout", ["20", workspace.binary, "list"],
            environment: ["STET_HOME": workspace.home, "STET_STORE": workspace.store])
        #expect(result.status == 1)
        #expect(result.stderr.contains("its config is not a regular file"), "\(result.stderr)")
    }
}

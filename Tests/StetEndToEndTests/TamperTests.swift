import Foundation
import Testing

/// History rewritten with stock git is caught by `stet verify`, which names the problem.
@Suite("Tampering with stock git")
struct TamperTests {
    let workspace: Workspace
    let document: String

    init() throws {
        workspace = try Workspace()
        document = try workspace.create("sop", title: "Specimen rejection criteria", body: "Reject unlabelled samples.")
        try workspace.release(document)
    }

    /// `git` with a throwaway index and a fixed identity, as an attacker with write access would use it.
    @discardableResult
    func git(_ arguments: [String], input: String? = nil) throws -> String {
        let environment = [
            "GIT_INDEX_FILE": workspace.path("tamper-index"), "GIT_AUTHOR_NAME": "Mallory",
            "GIT_AUTHOR_EMAIL": "m@example",
            "GIT_COMMITTER_NAME": "Mallory", "GIT_COMMITTER_EMAIL": "m@example",
        ]
        let result: ProcessResult
        if let input {
            try input.write(toFile: workspace.path("tamper-input"), atomically: true, encoding: .utf8)
            result = try runProcess(
                "/bin/sh", ["-c", "git -C \"$STORE\" \"$@\" < \"$INPUT\"", "sh"] + arguments,
                environment: environment.merging(["STORE": workspace.store, "INPUT": workspace.path("tamper-input")]) {
                    $1
                })
        } else {
            result = try workspace.git(arguments, environment: environment)
        }
        #expect(result.succeeded, "git \(arguments): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func verifyFails(saying messages: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try workspace.stet(["verify"])
        #expect(result.status == 1, "verify passed a tampered store", sourceLocation: sourceLocation)
        for message in messages {
            #expect(result.stdout.contains(message), "verify said: \(result.stdout)", sourceLocation: sourceLocation)
        }
        #expect(result.stdout.contains("FAILED"), sourceLocation: sourceLocation)
    }

    /// Puts the loose object file of a commit with `content` where `target`'s was: git reads
    /// it without checking, under the old id.
    func replaceStoredCommit(_ target: String, with content: String) throws {
        let other = try git(["hash-object", "-t", "commit", "-w", "--stdin"], input: content + "\n")
        func file(_ id: String) -> String { workspace.store + "/objects/" + id.prefix(2) + "/" + id.dropFirst(2) }
        try FileManager.default.removeItem(atPath: file(target))
        try FileManager.default.copyItem(atPath: file(other), toPath: file(target))
    }

    @Test("An untampered store verifies clean")
    func clean() throws {
        let result = try workspace.expectSuccess(["verify"])
        #expect(result.stdout.contains("12 events, 1 documents, 4 signers checked."))
    }

    @Test("A document changed after approval and re-committed is caught")
    func alteredContent() throws {
        let head = try workspace.head()
        try git(["read-tree", head])
        let forged = try git(
            ["hash-object", "-w", "--stdin"], input: "# Specimen rejection criteria\n\nAccept anything.\n")
        try git(["update-index", "--cacheinfo", "100644,\(forged),documents/SOP-00/\(document)/versions/1.md"])
        try git(["update-index", "--cacheinfo", "100644,\(forged),effective/SOP-00/\(document).md"])
        let tree = try git(["write-tree"])
        let message = try git(["log", "-1", "--format=%B", head])
        let commit = try git(["commit-tree", tree, "-p", "\(head)^", "-F", "-"], input: message + "\n")
        try git(["update-ref", "refs/heads/main", commit, head])
        try verifyFails(
            saying: "it is not signed", "documents/SOP-00/\(document)/versions/1.md is not what the event wrote",
            "was published on this store but is no longer in its history")
    }

    @Test("Dropping the last event is caught by the store's own publication log")
    func droppedEvent() throws {
        let head = try workspace.head()
        try git(["update-ref", "refs/heads/main", "\(head)^", head])
        try verifyFails(
            saying: "commit \(head.prefix(12)): it was published on this store but is no longer in its history")
    }

    @Test("An unsigned commit appended to the chain is caught")
    func unsignedCommit() throws {
        let head = try workspace.head()
        let message = """
            SOP-0001 retired by Dana Whitfield

            Stet-Event: retire
            Stet-Sequence: 12
            Stet-Document: SOP-0001
            Stet-Version: 1
            Stet-State: effective -> retired
            Stet-Actor: dana
            Stet-Actor-Name: Dana Whitfield
            Stet-Role: controller
            Stet-Meaning: retirement
            Stet-Reason: forged

            """
        let commit = try git(["commit-tree", "\(head)^{tree}", "-p", head, "-F", "-"], input: message)
        try git(["update-ref", "refs/heads/main", commit, head])
        try verifyFails(saying: "commit \(commit.prefix(12)) (SOP-0001): it is not signed")
    }

    @Test("A signed commit whose message is edited no longer matches its signature")
    func editedMessage() throws {
        let head = try workspace.head()
        let raw = try git(["cat-file", "commit", head])
        let edited = raw.replacingOccurrences(of: "Stet-Actor-Name: Dana Whitfield", with: "Stet-Actor-Name: Dana W.")
            .replacingOccurrences(of: "issued by Dana Whitfield", with: "issued by Dana W.")
        let forged = try git(["hash-object", "-t", "commit", "-w", "--stdin"], input: edited + "\n")
        try git(["update-ref", "refs/heads/main", forged, head])
        try verifyFails(saying: "its signature does not match its content")
    }

    @Test("A commit's stored bytes replaced under its id are refused by verify and by the audit export")
    func objectReplacedUnderItsID() throws {
        let target = try git(["rev-parse", "HEAD~3"])
        let raw = try git(["cat-file", "commit", target])
        let edited = raw.replacingOccurrences(of: "Stet-Actor-Name: ", with: "Stet-Actor-Name: Dr ")
        #expect(edited != raw)
        try replaceStoredCommit(target, with: edited)
        let verify = try workspace.stet(["verify"])
        #expect(verify.status != 0)
        #expect((verify.stdout + verify.stderr).contains(String(target.prefix(12))), "\(verify.stdout)\(verify.stderr)")
        let audit = try workspace.stet(["audit", "--format", "csv", "--output", workspace.path("audit.csv")])
        #expect(audit.status != 0)
        #expect(audit.stderr.contains("corrupt") || audit.stderr.contains("hash"), "\(audit.stderr)")
        #expect(audit.stderr.split(separator: "\n").count == 1, "\(audit.stderr)")
    }

    @Test("A missing tree of an event that stores content is named by verify, which does not crash")
    func missingTreeOfContentEvent() throws {
        let drafted = try git(["log", "--format=%H", "--grep", "revision 1 drafted", "main"])
        #expect(!drafted.isEmpty)
        let tree = try git(["rev-parse", drafted + "^{tree}"])
        try FileManager.default.removeItem(
            atPath: workspace.store + "/objects/" + tree.prefix(2) + "/" + tree.dropFirst(2))
        let verify = try workspace.stet(["verify"])
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("commit \(drafted.prefix(12))"), "\(verify.stdout)")
        #expect(verify.stdout.contains("its event cannot be read back"), "\(verify.stdout)")
        #expect(verify.stderr.isEmpty, "\(verify.stderr)")
    }

    @Test("A commit altered to name a later commit as its parent stops verify and the audit with an error, not a loop")
    func parentLoopsBack() throws {
        let head = try git(["rev-parse", "main"])
        let target = try git(["rev-parse", "HEAD~3"])
        let later = try git(["rev-parse", "HEAD~1"])
        let parent = try git(["rev-parse", "HEAD~4"])
        let raw = try git(["cat-file", "commit", target])
        let looped = raw.replacingOccurrences(of: "parent \(parent)", with: "parent \(later)")
        #expect(looped != raw)
        try replaceStoredCommit(target, with: looped)
        for arguments in [["verify"], ["audit", "--format", "csv", "--output", workspace.path("audit.csv")]] {
            let result = try workspace.stet(arguments)
            #expect(result.status != 0, "\(arguments)")
            let said = result.stdout + result.stderr
            #expect(said.contains("the history loops back to"), "\(arguments): \(said)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
            #expect(!said.contains("Fatal error"))
        }
        // Read-only commands: the branch is where it was.
        #expect(try git(["rev-parse", "main"]) == head)
    }
}

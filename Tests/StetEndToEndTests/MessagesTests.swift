import ArgumentParser
import Foundation
import StetCore
import Testing

@testable import StetCLI
@testable import StetGit

/// Every error message stet can print, printed once (to `.build/test-artifacts/messages.txt`) and
/// checked: one line, grammatical where a role or action is slotted in, and naming only options,
/// commands and environment variables that exist.
@Suite("Messages")
struct MessagesTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")
    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-artifacts").path

    /// The actions the rules refuse by role, as the source code words them (`to: "…"`).
    static func actions() throws -> [String] {
        var found: Set<String> = []
        let files = FileManager.default.enumerator(atPath: sources.appendingPathComponent("StetCore").path)!
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent("StetCore/" + file), encoding: .utf8)
            let pattern = try NSRegularExpression(
                pattern: #"(?:activeUser|actor|ownerOrController|authorOrController)\([^)]*to: "([^"\\]+)""#)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        return found.sorted()
    }

    /// One of every error, with realistic values; the switch fails to compile when a case is added.
    static func everyError() throws -> [StetError] {
        var errors: [StetError] = [
            .storeNotFound(path: "/srv/qms"), .storeExists(path: "/srv/qms"),
            .notAStore(path: "/srv/qms", detail: "no refs/heads/main"),
            .git(GitError(code: -3, operation: "reading the head", message: "object not found")),
            .system("flock failed"),
            .concurrentUpdate(attempts: 5), .storeLocked(lockFile: "/srv/qms/stet.lock"),
            .storeCorrupt("documents/SOP-00/SOP-0001/document.json is missing"), .unsupportedFormat(3),
            .clockBehind(last: "2026-11-28T10:00:00Z", now: "2026-11-27T10:00:00Z"),
            .untrustedHistory(commit: "0123abc", problem: "the signature does not verify"),
            .historyRewound(verified: "0123abc", head: "4567def", record: "/home/a/.stet/verified"),
            .storeReplaced(path: "/srv/qms", verified: "0123abc", record: "/home/a/.stet/verified"),
            .copyBehind(newest: "0123abc", record: "/home/a/.stet/verified"),
            .nothingToCompare(document: "SOP-0001", version: 1),
            .passphraseFileExposed(path: "dana.pass", mode: "644"),
            .invalidDocumentID("SOP 1/"), .invalidUserID("Bob"), .invalidTypeName("SOP"),
            .invalidText(field: "title", problem: "it has a line break"), .invalidDate("2026-13-01"),
            .invalidContent("it is not UTF-8 text (binary file?)"), .invalidFrontMatter("no closing '---' line"),
            .invalidPublicKey("ssh-rsa AAAA"), .keyInUse(owner: "alice"),
            .fileUnreadable(path: "draft.md", reason: "no such file"),
            .fileTooLarge(path: "scan.png", size: 20_000_000, limit: 16_777_216), .outputFailed("the disk is full"),
            .chromiumMissing(nil), .chromiumMissing("/opt/chrome"), .chromiumFailed("it exited with status 1"),
            .noUser, .unknownUser("zoe"), .userExists("alice"), .userRevoked("carol"), .enrolmentUnconfirmed("zoe"),
            .selfConfirmation(user: "zoe", controller: "dana"), .keyMismatch(user: "alice"),
            .keyExists(path: "/home/a/.stet/keys/alice.key"),
            .keyMissing(user: "alice", path: "/home/a/.stet/keys/alice.key"),
            .keyFileInvalid(path: "alice.key", reason: "it is not a Stet key file"),
            .keyFileExposed(path: "alice.key", mode: "0644"), .wrongPassphrase(user: "alice"),
            .weakPassphrase(minimum: 10), .guessablePassphrase(reason: "it is a common password"),
            .keyFolderExposed(path: "/home/a/.stet", mode: "0777"), .keyFolderNotOwned(path: "/home/a/.stet", owner: 0),
            .noPassphrase(user: "alice"), .unknownType("guideline", known: ["policy", "sop"]),
            .newTypeIncomplete("guideline"), .noSuchDocument("SOP-0099", nearest: []),
            .noSuchDocument("sop-01", nearest: ["SOP-0001", "SOP-0010"]), .noEffectiveVersion("SOP-0001"),
            .noSuchVersion(document: "SOP-0001", version: 4), .nothingInForce(document: "SOP-0001", day: "2020-01-01"),
            .noDraft("SOP-0001"),
            .notAssigned(user: "erin", document: "SOP-0001", duty: "approver"),
            .selfReview(user: "alice", document: "SOP-0001", duty: "reviewer"),
            .reviewerApproves(user: "erin", document: "SOP-0001", type: "sop"),
            .alreadySigned(user: "bob", document: "SOP-0001", duty: "review"),
            .tooFewApprovers(document: "SOP-0001", required: 2, given: 1),
            .reviewsOutstanding(document: "SOP-0001", pending: ["bob"]),
            .missingReason(action: "rejecting a revision in review"), .noReviewers(document: "SOP-0001"), .noTitle,
            .emptyDistribution(document: "SOP-0001"), .noRoles(user: "zoe"),
            .signatureStale(document: "SOP-0001", user: "bob"),
            .backdatedEffectiveDate(document: "SOP-0001", date: "2026-01-01", earliest: "2026-11-28"),
            .unchangedContent(document: "SOP-0001"), .copyNumberTaken(document: "SOP-0001", number: 3),
            .unknownCopy(document: "SOP-0001", number: 9),
        ]
        for action in [
            "edit", "retire", "distribute", "issue a copy of", "reassign", "withdraw", "change the details of",
        ] {
            errors.append(
                .invalidTransition(
                    document: "SOP-0001", state: "retired", action: action, allowed: "nothing can change it"))
        }
        for role in Role.allCases {
            errors.append(.missingRole(user: "rita", role: role, action: "be the \(role.rawValue) of SOP-0001"))
        }
        errors.append(.notOwnerOrController(user: "rita", document: "SOP-0001", owner: "alice", action: "reaffirm"))
        for action in try actions() { errors.append(.missingRole(user: "rita", role: .controller, action: action)) }
        for error in errors { _ = covered(error) }
        return errors
    }

    /// Lists every case: adding one to `StetError` without a sample above fails to compile here.
    static func covered(_ error: StetError) -> Bool {
        switch error {
        case .storeNotFound, .storeExists, .notAStore, .git, .system, .concurrentUpdate, .storeLocked, .storeCorrupt,
            .unsupportedFormat, .clockBehind, .untrustedHistory, .historyRewound, .storeReplaced, .copyBehind,
            .nothingToCompare, .passphraseFileExposed,
            .invalidDocumentID,
            .invalidUserID,
            .invalidTypeName,
            .invalidText, .invalidDate, .invalidContent, .invalidFrontMatter, .invalidPublicKey, .keyInUse,
            .fileUnreadable, .fileTooLarge, .outputFailed, .chromiumMissing, .chromiumFailed, .pdfTextMissing,
            .pdfTextFailed, .noUser, .unknownUser,
            .userExists, .userRevoked, .enrolmentUnconfirmed, .selfConfirmation, .missingRole, .notOwnerOrController,
            .keyMismatch,
            .keyExists, .keyMissing, .keyFileInvalid, .keyFileExposed, .wrongPassphrase, .weakPassphrase,
            .guessablePassphrase, .keyFolderExposed, .keyFolderNotOwned, .noPassphrase, .unknownType,
            .newTypeIncomplete, .noSuchDocument, .noEffectiveVersion, .noSuchVersion,
            .nothingInForce, .noDraft, .invalidTransition, .notAssigned, .selfReview, .reviewerApproves,
            .alreadySigned,
            .tooFewApprovers, .reviewsOutstanding, .missingReason, .noReviewers, .noTitle, .emptyDistribution,
            .noRoles, .signatureStale, .backdatedEffectiveDate, .unchangedContent, .copyNumberTaken, .unknownCopy:
            return true
        }
    }

    /// Every option and command path stet has, from its own command tree.
    static func commandLine() -> (options: Set<String>, commands: Set<String>) {
        var options: Set<String> = ["--help", "--version"]
        var commands: Set<String> = ["stet"]
        func walk(_ command: ParsableCommand.Type, path: String) {
            commands.insert(path)
            let help = Stet.helpMessage(for: command, columns: 200)
            let pattern = try! NSRegularExpression(pattern: "--[a-z][a-z-]*")
            for match in pattern.matches(in: help, range: NSRange(help.startIndex..., in: help)) {
                options.insert(String(help[Range(match.range, in: help)!]))
            }
            for sub in command.configuration.subcommands {
                walk(sub, path: path + " " + (sub.configuration.commandName ?? "\(sub)".lowercased()))
            }
        }
        walk(Stet.self, path: "stet")
        return (options, commands)
    }

    @Test("Every message is one grammatical line naming only options, commands and variables that exist")
    func everyMessage() throws {
        let (options, commands) = Self.commandLine()
        let variables: Set<String> = [
            "STET_STORE", "STET_USER", "STET_PASSPHRASE", "STET_NEW_PASSPHRASE", "STET_HOME", "STET_CHROMIUM",
        ]
        var printed: [String] = []
        for error in try Self.everyError() {
            let message = ErrorMessage.text(for: error)
            printed.append("stet: error: " + message)
            #expect(!message.isEmpty && !message.contains("\n"), "\(error)")
            #expect(!message.contains("  "), "\(message)")
            // Lower case after "stet: error:", unless it starts with a name (Chromium) or an id (SOP-0001).
            let firstWord = message.prefix { $0 != " " }
            #expect(
                !(message.first?.isUppercase ?? true) || firstWord == "Chromium"
                    || firstWord.contains(where: \.isNumber),
                "\(message)")
            #expect(!message.hasPrefix("Error") && !message.hasSuffix(":"), "\(message)")
            // A role slotted in where a verb belongs: "cannot reviewer".
            #expect(
                message.range(
                    of: #"cannot (author|reviewer|approver|controller|auditor|reader)\b"#, options: .regularExpression)
                    == nil, "\(message)")
            for option in Self.matches(#"--[a-z][a-z-]*"#, in: message) {
                #expect(options.contains(option), "\(message): no option \(option)")
            }
            for variable in Self.matches(#"STET_[A-Z_]+"#, in: message) {
                #expect(variables.contains(variable), "\(message): no variable \(variable)")
            }
            for quoted in Self.matches(#"'stet [a-z -]+"#, in: message) {
                let words = quoted.dropFirst().split(separator: " ").prefix { !$0.hasPrefix("-") }
                let command = (1...words.count).reversed().map { words.prefix($0).joined(separator: " ") }
                    .first { commands.contains($0) || $0 == "stet" }
                #expect(command != nil && command != "stet" || words.count == 1, "\(message): no command in \(quoted)")
            }
        }
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        try (printed.joined(separator: "\n") + "\n").write(
            toFile: Self.artifacts + "/messages.txt", atomically: true, encoding: .utf8)
        #expect(printed.count > 80)
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range, in: text)!])
        }
    }
}

import Foundation
import StetGit

/// The repository around the event chain, checked beside the replay.
extension Verifier {
    /// Problems with the repository around the event chain: anything that would make stock git
    /// show or check something other than what Stet verified.
    /// Things in the repository that do not make the history wrong but that a reader using stock
    /// git in this folder should know.
    func repositoryNotes() -> [VerificationReport.Problem] {
        var notes: [String] = []
        for file in ["objects/info/commit-graph", "objects/info/commit-graphs"]
        where FileManager.default.fileExists(atPath: repository.path + "/" + file) {
            notes.append(
                "it has \(file) (written by git gc): stock git in this folder takes parents from it without "
                    + "checking; Stet compares every parent with the commit itself, and a fresh clone has none")
        }
        return notes.map { .init(commit: "", document: nil, message: $0) }
    }

    func repositoryProblems() -> [VerificationReport.Problem] {
        var problems: [String] = []
        if let head = try? repository.headTarget(), head != Layout.branch {
            problems.append(
                "HEAD points to \(Text.printable(head)), not \(Layout.branch): stock git would show another history")
        }
        for name in (try? repository.referenceNames()) ?? [] where name != Layout.branch {
            if name.hasPrefix("refs/replace/") {
                problems.append(
                    "it has the replace reference \(Text.printable(name)): stock git would show another object in place of a verified one"
                )
            } else {
                problems.append("it has the reference \(Text.printable(name)), which Stet never writes")
            }
        }
        let expected: [String: String] = [
            "core.bare": "true", "core.repositoryformatversion": "0", "core.filemode": "true",
            "core.logallrefupdates": "always", "receive.denynonfastforwards": "true", "receive.denydeletes": "true",
        ]
        var seen: Set<String> = []
        for (name, value) in (try? repository.localConfigEntries()) ?? [] {
            let shownName = Text.printable(name)
            if let wanted = expected[name] {
                if value.lowercased() != wanted {
                    problems.append("its config sets \(shownName) = \(Text.printable(value)); Stet sets \(wanted)")
                }
                seen.insert(name)
            } else if ["core.ignorecase", "core.precomposeunicode"].contains(name) && value.lowercased() == "false" {
                continue
            } else {
                problems.append(
                    "its config sets \(shownName), which Stet does not set: it can change what stock git shows or how it checks signatures"
                )
            }
        }
        if !seen.contains("core.logallrefupdates") {
            problems.append(
                "its config no longer sets core.logallrefupdates = always: publications of the branch are not logged")
        }
        for (file, meaning) in [
            ("info/grafts", "grafts change the parents stock git shows"),
            ("objects/info/alternates", "alternates borrow objects from another folder"),
            ("shallow", "a shallow store hides the start of its history"),
        ] where FileManager.default.fileExists(atPath: repository.path + "/" + file) {
            problems.append("it has \(file): \(meaning)")
        }
        return problems.map { .init(commit: "", document: nil, message: $0) }
    }
}

import Foundation
import Testing

/// Writers racing on one store: each event lands exactly once, or its command fails clearly.
@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test("Two processes racing on the same store both get their events recorded, and verify stays clean")
    func twoWritersRace() throws {
        let workspace = try Workspace()
        let rounds = 6
        // Each writer edits its own document in a loop; both move the same branch every time.
        let first = try workspace.create("sop", title: "Racing one", as: "alice")
        let second = try workspace.create("sop", title: "Racing two", as: "amir")
        let before = try workspace.git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        for round in 0..<rounds {
            try workspace.write("one-\(round).md", "# Racing one\n\nRound \(round).\n")
            try workspace.write("two-\(round).md", "# Racing two\n\nRound \(round).\n")
        }
        let script = { (id: String, user: String, file: String) -> String in
            (0..<rounds).map { round in
                "\"$STET\" edit \(id) --file \(workspace.path("\(file)-\(round).md")) --reason 'Round \(round)' --user \(user) || echo FAILED \(round) >&2"
            }.joined(separator: "\n")
        }
        let environment = [
            "STET": workspace.binary, "STET_HOME": workspace.home, "STET_STORE": workspace.store,
            "STET_PASSPHRASE": Workspace.passphrase,
        ]
        let results = ResultsBox()
        let group = DispatchGroup()
        for (id, user, file) in [(first, "alice", "one"), (second, "amir", "two")] {
            group.enter()
            let commands = script(id, user, file)
            DispatchQueue.global().async {
                let result = try? runProcess("/bin/bash", ["-c", commands], environment: environment)
                results.append(result)
                group.leave()
            }
        }
        group.wait()

        let after = try workspace.git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let failures = results.all.compactMap { $0?.stderr }.joined()
        let failed = failures.components(separatedBy: "FAILED").count - 1
        // Every command either recorded its event or said clearly why not; none was lost.
        #expect(Int(after)! - Int(before)! == 2 * rounds - failed)
        if failed > 0 { #expect(failures.contains("run it again"), "unclear failure: \(failures)") }
        #expect(failed == 0, "the retry loop should absorb a two-writer race: \(failures)")
        let log = try workspace.git(["log", "--format=%s"]).stdout
        for round in 0..<rounds {
            #expect(
                try workspace.expectSuccess(["log", first]).stdout.components(separatedBy: "reason: Round \(round)")
                    .count == 2)
            #expect(
                try workspace.expectSuccess(["log", second]).stdout.components(separatedBy: "reason: Round \(round)")
                    .count == 2)
        }
        #expect(log.components(separatedBy: "drafted by").count - 1 == 2 * rounds + 2)
        let verify = try workspace.expectSuccess(["verify"])
        #expect(verify.stdout.contains("OK"))
        #expect(
            try workspace.expectSuccess(["show", first, "--draft"]).stdout == "# Racing one\n\nRound \(rounds - 1).\n")
    }
}

private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [ProcessResult?] = []

    func append(_ result: ProcessResult?) {
        lock.lock()
        results.append(result)
        lock.unlock()
    }

    var all: [ProcessResult?] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}

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

extension ConcurrencyTests {
    // CI's size; scripts/torture runs 16 writers of 100 events each.
    static let writers = Int(ProcessInfo.processInfo.environment["STET_CONCURRENCY_WRITERS"] ?? "") ?? 6
    static let eventsPerWriter = Int(ProcessInfo.processInfo.environment["STET_CONCURRENCY_EVENTS"] ?? "") ?? 12

    @Test("Many writers, half of their events on one document: each success recorded once, failures clear")
    func manyWriters() throws {
        let workspace = try Workspace()
        let shared = try workspace.create("sop", title: "Shared", as: "alice")
        var own: [String] = []
        for writer in Self.writers / 2..<Self.writers {
            own.append(
                try workspace.create("sop", title: "Own \(writer)", as: writer.isMultiple(of: 2) ? "alice" : "amir"))
        }
        let before = try CrashTests.eventCount(workspace)
        let environment = [
            "STET": workspace.binary, "STET_HOME": workspace.home, "STET_STORE": workspace.store,
            "STET_PASSPHRASE": Workspace.passphrase,
        ]
        let results = ResultsBox()
        let group = DispatchGroup()
        for writer in 0..<Self.writers {
            // The first half edit one shared draft; the rest each edit their own.
            let document = writer < Self.writers / 2 ? shared : own[writer - Self.writers / 2]
            let user = writer.isMultiple(of: 2) ? "alice" : "amir"
            let file = workspace.path("writer-\(writer).md")
            let script = """
                for i in $(seq 1 \(Self.eventsPerWriter)); do
                  printf '# Text\\n\\nWriter \(writer), event %s.\\n' "$i" > \(file)
                  if err=$("$STET" edit \(document) --file \(file) --reason "w\(writer)-e$i" --user \(user) 2>&1 >/dev/null); then
                    echo "OK w\(writer)-e$i"
                  else
                    echo "FAILED w\(writer)-e$i: $err"
                  fi
                done
                """
            group.enter()
            DispatchQueue.global().async {
                results.append(try? runProcess("/bin/bash", ["-c", script], environment: environment))
                group.leave()
            }
        }
        group.wait()

        let lines = results.all.compactMap { $0?.stdout }.joined().split(separator: "\n").map(String.init)
        let succeeded = lines.filter { $0.hasPrefix("OK ") }.map { String($0.dropFirst(3)) }
        let failed = lines.filter { $0.hasPrefix("FAILED ") }
        #expect(succeeded.count + failed.count == Self.writers * Self.eventsPerWriter, "a command gave no outcome")
        // Every failure says what happened and that nothing was recorded.
        for failure in failed {
            #expect(
                failure.contains("nothing was recorded") && failure.split(separator: "\n").count == 1,
                "unclear failure: \(failure)")
        }
        // Every success is in the history exactly once; no failure is in it at all.
        let reasons = try workspace.git(["log", "--format=%(trailers:key=Stet-Reason,valueonly)", "refs/heads/main"])
            .stdout.split(separator: "\n").map(String.init)
        var counts: [String: Int] = [:]
        for reason in reasons where reason.hasPrefix("w") { counts[reason, default: 0] += 1 }
        for reason in succeeded { #expect(counts[reason] == 1, "\(reason) recorded \(counts[reason] ?? 0) times") }
        for failure in failed {
            let reason = String(failure.dropFirst("FAILED ".count).prefix { $0 != ":" })
            #expect(counts[reason] == nil, "\(reason) failed but was recorded")
        }
        #expect(try CrashTests.eventCount(workspace) - before == succeeded.count, "the totals do not add up")
        let verify = try workspace.expectSuccess(["verify"])
        #expect(verify.stdout.contains("OK"))
        print(
            "concurrency: \(Self.writers) writers x \(Self.eventsPerWriter) events: \(succeeded.count) recorded, \(failed.count) refused"
        )
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

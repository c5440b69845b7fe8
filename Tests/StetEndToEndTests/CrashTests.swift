import Foundation
import StetCore
import Testing

@testable import StetTestSupport

/// Real `stet` write commands killed with SIGKILL at random moments: after every kill the store
/// verifies clean, holds either the state before the command or the state after it, and the
/// command, run again, succeeds.
///
/// After each kill only the events since the last check are verified (what `stet` itself does
/// before it serves or signs); the whole history is verified once at the end.
///
/// Sized for CI by default; `scripts/torture` runs it larger. `STET_CRASH_KILLS` sets the number
/// of kills and `STET_CRASH_SEED` the seed, so a failing run can be repeated exactly.
@Suite("Crash safety", .serialized)
struct CrashTests {
    static let kills = Int(ProcessInfo.processInfo.environment["STET_CRASH_KILLS"] ?? "") ?? 100
    static let seed = UInt64(ProcessInfo.processInfo.environment["STET_CRASH_SEED"] ?? "") ?? 20_261_127

    @Test("SIGKILL during every write command leaves the old state or the new, and a retry succeeds")
    func killedWriters() throws {
        let workspace = try Workspace()
        var random = SplitMix64(seed: Self.seed)
        var scenario = CrashScenario(workspace: workspace)
        var outcomes: [String: (before: Int, after: Int)] = [:]
        var killsDone = 0
        let write = try Self.writeDuration(workspace)
        var verified = try workspace.head()
        var attempt = 0
        var end = 0.85
        // Until the kills are done, and on (up to three times as many) until a kill has landed
        // after the branch moved as well as before: that side is a window of milliseconds.
        func afterSeen() -> Bool { outcomes.values.contains { $0.after > 0 } }
        while killsDone < Self.kills || (!afterSeen() && killsDone < 3 * Self.kills) {
            let step = try scenario.next()
            let before = try workspace.head()
            let eventsBefore = try Self.eventCount(workspace)
            // Kill somewhere in the command's whole run: start-up, key unlock, rule checks, object
            // writes, the reference update, or just after. Every other kill aims at the moment the
            // command ends, where the branch moves: the aim moves earlier when the command had
            // already ended, later when the kill came before the update, so both outcomes are
            // seen in few kills.
            attempt += 1
            let length = write * step.relativeLength
            let fraction = Double(random.next(upTo: 1_000)) / 1_000
            let aimed = attempt % 2 == 1 && !step.resumable
            // An import records its events one after another: a kill in the middle of its run
            // lands between two of them as often as not, the other outcome the suite must see.
            let delay =
                step.resumable && attempt % 2 == 1
                ? length * (0.35 + fraction * 0.6)
                : length * (aimed ? end * (0.96 + fraction * 0.08) : fraction * 1.1)
            let killed = try workspace.stetKilled(step.arguments, as: step.user, after: delay)
            let head = try workspace.head()
            let eventsAfter = try Self.eventCount(workspace)
            let context = "step \(step.name) (seed \(Self.seed), kill \(killsDone), after \(delay) s)"
            if killed { killsDone += 1 }
            if aimed { end *= !killed ? 0.97 : head == before ? 1.01 : 1 }
            if ProcessInfo.processInfo.environment["STET_CRASH_DEBUG"] != nil {
                print("kill-debug \(String(format: "%.2f", delay / length)) killed=\(killed) after=\(head != before)")
            }
            let report = try Store.open(at: workspace.store).verify(since: verified)
            #expect(report.problems.isEmpty, "\(context): verify found \(report.problems.map(\.message))")
            verified = head
            let added = eventsAfter - eventsBefore
            var retried = false
            if head == before {
                #expect(added == 0, "\(context)")
                if killed { outcomes[step.name, default: (0, 0)].before += 1 }
                let retry = try workspace.stet(step.arguments, as: step.user)
                #expect(retry.succeeded, "\(context): retry failed: \(retry.stderr)")
                retried = true
            } else {
                // The command's events landed whole, on top of the state before, none half-written.
                #expect(try workspace.git(["merge-base", "--is-ancestor", before, head]).succeeded, "\(context)")
                #expect(
                    step.events.contains(added) || (step.resumable && added > 0), "\(context): \(added) events")
                if killed { outcomes[step.name, default: (0, 0)].after += 1 }
                if step.resumable {
                    let retry = try workspace.stet(step.arguments, as: step.user)
                    #expect(retry.succeeded, "\(context): resuming failed: \(retry.stderr)")
                    retried = true
                }
            }
            if retried {
                // Whatever lock file the killed writer left, the next writer cleared it.
                #expect(
                    !FileManager.default.fileExists(atPath: workspace.store + "/refs/heads/main.lock"), "\(context)")
            }
            try scenario.completed(step)
        }
        try scenario.finish()
        let final = try Store.open(at: workspace.store).verify()
        #expect(final.problems.isEmpty)
        let git = try workspace.git(["fsck", "--strict", "--no-dangling"])
        #expect(git.succeeded, "git fsck: \(git.stderr)")
        // Both outcomes must have been seen, or the kills all landed on one side of the update.
        let totals = outcomes.values.reduce((0, 0)) { ($0.0 + $1.before, $0.1 + $1.after) }
        #expect(totals.0 > 0 && totals.1 > 0, "outcomes: \(outcomes)")
        print("crash harness: \(killsDone) kills, seed \(Self.seed); before/after by command: \(outcomes)")
    }

    @Test("A store killed during init is either absent or complete, and init then succeeds")
    func killedInit() throws {
        var random = SplitMix64(seed: Self.seed ^ 0x1717)
        let workspace = try Workspace(enrol: false)
        let key = try workspace.keygen("dana")
        for attempt in 0..<max(8, Self.kills / 10) {
            let store = workspace.path("store-\(attempt)")
            let arguments = [
                "init", store, "--controller", "dana", "--name", "Dana Whitfield", "--key", key,
                "--passphrase-file", workspace.path("passphrase"),
            ]
            let delay = Double(random.next(upTo: 400_000)) / 1_000_000
            _ = try workspace.stetKilled(arguments, as: nil, after: delay)
            if FileManager.default.fileExists(atPath: store) {
                let report = try Store.open(at: store).verify()
                #expect(report.problems.isEmpty && report.events == 1, "init \(attempt) after \(delay) s")
            } else {
                try workspace.expectSuccess(arguments)
            }
        }
    }

    @Test("A key killed while it is written is either absent or whole")
    func killedKeygen() throws {
        var random = SplitMix64(seed: Self.seed ^ 0x4b45)
        let workspace = try Workspace(enrol: false)
        for attempt in 0..<max(8, Self.kills / 10) {
            let user = "user\(attempt)"
            let arguments = ["keygen", "--user", user, "--passphrase-file", workspace.path("passphrase")]
            _ = try workspace.stetKilled(arguments, as: nil, after: Double(random.next(upTo: 300_000)) / 1_000_000)
            let path = workspace.home + "/keys/\(user).key"
            if FileManager.default.fileExists(atPath: path) {
                let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(throws: Never.self, "key \(attempt) is partial") { try KeyFile.parse(bytes, path: path) }
            } else {
                try workspace.expectSuccess(arguments)
            }
        }
    }

    @Test("A writer killed between logging and moving the branch leaves a note, not a failure; a rewind still fails")
    func loggedButNotPublished() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Window")
        let head = try workspace.head()
        // What libgit2 leaves when the writer dies after appending to the reflog, before the rename.
        let orphan = try workspace.git(["commit-tree", "\(head)^{tree}", "-p", head, "-m", "never published"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let entry = "\(head) \(orphan) Alice Moreno <alice> 1795747882 +0000\tstet: killed writer\n"
        let log = FileHandle(forWritingAtPath: workspace.store + "/logs/refs/heads/main")!
        log.seekToEndOfFile()
        log.write(Data(entry.utf8))
        try log.close()
        var verify = try workspace.expectSuccess(["verify"])
        #expect(
            verify.stdout.contains("NOTE commit \(orphan.prefix(12)): logged as a publication that never took effect"))
        try workspace.write("w.md", "# Window\n\nLater.\n")
        try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("w.md"), "--reason", "After the crash"], as: "alice")
        verify = try workspace.expectSuccess(["verify"])
        #expect(verify.stdout.contains("NOTE commit \(orphan.prefix(12))") && verify.stdout.contains("OK"))
        // A rewind through git is logged as one, and fails.
        let published = try workspace.head()
        try workspace.git(["update-ref", "refs/heads/main", "\(published)^", published])
        let rewound = try workspace.stet(["verify"])
        #expect(
            rewound.status == 1
                && rewound.stdout.contains("was published on this store but is no longer in its history"))
    }

    /// How long one write command takes here as a process, in seconds: the median of three.
    static func writeDuration(_ workspace: Workspace) throws -> Double {
        var times: [Double] = []
        for months in [24, 25, 24] {
            let start = Date()
            let result = try workspace.stetProcess(["type", "set", "sop", "--review-months", "\(months)"], as: "dana")
            #expect(result.succeeded, "\(result.stderr)")
            times.append(Date().timeIntervalSince(start))
        }
        return times.sorted()[1]
    }

    static func eventCount(_ workspace: Workspace) throws -> Int {
        Int(
            try workspace.git(["rev-list", "--count", "refs/heads/main"]).stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)) ?? -1
    }
}

/// One write command of the scenario, with how many events it records and how long it runs.
struct CrashStep {
    var name: String
    var arguments: [String]
    var user: String?
    var events: Set<Int> = [1]
    /// Records several events one by one and, run again, carries on where it stopped (import).
    var resumable = false
    /// How long it runs, against a one-event write.
    var relativeLength = 1.0
}

/// A cycle that uses every command that writes to a store, each valid on the state the ones
/// before it leave, whether or not they were killed (a killed step is retried until it lands).
struct CrashScenario {
    let workspace: Workspace
    var cycle = 0
    var queue: [CrashStep] = []
    var document = ""
    var lastIssued: String?

    init(workspace: Workspace) { self.workspace = workspace }

    mutating func next() throws -> CrashStep {
        if queue.isEmpty { try plan() }
        return queue[0]
    }

    /// Called once the step at the front has landed (killed after publication, or retried).
    mutating func completed(_ step: CrashStep) throws {
        queue.removeFirst()
        if step.name == "issue" { lastIssued = document }
        if step.name == "new" {
            document = try Store.open(at: workspace.store).snapshot().documents().map(\.id).filter {
                $0.hasPrefix("SOP-")
            }.max()!
            queue = queue.map { step in
                var step = step
                step.arguments = step.arguments.map { $0 == "{doc}" ? document : $0 }
                return step
            }
        }
    }

    mutating func finish() throws {
        #expect(try Store.open(at: workspace.store).snapshot().documents().count >= cycle)
    }

    private mutating func plan() throws {
        cycle += 1
        let c = cycle
        try workspace.write("v\(c)a.md", "# Crash \(c)\n\nFirst text of cycle \(c).\n")
        try workspace.write("v\(c)b.md", "# Crash \(c)\n\nSecond text of cycle \(c).\n")
        let folder = workspace.path("import-\(c)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for n in 1...3 {
            try "---\nid: IMP-\(c)-\(n)\ntitle: Imported \(c).\(n)\ntype: sop\nversion: 2\n---\n# Imported\n"
                .write(toFile: folder + "/IMP-\(c)-\(n).md", atomically: true, encoding: .utf8)
        }
        let key = try workspace.keygen("temp\(c)")
        var steps: [CrashStep] = [
            CrashStep(
                name: "user add",
                arguments: ["user", "add", "temp\(c)", "--name", "Temp \(c)", "--key", key, "--role", "reader"],
                user: "dana"),
            CrashStep(
                name: "type", arguments: ["type", "set", "sop", "--review-months", String(12 + c % 12)], user: "dana"),
            CrashStep(
                name: "new", arguments: ["new", "sop", "--title", "Crash \(c)", "--file", workspace.path("v\(c)a.md")],
                user: "alice"),
            CrashStep(
                name: "edit",
                arguments: ["edit", "{doc}", "--file", workspace.path("v\(c)b.md"), "--reason", "Cycle \(c)"],
                user: "alice"),
            CrashStep(
                name: "submit", arguments: ["submit", "{doc}", "--reviewers", "bob", "--approvers", "carol"],
                user: "alice"),
            CrashStep(name: "review", arguments: ["review", "{doc}", "--accept", "--comment", "Fine"], user: "bob"),
            CrashStep(name: "reject", arguments: ["reject", "{doc}", "--reason", "Once more"], user: "carol"),
            CrashStep(
                name: "submit", arguments: ["submit", "{doc}", "--reviewers", "bob", "--approvers", "carol"],
                user: "alice"),
            CrashStep(name: "review", arguments: ["review", "{doc}", "--accept"], user: "bob"),
            CrashStep(name: "approve", arguments: ["approve", "{doc}"], user: "carol"),
            CrashStep(name: "issue", arguments: ["issue", "{doc}"], user: "dana"),
            CrashStep(name: "distribute", arguments: ["distribute", "{doc}", "--users", "rita"], user: "dana"),
            CrashStep(name: "acknowledge", arguments: ["acknowledge", "{doc}"], user: "rita"),
            CrashStep(name: "reaffirm", arguments: ["reaffirm", "{doc}", "--comment", "Still right"], user: "dana"),
            CrashStep(
                name: "import", arguments: ["import", folder], user: "dana", events: [3], resumable: true,
                relativeLength: 1.5),
            CrashStep(
                name: "user revoke", arguments: ["user", "revoke", "temp\(c)", "--reason", "Left"], user: "dana"),
        ]
        if let lastIssued {
            steps.append(
                CrashStep(name: "retire", arguments: ["retire", lastIssued, "--reason", "Replaced"], user: "dana"))
        }
        queue = steps
    }
}

extension Workspace {
    /// Starts stet and sends it SIGKILL after `delay` seconds; true if it was still running then.
    func stetKilled(_ arguments: [String], as user: String?, after delay: Double) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("STET_") { environment[key] = nil }
        environment["STET_HOME"] = home
        environment["STET_STORE"] = store
        if let user {
            environment["STET_USER"] = user
            environment["STET_PASSPHRASE"] = Self.passphrase
        }
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        usleep(UInt32(delay * 1_000_000))
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return wasRunning && process.terminationReason == .uncaughtSignal
    }
}

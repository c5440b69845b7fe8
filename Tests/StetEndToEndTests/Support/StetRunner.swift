import Foundation
import StetCLI
import StetCore
import Testing

/// What one process printed and how it exited.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String

    var succeeded: Bool { status == 0 }
}

/// Runs a program to completion with the given environment and working folder.
@discardableResult
func runProcess(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], in folder: String? = nil
)
    throws -> ProcessResult
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    for key in merged.keys where key.hasPrefix("STET_") { merged[key] = nil }
    merged.merge(environment) { $1 }
    process.environment = merged
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes while the process runs, so a full pipe cannot stall it.
    let errorData = DataBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errorData.data = errors.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
        stderr: String(decoding: errorData.data, as: UTF8.self))
}

/// Bytes filled in by one reader thread and read after it is done.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// Finds the stet binary built beside the test bundle.
func stetBinary() -> String {
    if let path = ProcessInfo.processInfo.environment["STET_BINARY"] { return path }
    let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [folder, folder.deletingLastPathComponent()] {
        let path = candidate.appendingPathComponent("stet").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return folder.appendingPathComponent("stet").path
}

/// scrypt results by passphrase and parameters, for the whole test process: a key is derived
/// once, not at every command. Every other check on a key file, and its seal, still runs.
final class RememberedDerivations: @unchecked Sendable {
    static let shared = RememberedDerivations()
    private let lock = NSLock()
    private var keys: [String: [UInt8]] = [:]

    var derivation: KeyDerivation {
        KeyDerivation { passphrase, parameters in
            let name = "\(parameters)\u{0}\(passphrase)"
            if let known = self.lock.withLock({ self.keys[name] }) { return known }
            let key = try KeyDerivation.scrypt.derive(passphrase, parameters)
            self.lock.withLock { self.keys[name] = key }
            return key
        }
    }
}

/// A fresh folder holding a key folder and a store, with a cast of enrolled users.
///
/// dana: controller; alice, amir: authors; bob: reviewer; carol, erin: approvers; rita: reader.
/// The enrolled workspace is built once per test process and copied for each test.
final class Workspace {
    let folder: String
    let binary = stetBinary()
    var home: String { folder + "/keys" }
    var store: String { folder + "/store" }
    static let passphrase = "plum kettle orbit lantern"

    static let cast: [(id: String, name: String, roles: [String])] = [
        ("alice", "Alice Moreno", ["author"]),
        ("amir", "Amir Haddad", ["author"]),
        ("bob", "Bob Lindqvist", ["reviewer"]),
        ("carol", "Dr Carol Nguyen", ["approver"]),
        ("erin", "Erin Walsh", ["approver", "reviewer"]),
        ("rita", "Rita Costa", ["reader"]),
    ]

    init(enrol: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-e2e-\(UUID().uuidString)").path
        guard enrol else {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try write("passphrase", Self.passphrase + "\n")
            return
        }
        let template = try Self.enrolledTemplate.get()
        let copied = try runProcess("/bin/cp", ["-a", template, folder])
        guard copied.succeeded else { throw WorkspaceError.copyFailed(copied.stderr) }
        // What the template's user verified was the template's store, not this copy.
        try? FileManager.default.removeItem(atPath: home + "/cache")
    }

    private init(template folder: String) throws {
        self.folder = folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try write("passphrase", Self.passphrase + "\n")
        try enrolCast()
    }

    /// The enrolled workspace every test copies, made once per test process.
    private static let enrolledTemplate = Result<String, any Error> {
        let folder = templateFolder
        let template = try Workspace(template: folder)
        // Kept for the life of the process: copies are made from it. Removed when it exits.
        _ = Unmanaged.passRetained(template)
        atexit { try? FileManager.default.removeItem(atPath: Workspace.templateFolder) }
        return folder
    }

    private static let templateFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "stet-e2e-template-\(UUID().uuidString)"
    ).path

    enum WorkspaceError: Error {
        case copyFailed(String)
    }

    private func enrolCast() throws {
        let controllerKey = try keygen("dana")
        try expectSuccess(
            [
                "init", store, "--controller", "dana", "--name", "Dana Whitfield", "--key", controllerKey,
                "--passphrase-file", path("passphrase"),
            ])
        for person in Self.cast {
            let key = try keygen(person.id)
            try expectSuccess(
                ["user", "add", person.id, "--name", person.name, "--key", key]
                    + person.roles.flatMap { ["--role", $0] }, as: "dana")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func path(_ name: String) -> String { folder + "/" + name }

    /// Writes a file of the workspace, private to its owner as a passphrase file must be.
    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        chmod(path(name), 0o600)
    }

    @discardableResult
    func keygen(_ user: String) throws -> String {
        let result = try stet(["keygen", "--user", user, "--passphrase-file", path("passphrase")])
        #expect(result.succeeded, "keygen \(user): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The environment a command runs with: this workspace's keys and store, and `user` acting
    /// (with the shared passphrase) when given.
    func environment(as user: String?, _ extra: [String: String]) -> [String: String] {
        var env = ["STET_HOME": home, "STET_STORE": store]
        if let user {
            env["STET_USER"] = user
            env["STET_PASSPHRASE"] = Self.passphrase
        }
        env.merge(extra) { $1 }
        return env
    }

    /// Runs stet in this test process, on this workspace's store, as `user` when given: what it
    /// prints and its exit status, exactly as the binary would give them.
    @discardableResult
    func stet(
        _ arguments: [String], as user: String? = nil, environment: [String: String] = [:]
    ) throws -> ProcessResult {
        var merged = ProcessInfo.processInfo.environment
        for key in merged.keys where key.hasPrefix("STET_") { merged[key] = nil }
        merged.merge(self.environment(as: user, environment)) { $1 }
        let console = CapturedConsole()
        let status = Stet.run(
            arguments,
            in: Invocation(
                environment: merged, currentDirectory: folder, console: console,
                keyDerivation: RememberedDerivations.shared.derivation))
        return ProcessResult(
            status: status, stdout: String(decoding: console.output, as: UTF8.self),
            stderr: String(decoding: console.errorOutput, as: UTF8.self))
    }

    /// Runs the stet binary as a process: for what only a process shows (exit status and
    /// standard error as a shell sees them, signals, terminals).
    @discardableResult
    func stetProcess(
        _ arguments: [String], as user: String? = nil, environment: [String: String] = [:]
    ) throws -> ProcessResult {
        try runProcess(binary, arguments, environment: self.environment(as: user, environment), in: folder)
    }

    /// Runs stet and records a test failure, with its error output, when it does not succeed.
    @discardableResult
    func expectSuccess(
        _ arguments: [String], as user: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws -> ProcessResult
    {
        let result = try stet(arguments, as: user)
        #expect(
            result.succeeded, "stet \(arguments.joined(separator: " ")): \(result.stderr)",
            sourceLocation: sourceLocation)
        return result
    }

    /// Runs stet expecting a refusal: one clear line naming the problem, a non-zero exit status,
    /// no crash, and the store's head where it was.
    func expectRefusal(
        _ arguments: [String], as user: String? = nil, environment: [String: String] = [:], saying message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try head()
        let result = try stet(arguments, as: user, environment: environment)
        #expect(result.status != 0, "expected a refusal of \(arguments)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "stderr was: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.split(separator: "\n").count == 1, "not one line: \(result.stderr)",
            sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
        #expect(try head() == before, "the store changed", sourceLocation: sourceLocation)
    }

    /// Creates a document from Markdown text and returns its id.
    func create(
        _ type: String, title: String, body: String = "Procedure text.", as user: String = "alice"
    ) throws -> String {
        let name = "draft-\(UUID().uuidString).md"
        try write(name, "# \(title)\n\n\(body)\n")
        let result = try expectSuccess(["new", type, "--title", title, "--file", path(name)], as: user)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Takes a document from draft to effective with one reviewer and one approver.
    func release(
        _ id: String, author: String = "alice", reviewer: String = "bob", approver: String = "carol",
        effective: String? = nil
    ) throws {
        try expectSuccess(["submit", id, "--reviewers", reviewer, "--approvers", approver], as: author)
        try expectSuccess(["review", id, "--accept", "--comment", "Checked"], as: reviewer)
        try expectSuccess(["approve", id], as: approver)
        try expectSuccess(["issue", id] + (effective.map { ["--effective", $0] } ?? []), as: "dana")
    }

    /// The store's head commit, read with stock git.
    func head() throws -> String {
        try git(["rev-parse", "refs/heads/main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try runProcess("/usr/bin/git", ["-C", store] + arguments, environment: environment)
    }
}

/// The UTC day `offset` days from now, as `YYYY-MM-DD`: what the store calls today.
func utcDay(offset: Int) -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd"
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.locale = Locale(identifier: "en_US_POSIX")
    return formatter.string(from: Date().addingTimeInterval(Double(offset) * 86_400))
}

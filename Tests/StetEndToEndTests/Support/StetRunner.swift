import Foundation
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

/// A fresh folder holding a key folder and a store, with a cast of enrolled users.
///
/// dana: controller; alice, amir: authors; bob: reviewer; carol, erin: approvers; rita: reader.
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
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try write("passphrase", Self.passphrase + "\n")
        guard enrol else { return }
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

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    @discardableResult
    func keygen(_ user: String) throws -> String {
        let result = try stet(["keygen", "--user", user, "--passphrase-file", path("passphrase")])
        #expect(result.succeeded, "keygen \(user): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs stet on this workspace's store, as `user` when given (with the shared passphrase).
    @discardableResult
    func stet(
        _ arguments: [String], as user: String? = nil, environment: [String: String] = [:]
    ) throws -> ProcessResult {
        var env = ["STET_HOME": home, "STET_STORE": store]
        if let user {
            env["STET_USER"] = user
            env["STET_PASSPHRASE"] = Self.passphrase
        }
        env.merge(environment) { $1 }
        return try runProcess(binary, arguments, environment: env, in: folder)
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

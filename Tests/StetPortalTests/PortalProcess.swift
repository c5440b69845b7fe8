import Foundation
import Testing

@testable import StetTestSupport

/// The `stet-portal` program as a process of its own, as `stet serve` runs it, on a free port:
/// the suite's other tests keep this process's threads busy, which a server in process would
/// wait behind.
final class PortalProcess {
    let process = Process()
    let errors = Pipe()
    let lines = ErrorLines()
    /// `http://127.0.0.1:PORT`, once it serves.
    private(set) var base = ""

    init(_ portal: PortalFixture) async throws {
        process.executableURL = URL(fileURLWithPath: Self.program("stet-portal"))
        process.arguments =
            ["--store", portal.fixture.folder, "--port", "0"] + (portal.keys.map { ["--keys", $0] } ?? [])
        process.environment = ["STET_HOME": portal.home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let lines = self.lines
        errors.fileHandleForReading.readabilityHandler = { handle in lines.append(handle.availableData) }
        try process.run()
        for _ in 0..<600 where base.isEmpty {
            if let range = lines.all.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                base = String(lines.all[range])
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        try #require(!base.isEmpty, "stet-portal did not say where it serves: \(lines.all)")
    }

    deinit { if process.isRunning { process.terminate() } }

    /// Sends SIGTERM and waits for the program to end.
    func stop() {
        process.terminate()
        process.waitUntilExit()
        errors.fileHandleForReading.readabilityHandler = nil
    }

    /// Finds a program built beside the test bundle.
    static func program(_ name: String) -> String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return folder.appendingPathComponent(name).path
    }

    /// What the program wrote to its standard error, gathered by a thread of its own.
    final class ErrorLines: @unchecked Sendable {
        // Unchecked Sendable: `text` is read and written only with `lock` held.
        private let lock = NSLock()
        private var text = ""

        func append(_ data: Data) {
            lock.lock()
            text += String(decoding: data, as: UTF8.self)
            lock.unlock()
        }

        var all: String {
            lock.lock()
            defer { lock.unlock() }
            return text
        }
    }
}

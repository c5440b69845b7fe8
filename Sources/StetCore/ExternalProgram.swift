import Foundation

/// Another program Stet runs (Chromium to print, pandoc to convert, pdftotext to read a PDF):
/// found on `PATH`, given no input and no terminal, in a private working folder, with an
/// environment of its own, and stopped when it outlives its time.
enum ExternalProgram {
    /// How a run ended.
    enum Outcome: Equatable, CustomStringConvertible {
        case exited(Int32)
        case timedOut

        var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .timedOut: "stopped: it ran out of time"
            }
        }
    }

    /// The first of `names` that is an executable file in a folder of `path` (default `/usr/bin:/bin`).
    static func find(_ names: [String], on path: String?) -> String? {
        for folder in (path ?? "/usr/bin:/bin").split(separator: ":") {
            for name in names where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// A new folder only this user can enter (0700), for a program's input and output; nil when it
    /// cannot be made. Whatever a program writes there (an extracted image, a page to print) is
    /// out of other local users' reach while it runs.
    static func privateFolder(_ prefix: String) -> URL? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            return nil
        }
        return folder
    }

    /// Runs `executable` with `arguments` in `folder`, with only `PATH=/usr/bin:/bin`, `HOME` set to
    /// `folder` and a UTF-8 locale (no proxies, no user configuration), and waits at most
    /// `timeLimit` seconds for it. Throws when it cannot be started.
    static func run(
        _ executable: String, _ arguments: [String], in folder: URL, timeLimit: TimeInterval
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "LANG": "C.UTF-8"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // Woken by the exit itself, not by polling: the handler runs on Foundation's own thread.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        guard exited.wait(timeout: .now() + timeLimit) == .success else {
            process.terminate()
            process.waitUntilExit()
            return .timedOut
        }
        process.waitUntilExit()
        return .exited(process.terminationStatus)
    }
}

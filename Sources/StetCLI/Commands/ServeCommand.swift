import ArgumentParser
import Foundation
import StetCore

/// `stet serve`: hands over to `stet-portal`, installed beside `stet`. The web server lives in its
/// own program so that no other command loads it (see Package.swift).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the documents in force to staff in a browser.",
        discussion: """
            Options: --store S (default: $STET_STORE, else the current folder), --host H (default \
            127.0.0.1: this computer only), --port P (default 8080), --keys K (a key folder holding \
            staff's sealed keys: then staff can sign "read and understood" in the browser). The \
            register, each document's version in force under a banner saying what it is, any version \
            by number, what was in force on a day, controlled copies to save or print (HTML, PDF), the changes between versions, \
            "check a copy" by its code, and a dashboard of what waits (as CSV too). Pages come only from a head whose \
            whole history verifies; when it does not, every page says why and shows no document. \
            Stops cleanly on SIGTERM or Ctrl-C. Runs the program stet-portal, installed beside stet.
            """)

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var arguments: [String] = []

    func run() throws {
        do { try PortalLauncher.replaceProcess(arguments: arguments) } catch {
            Terminal.error(ErrorMessage.text(for: error, command: "serve", options: []))
            throw ExitCode(1)
        }
    }
}

/// Finding and starting `stet-portal`.
enum PortalLauncher {
    static let name = "stet-portal"

    /// Replaces this process with `stet-portal` and `arguments`; returns only by throwing.
    static func replaceProcess(arguments: [String]) throws(StetError) {
        // A test's in-process run has no process of its own to give away.
        guard Invocation.current.environment.variables == nil else {
            throw .invalidText(field: "serve", problem: "stet serve runs only as a program of its own")
        }
        let program = try path()
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        execv(program, argv)
        let reason = String(cString: strerror(errno))
        throw .invalidText(field: "serve", problem: "could not start \(program): \(reason)")
    }

    /// `stet-portal` beside the running `stet`, else in a folder PATH names absolutely (never
    /// `.` or another relative entry, which would run whatever a store's folder holds).
    static func path() throws(StetError) -> String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var candidates = [
            URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path
        ]
        if let searchPath = Invocation.current.environment["PATH"] {
            candidates += searchPath.split(separator: ":").filter { $0.hasPrefix("/") }.map { "\($0)/\(name)" }
        }
        guard let found = candidates.first(where: { access($0, X_OK) == 0 }) else {
            throw .invalidText(
                field: "serve",
                problem:
                    "\(name) is not installed beside stet or on PATH: build it with 'swift build --product \(name)'")
        }
        return found
    }
}

import ArgumentParser
import Foundation
import StetPortal

/// `stet serve` hands over to this program (see Package.swift for why it is apart from `stet`).
@main
struct StetPortalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stet serve",
        abstract: "Serve the documents in force to staff in a browser, from a store whose history verifies.",
        discussion: """
            The register, each document's version in force with its banner, any version by number, \
            what was in force on a day, controlled copies as HTML and PDF, the changes between \
            versions, "check a copy" and a dashboard of what waits; with --keys, staff sign "read \
            and understood" with their user id and passphrase. Every page is \
            computed from a head whose whole history verified; when the history fails, every page \
            says why and shows no document. Stops cleanly on SIGTERM or SIGINT.
            """)

    @Option(name: .long, help: "The store's folder (default: $STET_STORE, else the current folder).")
    var store: String?

    @Option(name: .long, help: "The address to listen on (default: 127.0.0.1, this computer only).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (default: 8080; 0 picks a free one).")
    var port = 8080

    @Option(
        name: .long,
        help: "A key folder holding staff's sealed keys (keys/<user>.key): lets them acknowledge in the browser.")
    var keys: String?

    mutating func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard !host.isEmpty, host.utf8.count <= 253 else { throw ValidationError("--host must name an address") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let home =
            environment["STET_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.stet"
        let status = await PortalProgram.run(
            path: store ?? environment["STET_STORE"] ?? FileManager.default.currentDirectoryPath, home: home,
            host: host, port: port, keys: keys)
        if status != 0 { throw ExitCode(status) }
    }
}

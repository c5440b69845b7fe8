import Foundation
import Logging
import StetCore

/// The program `stet serve` starts, once its options are read: opens the store, verifies its
/// history, and serves until SIGTERM or SIGINT. Its messages go to standard error, one line each.
public enum PortalProgram {
    /// Serves the store at `path` (key folder `home`) on `host`:`port`; the exit status.
    // Not inlined into the program: a release build's optimiser crashed the compiler there.
    @inline(never)
    public static func run(path: String, home: String, host: String, port: Int, keys: String? = nil) async -> Int32 {
        let logger = Logger(label: "stet-portal") { _ in PortalLogHandler() }
        let portal: PortalStore
        do {
            let signing = try keys.map { folder throws(StetError) in try PortalSigning(keys: folder) }
            portal = try PortalStore(path: path, home: home, signing: signing)
        } catch {
            say(error.errorDescription ?? "\(error)")
            return 1
        }
        // The whole history is verified before the first page, not while a visitor waits.
        if let reason = await portal.verifyHead() { say("\(reason); every page will say so") }
        do {
            try await Portal.serve(store: portal, host: host, port: port, logger: logger) { port in
                say("serving \(path) at http://\(host):\(port)/")
            }
            return 0
        } catch {
            say("cannot serve on \(host):\(port): \(error)")
            return 1
        }
    }

    private static func say(_ line: String) {
        FileHandle.standardError.write(Data("stet serve: \(line)\n".utf8))
    }
}

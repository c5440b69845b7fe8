import ArgumentParser
import Crypto
import Foundation
import StetCore

extension StetBench {
    struct Measure: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time Stet's own work in process on a generated store; prints one line per measure.",
            discussion:
                "Lines are 'name<TAB>median<TAB>unit<TAB>detail'. The signed-event measure appends events to the store."
        )

        @Argument(help: "A folder made by 'stet-bench generate'.") var folder: String
        @Option(help: "Repetitions for the quick measures.") var repetitions = 2000
        @Option(help: "Run only this measure (for profiling).") var only: String?

        func run() throws {
            let store = try Store.open(at: folder + "/store")
            let today = Timestamp.now().day
            var random = SplitMix64(seed: 7)
            let ids = try store.snapshot().documents().filter { $0.effectiveVersion(on: today) != nil }.map(
                \.documentID)
            guard !ids.isEmpty else { throw ValidationError("the store has no effective documents") }
            func pick() -> DocumentID { ids[Int(random.next() % UInt64(ids.count))] }

            if wanted("current-version") {
                report(
                    "current-version",
                    try median(repetitions) { _ = try store.snapshot().effectiveContent(of: pick(), on: today) } * 1e6,
                    "µs")
            }
            if wanted("register") {
                report(
                    "register", try median(9) { _ = try store.snapshot().register(on: today) } * 1e3, "ms",
                    "\(ids.count) effective documents, every document.json decoded")
            }
            if wanted("register-cached") {
                // As `stet list` reads it: rows from the register cache in a private key folder.
                let home = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "stet-bench-\(UUID().uuidString)")
                try FileManager.default.createDirectory(
                    at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                defer { try? FileManager.default.removeItem(at: home) }
                store.registerCache = RegisterCache(home: home.path)
                _ = try store.snapshot().register(on: today)
                report(
                    "register-cached", try median(9) { _ = try store.snapshot().register(on: today) } * 1e3, "ms",
                    "\(ids.count) effective documents, rows from the register cache")
                store.registerCache = nil
            }
            if wanted("history") {
                var lengths: [Int] = []
                report(
                    "history", try median(500) { lengths.append(try store.snapshot().history(of: pick()).count) } * 1e3,
                    "ms",
                    "median \(lengths.sorted()[lengths.count / 2]) events per document, most \(lengths.max() ?? 0)")
            }
            if wanted("audit-export") {
                var exported = 0
                let seconds = try median(1) {
                    exported = try AuditExport(format: .csv) { _ in }.run(store, filter: AuditFilter())
                }
                report("audit-export", Double(exported) / seconds, "events/s", "\(exported) events")
            }
            if wanted("verify") {
                let rawRate = ed25519Rate()
                var checked = 0
                let seconds = try median(1) { checked = try store.verify().events }
                let rate = Double(checked) / seconds
                report(
                    "verify", rate, "events/s",
                    String(format: "%.0f%% of raw Ed25519 %.0f/s on one core", 100 * rate / rawRate, rawRate))
            }
            if wanted("signed-event") {
                let key = try KeyFile.unlock(user: "qm", passphrase: StoreGenerator.passphrase, home: folder + "/keys")
                report(
                    "signed-event",
                    try median(30) {
                        _ = try store.record(.reaffirm(document: pick(), comment: "Benchmark review"), signedBy: key)
                    } * 1e3,
                    "ms", "reaffirm, durable writes")
            }
            if wanted("scrypt-unlock") {
                report(
                    "scrypt-unlock",
                    try median(5) {
                        _ = try KeyFile.unlock(
                            user: "qm", passphrase: StoreGenerator.passphrase, home: folder + "/keys")
                    } * 1e3,
                    "ms")
            }
        }

        func wanted(_ name: String) -> Bool { only == nil || only == name }

        func report(_ name: String, _ value: Double, _ unit: String, _ detail: String = "") {
            print("\(name)\t\(String(format: value >= 100 ? "%.0f" : "%.3g", value))\t\(unit)\t\(detail)")
        }

        /// Median wall time of `runs` runs of `body`, in seconds.
        func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return times.sorted()[times.count / 2]
        }

        /// Ed25519 verifications per second on one core, the ceiling for `verify`.
        func ed25519Rate() -> Double {
            let key = Curve25519.Signing.PrivateKey()
            let message = Data(repeating: 7, count: 200)
            let signature = try! key.signature(for: message)
            let count = 5000
            let start = DispatchTime.now().uptimeNanoseconds
            var valid = 0
            for _ in 0..<count where key.publicKey.isValidSignature(signature, for: message) { valid += 1 }
            return Double(valid) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
    }
}

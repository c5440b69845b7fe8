import Foundation
import Testing

/// The benchmark tools at a small size, so they cannot silently rot (this asserts that they
/// run and what they build verifies; it times nothing).
@Suite("Benchmark tools")
struct BenchToolTests {
    @Test("stet-bench generates a valid signed store, and its measures run on it")
    func generateAndMeasure() throws {
        let bench = URL(fileURLWithPath: stetBinary()).deletingLastPathComponent().appendingPathComponent("stet-bench")
            .path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-bench-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let generated = try runProcess(bench, ["generate", "--documents", "12", "--events", "150", folder])
        #expect(generated.succeeded, "\(generated.stderr)")
        #expect(generated.stdout.contains("on 12 documents"))

        let verify = try runProcess(stetBinary(), ["verify", "--store", folder + "/store"])
        #expect(verify.succeeded, "\(verify.stdout)")
        #expect(verify.stdout.contains("OK: every signature and every event holds."))
        let fsck = try runProcess("/usr/bin/git", ["-C", folder + "/store", "fsck", "--strict", "--no-dangling"])
        #expect(fsck.succeeded, "\(fsck.stderr)")

        let measured = try runProcess(bench, ["measure", folder, "--repetitions", "5", "--only", "current-version"])
        #expect(measured.succeeded, "\(measured.stderr)")
        #expect(measured.stdout.hasPrefix("current-version\t"))
        let history = try runProcess(bench, ["measure", folder, "--only", "history"])
        #expect(history.stdout.hasPrefix("history\t"))
    }
}

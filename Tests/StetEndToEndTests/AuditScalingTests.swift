import Foundation
import StetCore
import Testing

/// `stet audit --format csv` over stores of two sizes: time grows no faster than the history,
/// and memory stays flat. The numbers are printed for the benchmark notes in the README.
@Suite("Audit export scaling", .serialized)
struct AuditScalingTests {
    /// Builds a store of `documents` documents, each created, reviewed, approved and issued (5 events each).
    static func makeStore(documents: Int) throws -> (folder: String, events: Int) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-scale-\(UUID().uuidString)")
            .path
        let keys = Dictionary(
            uniqueKeysWithValues: ["dana", "alice", "bob", "carol"].map { ($0, SigningKey.generate(user: $0)) })
        let store = try Store.create(
            at: folder + "/store",
            controller: NewUser(id: "dana", name: "Dana Whitfield", roles: [.controller], key: keys["dana"]!.publicKey),
            signedBy: keys["dana"]!)
        for (id, role) in [("alice", Role.author), ("bob", .reviewer), ("carol", .approver)] {
            try store.record(
                .addUser(NewUser(id: id, name: id.capitalized, roles: [role], key: keys[id]!.publicKey)),
                signedBy: keys["dana"]!)
        }
        let body = String(repeating: "A line of procedure text that a laboratory would follow.\n", count: 40)
        for index in 0..<documents {
            let created = try store.record(
                .create(
                    type: "sop", title: "Procedure \(index)", content: Array("# Procedure \(index)\n\n\(body)".utf8),
                    reason: "New"),
                signedBy: keys["alice"]!)
            let id = created.event.document!
            try store.record(.submit(document: id, reviewers: ["bob"], approvers: ["carol"]), signedBy: keys["alice"]!)
            try store.record(.review(document: id, accept: true, comment: "Checked"), signedBy: keys["bob"]!)
            try store.record(.approve(document: id, comment: nil), signedBy: keys["carol"]!)
            try store.record(.issue(document: id, effective: nil), signedBy: keys["dana"]!)
        }
        return (folder, 4 + 5 * documents)
    }

    @Test("Time and peak memory of a CSV export over stores of two sizes")
    func linear() throws {
        let small = try Self.makeStore(documents: 60)
        let large = try Self.makeStore(documents: 240)
        defer {
            try? FileManager.default.removeItem(atPath: small.folder)
            try? FileManager.default.removeItem(atPath: large.folder)
        }
        let binary = stetBinary()
        func run(_ folder: String) throws -> Measurement {
            // Best of three: the least disturbed by whatever else the machine is doing.
            var best: Measurement?
            for _ in 0..<3 {
                let result = try measure(
                    binary, ["audit", "--format", "csv", "--store", folder + "/store"],
                    environment: ["PATH": "/usr/bin:/bin"])
                #expect(result.status == 0)
                if best == nil || result.seconds < best!.seconds { best = result }
            }
            return best!
        }
        let smallRun = try run(small.folder)
        let largeRun = try run(large.folder)
        let note = String(
            format: "audit --format csv: %d events %.3f s %d KB; %d events %.3f s %d KB", small.events,
            smallRun.seconds,
            smallRun.peakKilobytes, large.events, largeRun.seconds, largeRun.peakKilobytes)
        print(note)
        let growth = Double(large.events) / Double(small.events)
        // Linear with room for noise: four times the history may take at most eight times as long
        // (plus process start-up), and peak memory may not grow with it.
        #expect(largeRun.seconds <= smallRun.seconds * growth * 2 + 0.2, "\(note)")
        #expect(Double(largeRun.peakKilobytes) <= Double(smallRun.peakKilobytes) * 1.25, "\(note)")
    }
}

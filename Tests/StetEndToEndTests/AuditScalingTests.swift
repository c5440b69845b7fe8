import Foundation
import StetCore
import Testing

/// `stet audit --format csv` over stores of two sizes: peak memory stays flat as the history
/// grows fourfold. Times are printed, not asserted: a wall-clock bound fails on a loaded machine
/// and proves nothing on an idle one; `scripts/bench` measures them against their targets.
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
        // Objects go to memory and into one pack at the end, as stet-bench builds its stores:
        // the export reads the same history either way, without a sync per object to wait for.
        let bulk = try store.bulkWriter()
        @discardableResult
        func record(_ action: Action, _ user: String) throws -> RecordedEvent {
            let recorded = try store.record(action, signedBy: keys[user]!)
            try bulk.add(commit: recorded.commit)
            return recorded
        }
        for (id, role) in [("alice", Role.author), ("bob", .reviewer), ("carol", .approver)] {
            try record(
                .addUser(NewUser(id: try UserID(id), name: id.capitalized, roles: [role], key: keys[id]!.publicKey)),
                "dana")
        }
        let body = String(repeating: "A line of procedure text that a laboratory would follow.\n", count: 40)
        for index in 0..<documents {
            let created = try record(
                .create(
                    type: "sop", title: "Procedure \(index)", content: Array("# Procedure \(index)\n\n\(body)".utf8),
                    reason: "New"), "alice")
            let id = created.event.documentID!
            try record(.submit(document: id, reviewers: ["bob"], approvers: ["carol"]), "alice")
            try record(.review(document: id, accept: true, comment: "Checked"), "bob")
            try record(.approve(document: id, comment: nil), "carol")
            try record(.issue(document: id, effective: nil), "dana")
        }
        try bulk.flush()
        return (folder, 4 + 5 * documents)
    }

    @Test("Peak memory of a CSV export stays flat over stores of two sizes")
    func linear() throws {
        let small = try Self.makeStore(documents: 60)
        let large = try Self.makeStore(documents: 240)
        defer {
            try? FileManager.default.removeItem(atPath: small.folder)
            try? FileManager.default.removeItem(atPath: large.folder)
        }
        let binary = stetBinary()
        func run(_ folder: String) throws -> Measurement {
            // Best of two: the least disturbed by whatever else the machine is doing.
            var best: Measurement?
            for _ in 0..<2 {
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
        #expect(smallRun.status == 0 && largeRun.status == 0)
        #expect(Double(largeRun.peakKilobytes) <= Double(smallRun.peakKilobytes) * 1.25, "\(note)")
    }
}

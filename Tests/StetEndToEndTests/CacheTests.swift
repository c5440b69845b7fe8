import Foundation
import Testing

/// The caches Stet keeps in the user's key folder (good signatures by commit id, the register's
/// rows by shard tree id, whole CSV audit exports by head) are accelerators only: deleted,
/// truncated or garbled, every answer stays the same.
@Suite("Caches")
struct CacheTests {
    /// A store with released, retired, drafted and reaffirmed documents, and a reader's acknowledgement.
    static func prepared() throws -> Workspace {
        let workspace = try Workspace()
        for title in ["Specimen reception", "Centrifuge use", "Spill response"] {
            let id = try workspace.create("sop", title: title)
            try workspace.release(id)
        }
        let policy = try workspace.create("policy", title: "Quality policy", as: "amir")
        try workspace.release(policy, author: "amir", reviewer: "erin", approver: "carol", effective: "2099-01-01")
        try workspace.expectSuccess(["retire", "SOP-0002", "--reason", "Replaced"], as: "dana")
        try workspace.write("v2.md", "# Specimen reception\n\nVersion two.\n")
        try workspace.expectSuccess(
            ["edit", "SOP-0001", "--file", workspace.path("v2.md"), "--reason", "More"], as: "alice")
        try workspace.expectSuccess(["reaffirm", "SOP-0003", "--comment", "Still valid"], as: "alice")
        return workspace
    }

    /// The answers every cache feeds: the audit trail's records (without the export's own date),
    /// verification, and the register today and on a past day.
    static func answers(_ workspace: Workspace) throws -> [String] {
        let audit = try workspace.expectSuccess(["audit", "--format", "jsonl"]).stdout.split(separator: "\n").dropLast()
        let verify = try workspace.expectSuccess(["verify", "--format", "json"]).stdout
        // The CSV export without its closing row, which carries the export's own date.
        let csv = try workspace.expectSuccess(["audit", "--format", "csv"]).stdout.split(separator: "\r\n").dropLast()
        return [
            audit.joined(separator: "\n"), verify, csv.joined(separator: "\r\n"),
            try workspace.expectSuccess(["list", "--format", "json"]).stdout,
            try workspace.expectSuccess(["list"]).stdout,
            try workspace.expectSuccess(["list", "--state", "draft"]).stdout,
            try workspace.expectSuccess(["list", "--due", "--within", "40000"]).stdout,
        ]
    }

    /// Every cache file, by its path.
    static func cacheFiles(_ workspace: Workspace) -> [String] {
        let folder = workspace.home + "/cache"
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        return files.filter {
            $0.hasPrefix("stet-signatures-1") || ($0.hasPrefix("stet-register-3/") && !$0.contains("/."))
                || ($0.hasPrefix("stet-audit-2/") && !$0.contains("/."))
        }
        .map { folder + "/" + $0 }.filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && !isFolder.boolValue
        }
    }

    @Test("Deleting, truncating or garbling the caches changes no answer")
    func sameAnswers() throws {
        let workspace = try Self.prepared()
        let cold = try Self.answers(workspace)
        let files = Self.cacheFiles(workspace)
        #expect(files.contains { $0.hasSuffix("stet-signatures-1") })
        #expect(files.contains { $0.contains("stet-register-3/") })
        #expect(files.contains { $0.contains("stet-audit-2/") })
        // Every event's good signature is on record, once.
        let events = try workspace.git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        let recorded = try String(contentsOfFile: workspace.home + "/cache/stet-signatures-1", encoding: .utf8)
            .split(separator: "\n").count
        #expect(recorded == Int(events), "\(recorded) of \(events)")
        // Warm: read from the caches.
        #expect(try Self.answers(workspace) == cold)
        // Truncated in the middle of a line.
        for file in Self.cacheFiles(workspace) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            try bytes.prefix(bytes.count / 2 + 3).write(to: URL(fileURLWithPath: file))
        }
        #expect(try Self.answers(workspace) == cold)
        // Garbled: bytes changed inside, checksums left as they were.
        for file in Self.cacheFiles(workspace) {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            for index in stride(from: bytes.count / 3, to: bytes.count, by: 37) where bytes[index] != 0x0A {
                bytes[index] = bytes[index] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
            }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        }
        #expect(try Self.answers(workspace) == cold)
        // A register entry whose body was edited (a retired document shown in force) is not used.
        for file in Self.cacheFiles(workspace) where file.contains("stet-register-3/") {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try text.replacingOccurrences(of: "Centrifuge use", with: "Centrifuge usE").write(
                toFile: file, atomically: true, encoding: .utf8)
        }
        #expect(try Self.answers(workspace) == cold)
        // Deleted.
        try FileManager.default.removeItem(atPath: workspace.home + "/cache/stet-signatures-1")
        try FileManager.default.removeItem(atPath: workspace.home + "/cache/stet-register-3")
        try FileManager.default.removeItem(atPath: workspace.home + "/cache/stet-audit-2")
        #expect(try Self.answers(workspace) == cold)
    }

    @Test(
        "The caches are read: an entry rewritten with a matching checksum is believed (so they live in the key folder, which only its owner can write)"
    )
    func cachesAreRead() throws {
        let workspace = try Self.prepared()
        _ = try Self.answers(workspace)
        for file in Self.cacheFiles(workspace) where file.contains("stet-register-3/") {
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", maxSplits: 2)
            let body = String(lines[2]).replacingOccurrences(of: "Centrifuge use", with: "Planted title")
            try body.write(toFile: workspace.path("body"), atomically: true, encoding: .utf8)
            let digest = try runProcess("/usr/bin/sha256sum", [workspace.path("body")]).stdout.prefix(64)
            try (String(lines[0]) + "\n" + digest + "\n" + body).write(toFile: file, atomically: true, encoding: .utf8)
        }
        #expect(try workspace.expectSuccess(["list"]).stdout.contains("Planted title"))
        // An audit entry with a planted row and a checksum to match is served as it is.
        let head = try workspace.head()
        let entry = workspace.home + "/cache/stet-audit-2/" + head
        let recorded = try String(contentsOfFile: entry, encoding: .utf8)
        let body = recorded.replacingOccurrences(of: "Centrifuge use", with: "Planted title").dropLast(
            "#stet-audit-2 000000000000 \(String(repeating: "0", count: 64))\n".count)
        try String(body).write(toFile: workspace.path("body"), atomically: true, encoding: .utf8)
        let digest = try runProcess("/usr/bin/sha256sum", [workspace.path("body")]).stdout.prefix(64)
        let count = recorded.suffix("#stet-audit-2 000000000000 ".count + 65).split(separator: " ")[1]
        try (body + "#stet-audit-2 \(count) \(digest)\n").write(toFile: entry, atomically: true, encoding: .utf8)
        #expect(try workspace.expectSuccess(["audit"]).stdout.contains("Planted title"))
    }

    @Test("An event gives the store a new head: the CSV audit export holds it at once")
    func auditFollowsEvents() throws {
        let workspace = try Self.prepared()
        let before = try workspace.expectSuccess(["audit"]).stdout
        #expect(
            try workspace.expectSuccess(["audit"]).stdout.split(separator: "\r\n").dropLast()
                == before.split(separator: "\r\n").dropLast())
        try workspace.expectSuccess(["reaffirm", "SOP-0001", "--comment", "Checked again"], as: "alice")
        let after = try workspace.expectSuccess(["audit"]).stdout
        #expect(after.contains("Checked again"))
        #expect(after.split(separator: "\r\n").count == before.split(separator: "\r\n").count + 1)
        // A filtered export never reads the record.
        #expect(try workspace.expectSuccess(["audit", "--event", "reaffirm"]).stdout.contains("Checked again"))
    }

    @Test("An event gives its shard a new tree id: the register shows it at once")
    func registerFollowsEvents() throws {
        let workspace = try Self.prepared()
        _ = try Self.answers(workspace)
        try workspace.expectSuccess(
            ["update", "SOP-0003", "--title", "Spill response and clean-up", "--reason", "Scope"], as: "dana")
        #expect(try workspace.expectSuccess(["list"]).stdout.contains("Spill response and clean-up"))
        try workspace.expectSuccess(["retire", "SOP-0003", "--reason", "Gone"], as: "dana")
        let json = try workspace.expectSuccess(["list", "--format", "json"]).stdout
        let entries = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
        #expect(entries.first { $0["id"] as? String == "SOP-0003" }?["state"] as? String == "retired")
    }
}

import Foundation

@testable import StetCore
@testable import StetPortal
@testable import StetTestSupport

/// A store with documents in each standing staff may meet, and a portal over it.
final class PortalFixture {
    let fixture: StoreFixture
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("portal-home-\(UUID().uuidString)").path
    let portal: PortalStore
    /// In force at v1, with a draft of v2 being written.
    let inForce: DocumentID
    /// v1 superseded by v2.
    let revised: DocumentID
    /// Retired after v1 took effect.
    let retired: DocumentID
    /// Never issued: a draft only.
    let draftOnly: DocumentID

    static let draftText = "DRAFT TEXT NOBODY MAY READ AS CURRENT"
    /// With `signing`: the portal's key folder, holding the key of sam, a reader.
    let keys: String?
    static let samPassphrase = "sam's long passphrase"

    init(signing: Bool = false) throws {
        let fixture = try StoreFixture()
        self.fixture = fixture
        if signing {
            let keys = FileManager.default.temporaryDirectory.appendingPathComponent("portal-keys-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(
                atPath: keys, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let key = try KeyFile.generate(user: "sam", passphrase: Self.samPassphrase, home: keys)
            try fixture.record(.addUser(NewUser(id: "sam", name: "Sam Okafor", roles: [.reader], key: key)), as: "dana")
            self.keys = keys
        } else {
            keys = nil
        }
        func create(_ title: String, _ text: String) throws -> DocumentID {
            let created = try fixture.record(
                .create(type: "sop", title: title, content: Array(text.utf8), reason: "New procedure"), as: "alice")
            return created.event.documentID!
        }
        inForce = try create("Hand hygiene", "# Hand hygiene\n\nWash hands for twenty seconds.\n")
        try fixture.release(inForce)
        try fixture.record(
            .edit(document: inForce, content: Array("# Hand hygiene\n\n\(Self.draftText)\n".utf8), reason: "Rewrite"),
            as: "alice")

        revised = try create("Specimen reception", "# Specimen reception\n\nOld reception text.\n")
        try fixture.release(revised)
        try fixture.record(
            .edit(
                document: revised, content: Array("# Specimen reception\n\nNew reception text.\n".utf8),
                reason: "Barcodes"),
            as: "alice")
        try fixture.release(revised)

        retired = try create("Fax results", "# Fax results\n\nFax the results.\n")
        try fixture.release(retired)
        fixture.clock.advance(days: 3)
        try fixture.record(.retire(document: retired, reason: "Fax machines removed"), as: "dana")

        draftOnly = try create("Sharps <script>alert(1)</script>", "# Sharps\n\n\(Self.draftText)\n")

        let clock = fixture.clock
        portal = try PortalStore(
            path: fixture.folder, home: home, signing: try keys.map { try PortalSigning(keys: $0) },
            now: { clock.now })
    }

    deinit {
        try? FileManager.default.removeItem(atPath: home)
        if let keys { try? FileManager.default.removeItem(atPath: keys) }
    }

    /// A signing form posted with `fields` for document `id`, from `address`.
    func post(
        _ id: String, _ fields: [(String, String)], from address: String = "192.0.2.1"
    ) async -> (
        status: Int, text: String, served: PortalStore.Served
    ) {
        let body = fields.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)
        }.joined(separator: "&")
        let served = await portal.acknowledge(id: id, body: body, address: address)
        return (served.response.status.rawValue, String(decoding: served.response.body, as: UTF8.self), served)
    }

    /// The form token in a signing page.
    static func token(in page: String) -> String? {
        guard let start = page.range(of: "name=\"token\" value=\"") else { return nil }
        return String(page[start.upperBound...].prefix { $0 != "\"" })
    }

    /// The page at `path` (with its query), as the portal serves it.
    func get(_ target: String) async -> (status: Int, text: String, served: PortalStore.Served) {
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        let served = await portal.respond(path: parts[0], query: parts.count > 1 ? parts[1] : nil)
        return (served.response.status.rawValue, String(decoding: served.response.body, as: UTF8.self), served)
    }

    /// Runs stock git on the store.
    @discardableResult
    func git(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", fixture.folder] + arguments
        process.environment = [
            "GIT_AUTHOR_NAME": "Mallory", "GIT_AUTHOR_EMAIL": "m@example.org", "GIT_COMMITTER_NAME": "Mallory",
            "GIT_COMMITTER_EMAIL": "m@example.org", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation
import Testing

@testable import StetCore
@testable import StetPortal
@testable import StetTestSupport

/// The portal in a real browser: headless Chromium driven over the DevTools protocol by
/// Playwright for Python (`Tests/Browser/portal_browser.py`), with JavaScript off as the pages
/// need none. Screenshots at a desktop's and a phone's width are kept in
/// `.build/test-artifacts/portal/`.
@Suite("Portal in a browser")
struct PortalBrowserTests {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    @Test("Register, search, a document, its PDF and an acknowledgement, at desktop and phone widths")
    func inChromium() async throws {
        let portal = try PortalFixture(signing: true)
        let server = try await PortalProcess(portal)
        defer { server.stop() }
        let artefacts = Self.packageRoot.appendingPathComponent(".build/test-artifacts/portal").path
        try? FileManager.default.removeItem(atPath: artefacts)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.packageRoot.appendingPathComponent("Tests/Browser/portal_browser.py").path, server.base,
            artefacts, portal.inForce.text, "twenty", "sam",
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // The passphrase goes on standard input, never on a command line others can list.
        input.fileHandleForWriting.write(Data((PortalFixture.samPassphrase + "\n").utf8))
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(said)")
        #expect(said.contains("desktop: signed"), "\(said)")
        for name in ["register", "search", "document"] {
            for width in ["desktop", "phone"] {
                #expect(FileManager.default.fileExists(atPath: "\(artefacts)/\(name)-\(width).png"))
            }
        }
        // The signature the browser made is in the store, and the history still verifies.
        let snapshot = try portal.fixture.store.snapshot()
        let report = try snapshot.acknowledgements(of: portal.inForce, version: 1, on: snapshot.today)
        #expect(report.entries.contains { $0.user.id == "sam" && $0.acknowledgement != nil })
        _ = try Store.open(at: portal.fixture.folder).verify()
    }
}

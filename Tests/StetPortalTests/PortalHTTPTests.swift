import Foundation
import Testing

@testable import StetCore
@testable import StetPortal
@testable import StetTestSupport

/// The portal program on a real socket, asked by stock curl: the headers every response carries,
/// revalidation by tag, downloads, and a clean stop.
@Suite("Portal over HTTP")
struct PortalHTTPTests {
    /// What curl saw: the status, the headers by lower-case name, the body.
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static func curl(_ url: String, _ extra: [String] = []) throws -> Answer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-i", "--max-time", "20"] + extra + [url]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let status = Int(head[0].split(separator: " ").dropFirst().first ?? "") ?? 0
        return Answer(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    @Test("stet-portal: headers, tags, downloads, a line per request, and a clean stop on SIGTERM")
    func overHTTP() async throws {
        let portal = try PortalFixture(signing: true)
        let server = try await PortalProcess(portal)
        let base = server.base
        let process = server.process
        let lines = server.lines

        let page = try Self.curl(base + "/documents/\(portal.inForce.text)")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        #expect(page.headers["content-security-policy"]?.contains("script-src") == false)
        #expect(page.headers["x-content-type-options"] == "nosniff")
        #expect(page.headers["x-frame-options"] == "DENY")
        #expect(page.headers["cache-control"] == "no-cache")
        #expect(page.body.contains("Wash hands for twenty seconds."))
        #expect(!page.body.contains("<script"))
        #expect(!page.body.contains("style="))
        let tag = try #require(page.headers["etag"])

        // The browser's revalidation: nothing sent again while the head and day are the same.
        let again = try Self.curl(base + "/documents/\(portal.inForce.text)", ["-H", "If-None-Match: \(tag)"])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let other = try Self.curl(base + "/documents/\(portal.inForce.text)", ["-H", "If-None-Match: \"stale\""])
        #expect(other.status == 200)
        let weak = try Self.curl(base + "/documents/\(portal.inForce.text)", ["-H", "If-None-Match: \"x\", W/\(tag)"])
        #expect(weak.status == 304)

        let copy = try Self.curl(base + "/documents/\(portal.revised.text)/copy.html")
        #expect(copy.status == 200)
        #expect(copy.headers["content-disposition"] == "attachment; filename=\"\(portal.revised.text)-v2.html\"")

        let style = try Self.curl(base + "/static/portal.css")
        #expect(style.headers["content-type"] == "text/css; charset=utf-8")
        #expect(style.headers["content-security-policy"] != nil)

        let health = try Self.curl(base + "/health")
        #expect(health.status == 200)
        #expect(health.body.hasPrefix("ok "))
        #expect(health.headers["cache-control"] == "no-store")

        let missing = try Self.curl(base + "/documents/SOP-4040")
        #expect(missing.status == 404)
        #expect(missing.headers["content-security-policy"] != nil)
        let posted = try Self.curl(base + "/", ["-X", "POST", "-d", "x=1"])
        #expect(posted.status == 405)
        #expect(posted.headers["allow"] == "GET, HEAD")
        #expect(posted.headers["x-content-type-options"] == "nosniff")
        let long = try Self.curl(base + "/documents/" + String(repeating: "A", count: 3000))
        #expect(long.status == 414)
        let headOnly = try Self.curl(base + "/", ["-I"])
        #expect(headOnly.status == 200)

        // Signing: only a form of this portal's, posted from its own pages, as a form, of a few fields.
        let signingPath = "/documents/\(portal.inForce.text)/acknowledge"
        let form = try Self.curl(base + signingPath)
        #expect(form.status == 200)
        #expect(form.headers["cache-control"] == "no-store")
        let token = try #require(PortalFixture.token(in: form.body))
        let fields = [
            "--data-urlencode", "version=1", "--data-urlencode", "token=\(token)", "--data-urlencode", "user=sam",
            "--data-urlencode", "passphrase=\(PortalFixture.samPassphrase)",
        ]
        let elsewhere = try Self.curl(base + signingPath, fields + ["-H", "Origin: http://attacker.example"])
        #expect(elsewhere.status == 403)
        let crossSite = try Self.curl(base + signingPath, fields + ["-H", "Sec-Fetch-Site: cross-site"])
        #expect(crossSite.status == 403)
        let notAForm = try Self.curl(base + signingPath, fields + ["-H", "Content-Type: text/plain"])
        #expect(notAForm.status == 415)
        let huge = try Self.curl(base + signingPath, ["--data-binary", String(repeating: "x", count: 20_000)])
        #expect(huge.status == 413)
        let signed = try Self.curl(base + signingPath, fields + ["-H", "Origin: \(base)"])
        #expect(signed.status == 200, "\(signed.body)")
        #expect(signed.body.contains("Sam Okafor signed"))
        let after = try Self.curl(base + "/documents/\(portal.inForce.text)", ["-H", "If-None-Match: \(tag)"])
        #expect(after.status == 200, "a signature is a new head: the page's tag changes")

        // SIGTERM: the program stops cleanly, having logged one line per request.
        server.stop()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "\(lines.all)")
        let requests = lines.all.split(separator: "\n").filter { $0.hasSuffix(" ms") }
        #expect(requests.count == 18, "\(lines.all)")
        #expect(requests.contains { $0.contains("POST \(signingPath) 200 ") })
        #expect(!lines.all.contains(PortalFixture.samPassphrase) && !lines.all.contains(token))
        #expect(requests.contains { $0.contains("GET /documents/\(portal.inForce.text) 200 ") })
        #expect(requests.contains { $0.contains("POST / 405 ") })
        let closed = try Self.curl(base + "/health")
        #expect(closed.status == 0)
    }
}

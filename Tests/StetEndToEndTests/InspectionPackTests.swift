import Foundation
import Testing

/// `stet history`: a document's inspection pack, checked for content in text and HTML, printed to
/// PDF and read back, with its pages kept as PNG in `.build/test-artifacts/history`.
@Suite("Inspection pack")
struct InspectionPackTests {
    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-artifacts/history").path

    /// A procedure with two versions: a rejection, reviews with comments, a retitling, acknowledgements.
    static func prepared() throws -> (Workspace, String) {
        let workspace = try Workspace()
        let id = try workspace.create(
            "sop", title: "Specimen reception", body: "1. Check the request form.\n2. Label the sample.")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", id, "--reject", "--comment", "Name the three identifiers"], as: "bob")
        try workspace.write(
            "v1.md",
            "# Specimen reception\n\n1. Check the request form.\n2. Check name, date of birth and NHS number.\n")
        try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("v1.md"), "--reason", "Identifiers named"], as: "alice")
        try workspace.release(id)
        try workspace.expectSuccess(["distribute", id, "--roles", "reader"], as: "dana")
        try workspace.expectSuccess(["acknowledge", id], as: "rita")
        try workspace.write(
            "v2.md",
            "# Specimen reception\n\n1. Check the request form.\n2. Check name, date of birth and NHS number.\n3. Reject unlabelled samples.\n"
        )
        try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("v2.md"), "--reason", "Unlabelled samples"], as: "alice")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", id, "--accept", "--comment", "Clear"], as: "bob")
        try workspace.expectSuccess(["approve", id, "--comment", "Approved for use"], as: "carol")
        try workspace.expectSuccess(["issue", id], as: "dana")
        try workspace.expectSuccess(
            ["update", id, "--title", "Specimen reception and labelling", "--reason", "Scope"], as: "dana")
        return (workspace, id)
    }

    @Test(
        "Text and HTML hold every event, reason, signature with its meaning, version text, change and acknowledgement")
    func content() throws {
        let (workspace, id) = try Self.prepared()
        let text = try workspace.expectSuccess(["history", id]).stdout
        for expected in [
            "INSPECTION PACK — \(id) Specimen reception and labelling",
            "review rejected by Bob Lindqvist", "reason: Name the three identifiers", "reason: Identifiers named",
            "VERSION v1", "VERSION v2", "approval: Dr Carol Nguyen (carol)", "— Approved for use",
            "acknowledgement: Rita Costa (rita) 20", "+3. Reject unlabelled samples.",
            "details changed by Dana Whitfield",
        ] {
            #expect(text.contains(expected), "\(expected)")
        }
        try workspace.expectSuccess(["history", id, "--format", "html", "--output", workspace.path("pack.html")])
        let html = try String(contentsOfFile: workspace.path("pack.html"), encoding: .utf8)
        #expect(html.contains("<title>Inspection pack — \(id) Specimen reception and labelling</title>"))
        #expect(html.contains("not a controlled copy"))
        #expect(html.contains("<td>Name the three identifiers</td>"))
        #expect(html.contains("<td>rejection</td>"))
        #expect(html.contains("<tr><td>approval</td><td>Dr Carol Nguyen (carol)</td>"))
        #expect(html.contains("<span class=\"added\">+3. Reject unlabelled samples.</span>"))
        #expect(html.contains("<li>Reject unlabelled samples.</li>"))
        #expect(html.contains("Rita Costa (rita)"))
        #expect(!html.contains("<script"))
        // Every event on the document is a row of the history.
        let events = try workspace.expectSuccess(["log", id]).stdout.split(separator: "\n").filter {
            !$0.hasPrefix(" ")
        }
        #expect(html.components(separatedBy: "<td class=\"commit\">").count - 1 == events.count)
    }

    @Test(
        "The PDF reads back with every section, page numbers on every page, and is kept as PNG pages",
        .enabled(
            if: ["/usr/bin/chromium", "/usr/bin/pdftotext", "/usr/bin/pdftoppm"].allSatisfy {
                FileManager.default.isExecutableFile(atPath: $0)
            }))
    func pdf() throws {
        let (workspace, id) = try Self.prepared()
        try workspace.expectSuccess(["history", id, "--format", "pdf", "--output", workspace.path("pack.pdf")])
        let text = try runProcess("/usr/bin/pdftotext", ["-layout", workspace.path("pack.pdf"), "-"]).stdout
        for expected in [
            "Inspection pack: \(id)", "1. History", "2. Versions", "Version v1", "Version v2", "Identifiers",
            "Reject unlabelled samples", "not a controlled copy",
        ] {
            #expect(text.contains(expected), "\(expected)")
        }
        let pages = text.components(separatedBy: "\u{0C}").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        #expect(pages.count >= 3)
        for (index, page) in pages.enumerated() { #expect(page.contains("Page \(index + 1) of \(pages.count)")) }
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        _ = try runProcess(
            "/usr/bin/pdftoppm", ["-r", "60", "-png", workspace.path("pack.pdf"), Self.artifacts + "/pack"])
    }
}

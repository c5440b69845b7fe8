import Foundation
import Testing

/// A controlled copy as people meet it: rendered to HTML and printed to PDF by headless
/// Chromium, read back with pdftotext, and kept as PNG pages (in `.build/test-artifacts/copies`)
/// for a person to look at.
@Suite(
    "Printed copies",
    .enabled(
        if: ["/usr/bin/chromium", "/usr/bin/pdftotext", "/usr/bin/pdftoppm"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: $0)
        }))
struct CopyPrintTests {
    static let artifacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-artifacts/copies").path

    static let procedure: String = {
        let steps = (1...14).map { step in
            "\(step). Step \(step): carry out task \(step) and record it in the log.\n"
                + "    - check point \(step)a\n    - check point \(step)b\n\n"
                + (step % 5 == 0 ? "    Note for step \(step): an indented paragraph that belongs to it.\n\n" : "")
        }.joined()
        return """
            # Specimen reception

            ## Procedure

            \(steps)
            ## Tubes

            | Tube | Cap | Department |
            | --- | --- | --- |
            | SST | gold | Chemistry |
            | EDTA | lavender | Haematology |

            ## Rejection criteria

            | Reason | Action |
            | --- | --- |
            | Unlabelled | Reject and inform the ward |
            | Haemolysed | Recollect |

            ![Rack layout](rack.png)
            """
    }()

    func text(ofPDF path: String) throws -> String {
        try runProcess("/usr/bin/pdftotext", ["-layout", path, "-"]).stdout
    }

    /// A 96 × 32 picture of a tube rack, as a PNG.
    static let rack = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAGAAAAAgCAIAAABiouoDAAAAcklEQVR42u3ZsRGAIBBFQcqxCIowtjAqsQiKIDa2BFMTvQvEaN/8mGE2hLLqtYIA0EdAp24BAgTob6CxL0/LnNi2Hi51s3aEy5zTaw0HCBAgQIAAAQIECBAgQIAAAQIECBAgQLOAvEMDAjQVSP7mAU3oAuYPZLF9tBUPAAAAAElFTkSuQmCC"
    )!

    @Test("An SOP with a long procedure, nested lists, tables and an image, as HTML, PDF, screenshot and page images")
    func printedCopy() throws {
        let workspace = try Workspace()
        try workspace.write("sop.md", Self.procedure + "\n")
        try Self.rack.write(to: URL(fileURLWithPath: workspace.path("rack.png")))
        let id = try workspace.expectSuccess(
            ["new", "sop", "--title", "Specimen reception", "--file", workspace.path("sop.md")], as: "alice"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try workspace.release(id)
        try workspace.expectSuccess(["render", id, "--output", workspace.path("copy.html")])
        try workspace.expectSuccess(["render", id, "--format", "pdf", "--output", workspace.path("copy.pdf")])
        let code = try #require(
            try String(contentsOfFile: workspace.path("copy.html"), encoding: .utf8)
                .range(of: #"\#(id) v1 [0-9a-f]{8}"#, options: .regularExpression)
                .map { try String(contentsOfFile: workspace.path("copy.html"), encoding: .utf8)[$0] }
                .map(String.init))
        let html = try String(contentsOfFile: workspace.path("copy.html"), encoding: .utf8)
        #expect(
            html.contains("<img src=\"data:image/png;base64,\(Self.rack.base64EncodedString())\" alt=\"Rack layout\">"),
            "the image is in the copy itself")
        let pdf = try text(ofPDF: workspace.path("copy.pdf"))
        var position = pdf.startIndex
        for step in 1...14 {
            guard let found = pdf.range(of: "Step \(step): carry out task \(step)", range: position..<pdf.endIndex)
            else {
                Issue.record("step \(step) missing or out of order in the PDF")
                break
            }
            position = found.upperBound
        }
        #expect(pdf.contains("check point 14b") && pdf.contains("Note for step 10"))
        #expect(pdf.contains("Page 1 of") && pdf.contains("Page 2 of"), "every page numbered")
        #expect(pdf.components(separatedBy: code).count - 1 >= 2, "the check code on every page and in the footer")
        #expect(pdf.contains("Haemolysed") && pdf.contains("Haematology"))
        #expect(
            !pdf.contains("NOT YET EFFECTIVE") && !pdf.contains("SUPERSEDED —"), "no banner on the version in force")
        #expect(try workspace.stet(["check-copy", "--code", code]).status == 0)

        // A next version, not yet in force: its copy carries the banner on paper too.
        try workspace.write("sop2.md", Self.procedure.replacingOccurrences(of: "record it", with: "note it") + "\n")
        try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("sop2.md"), "--reason", "Wording"], as: "alice")
        try workspace.release(id, effective: utcDay(offset: 30))
        try workspace.expectSuccess(
            ["render", id, "--version", "2", "--format", "pdf", "--output", workspace.path("next.pdf")])
        let next = try text(ofPDF: workspace.path("next.pdf"))
        // The banner may wrap in the PDF's text; its words and its date are there, the day whole.
        #expect(next.contains("NOT YET EFFECTIVE — this version takes effect"), "\(next.prefix(600))")
        #expect(next.contains("\(utcDay(offset: 30)). Until then"), "\(next.prefix(600))")

        // Kept for people to look at: a screenshot of the HTML, and every PDF page as PNG.
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let screenshot = Self.artifacts + "/copy-screen.png"
        try? FileManager.default.removeItem(atPath: screenshot)
        _ = try runProcess(
            "/usr/bin/chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=" + workspace.path("profile"), "--window-size=1000,1400",
                "--screenshot=" + screenshot, "file://" + workspace.path("copy.html"),
            ])
        #expect(FileManager.default.fileExists(atPath: screenshot), "no screenshot")
        for (name, file) in [("copy", "copy.pdf"), ("next", "next.pdf")] {
            let pages = try runProcess(
                "/usr/bin/pdftoppm", ["-r", "60", "-png", workspace.path(file), Self.artifacts + "/" + name])
            #expect(pages.succeeded, "\(pages.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: Self.artifacts + "/copy-1.png"))
    }

    @Test("Without Chromium a PDF is refused in one line naming what to install")
    func noChromium() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "No printer")
        try workspace.release(id)
        try workspace.expectRefusal(
            ["render", id, "--format", "pdf", "--output", workspace.path("x.pdf")],
            environment: ["STET_CHROMIUM": "/nonexistent/chromium"],
            saying: "install it (Debian: apt-get install chromium)")
    }
}

import Foundation
import Testing

/// What a copy says of its version (issue 28): that version's own title and owner, no review
/// date once it is out of force, a numbered copy called controlled, bare addresses printed once,
/// and large pictures and raw HTML from real documents laid out whole.
@Suite(
    "Copy content",
    .enabled(
        if: ["/usr/bin/chromium", "/usr/bin/pdftotext", "/usr/bin/pdftoppm"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: $0)
        }))
struct CopyContentTests {
    let workspace: Workspace

    init() throws { workspace = try Workspace() }

    @Test("A copy of a version shows its own title and owner, even after the document's details change")
    func versionsOwnTitle() throws {
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.release(id)
        try workspace.expectSuccess(
            ["update", id, "--title", "Specimen reception and storage", "--owner", "amir", "--reason", "Scope"],
            as: "dana")
        let copy = try workspace.expectSuccess(["render", id]).stdout
        #expect(copy.contains("<tr><th>Title</th><td>Specimen reception</td></tr>"), "\(copy)")
        #expect(copy.contains("<tr><th>Owner</th><td>Alice Moreno (alice)</td></tr>"))
        #expect(!copy.contains("and storage"))
        try workspace.write("copy.html", copy)
        #expect(try workspace.stet(["check-copy", workspace.path("copy.html")]).status == 0)
        // The next version is issued under the title the document has then.
        try workspace.write("v2.md", "# Specimen reception and storage\n\nStore at 4C.\n")
        try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("v2.md"), "--reason", "Storage"], as: "alice")
        try workspace.release(id)
        let second = try workspace.expectSuccess(["render", id]).stdout
        #expect(second.contains("<tr><th>Title</th><td>Specimen reception and storage</td></tr>"))
    }

    @Test("Superseded and retired copies print no next review date; the version in force does")
    func noReviewOutOfForce() throws {
        let id = try workspace.create("sop", title: "Spill response")
        try workspace.release(id)
        #expect(try workspace.expectSuccess(["render", id]).stdout.contains("<th>Next review</th>"))
        try workspace.write("v2.md", "# Spill response\n\nUse the spill kit.\n")
        try workspace.expectSuccess(["edit", id, "--file", workspace.path("v2.md"), "--reason", "Kit"], as: "alice")
        try workspace.release(id)
        let superseded = try workspace.expectSuccess(["render", id, "--version", "1"]).stdout
        #expect(superseded.contains("SUPERSEDED") && !superseded.contains("Next review"), "\(superseded)")
        try workspace.expectSuccess(["retire", id, "--reason", "Merged into SOP-0002"], as: "dana")
        let retired = try workspace.expectSuccess(["render", id, "--version", "2"]).stdout
        #expect(retired.contains("RETIRED") && !retired.contains("Next review"))
    }

    @Test("A numbered copy says on every page that it is controlled copy No. N, issued to its holder")
    func numberedCopyIsControlled() throws {
        let id = try workspace.create("sop", title: "Centrifuge balancing")
        try workspace.release(id)
        let pdf = workspace.path("copy1.pdf")
        try workspace.expectSuccess(["copies", "issue", id, "--to", "Bench 2", "--output", pdf], as: "dana")
        let text = try runProcess("/usr/bin/pdftotext", ["-layout", pdf, "-"]).stdout
        #expect(text.contains("Controlled copy No. 1 — issued to Bench 2"), "\(text)")
        #expect(!text.contains("Uncontrolled when printed"))
        let checked = try workspace.stet(["check-copy", pdf])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        let plain = try workspace.expectSuccess(["render", id]).stdout
        #expect(plain.contains("Uncontrolled when printed"))
    }

    @Test("A bare address is printed once; a link's address is printed after its text")
    func bareAddressOnce() throws {
        let id = try workspace.create(
            "sop", title: "Sharps",
            body: "See https://example.org/sharps and the [policy](https://example.org/policy); qa@example.org.")
        try workspace.release(id)
        let pdf = workspace.path("sharps.pdf")
        try workspace.expectSuccess(["render", id, "--format", "pdf", "--output", pdf])
        let text = try runProcess("/usr/bin/pdftotext", [pdf, "-"]).stdout
        #expect(text.components(separatedBy: "https://example.org/sharps").count == 2, "\(text)")
        #expect(text.contains("policy <https://example.org/policy>"), "\(text)")
        #expect(text.components(separatedBy: "qa@example.org").count == 2, "\(text)")
        let checked = try workspace.stet(["check-copy", pdf])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }

    @Test("A Markdown copy holds the text without its front matter")
    func markdownWithoutFrontMatter() throws {
        try workspace.write(
            "fm.md", "---\ntitle: Autoclave loading\nowner_note: x\n---\n# Autoclave loading\n\nLoad it.\n")
        let id = try workspace.expectSuccess(
            ["new", "sop", "--title", "Autoclave loading", "--file", workspace.path("fm.md")], as: "alice"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try workspace.release(id)
        let copy = try workspace.expectSuccess(["render", id, "--format", "markdown"]).stdout
        #expect(copy.hasPrefix("<!-- stet:copy "))
        #expect(!copy.contains("owner_note"), "\(copy)")
        #expect(copy.contains("<!-- stet:body:start -->\n# Autoclave loading"))
        try workspace.write("copy.md", copy)
        #expect(try workspace.stet(["check-copy", workspace.path("copy.md")]).status == 0)
    }

    @Test("A procedure with a large diagram, <br> in tables and clause comments prints whole, kept as PNG pages")
    func largeDiagramAndTables() throws {
        let diagram = workspace.path("process-diagram.png")
        let made = try runProcess(
            "/usr/bin/python3",
            [
                "-c",
                """
                import struct, sys, zlib
                width, height = 1376, 1814
                rows = b''.join(b'\\x00' + bytes(v for x in range(width) for v in (x * 255 // width, y * 255 // height, 160)) for y in range(height))
                def chunk(kind, data):
                    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
                png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0))
                png += chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b'')
                open(sys.argv[1], 'wb').write(png)
                """,
                diagram,
            ])
        #expect(made.succeeded, "\(made.stderr)")
        try workspace.write(
            "design.md",
            """
            <!-- [13485:7.3.2] -->
            # Design and development

            ## Process

            ![Design process](process-diagram.png)

            ## Roles

            | Role | Responsibilities |
            | --- | --- |
            | Design lead | Plans the work<br>Chairs reviews |
            | QA | Audits records<br>Signs off releases |

            Outputs are H<sub>2</sub>O-safe and reviewed with <kbd>Ctrl</kbd>+<kbd>R</kbd>.
            """)
        let id = try workspace.expectSuccess(
            ["new", "sop", "--title", "Design and development", "--file", workspace.path("design.md")], as: "alice"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try workspace.release(id)
        let html = try workspace.expectSuccess(["render", id]).stdout
        #expect(html.contains("<td>Plans the work<br>Chairs reviews</td>"))
        #expect(!html.contains("13485") && !html.contains("[HTML not shown]"))
        let pdf = workspace.path("design.pdf")
        try workspace.expectSuccess(["render", id, "--format", "pdf", "--output", pdf])
        let checked = try workspace.stet(["check-copy", pdf])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        // Every page carries its running header and footer, and the diagram fits on a page of its own
        // at most: scaled, it leaves them clear.
        let pages = try runProcess("/usr/bin/pdftotext", ["-layout", pdf, "-"]).stdout.components(separatedBy: "\u{0C}")
            .filter { !$0.allSatisfy(\.isWhitespace) }
        #expect(pages.count <= 4, "\(pages.count) pages")
        for page in pages {
            #expect(page.contains("\(id) v1 — Design and development"), "\(page)")
            #expect(page.contains("Uncontrolled when printed — check before use"))
        }
        let artifacts = CopyPrintTests.artifacts
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let pictures = try runProcess("/usr/bin/pdftoppm", ["-png", "-r", "50", pdf, artifacts + "/large-diagram"])
        #expect(pictures.succeeded, "\(pictures.stderr)")
    }
}

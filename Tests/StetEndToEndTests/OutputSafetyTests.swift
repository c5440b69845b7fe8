import CSV
import Foundation
import Testing

/// What Stet writes cannot be turned against whoever reads it: spreadsheets, browsers, terminals.
@Suite("Output safety")
struct OutputSafetyTests {
    @Test("CSV cells a spreadsheet would run as a formula are neutralised")
    func csvFormulas() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "=HYPERLINK(\"http://evil.example\",\"click\")")
        let reasons = ["+1+1", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]
        for (index, reason) in reasons.enumerated() {
            try workspace.write("e\(index).md", "# Edit \(index)\n")
            try workspace.expectSuccess(
                ["edit", id, "--file", workspace.path("e\(index).md"), "--reason=\(reason)"], as: "alice")
        }
        let csv = try workspace.expectSuccess(["audit", "--format", "csv"]).stdout
        let reader = try CSVReader(string: csv, hasHeaderRow: true)
        var cells: [String] = []
        while let row = reader.next() { cells += row }
        #expect(cells.contains("'=HYPERLINK(\"http://evil.example\",\"click\")"))
        for reason in reasons { #expect(cells.contains("'" + reason), "\(reason) was not neutralised") }
        for cell in cells {
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains(where: cell.hasPrefix), "live cell: \(cell)")
        }
    }

    @Test("A controlled copy escapes names and titles and carries no script, whatever the Markdown holds")
    func htmlCopies() throws {
        let workspace = try Workspace(enrol: false)
        let danaKey = try workspace.keygen("dana")
        try workspace.expectSuccess([
            "init", workspace.store, "--controller", "dana", "--name", "Dana <img src=x onerror=alert(1)>",
            "--key", danaKey, "--passphrase-file", workspace.path("passphrase"),
        ])
        for (id, name, role) in [
            ("alice", "Alice \"><script>alert(2)</script>", "author"), ("bob", "Bob & 'Sons'", "reviewer"),
            ("carol", "Carol <b>Bold</b>", "approver"),
        ] {
            try workspace.expectSuccess(
                ["user", "add", id, "--name", name, "--role", role, "--key", try workspace.keygen(id)], as: "dana")
        }
        // Markdown first (Ink leaves whatever follows a raw HTML block unformatted), then raw HTML.
        let markdown = """
            # Spill response <script>alert(3)</script>

            Real content: **bold**, `code <b>`, [a link](https://example.org/sop?a=1&b=2) and a table:

            | Step | Action |
            | --- | --- |
            | 1 | Wear <em>gloves</em> |

            [nine](javascript:alert(9)) [ten](" onmouseover="alert(10)) ![eleven](x" onerror="alert(11))
            [fourteen](data:text/html;base64,PHNjcmlwdD4=) [fifteen](JaVaScRiPt:alert(15)) ![sixteen](x"/onerror="alert(16))
            \(String(repeating: "[", count: 200))

            <script>alert(4)</script>
            <iframe src="https://evil.example"></iframe>
            <img src=x onerror="alert(5)"> <a href="javascript:alert(6)">six</a>
            <a href="java&#115;cript:alert(7)">seven</a> <a href=" javascript:alert(8)">eight</a>
            <meta http-equiv="refresh" content="0;url=https://evil.example">
            <form action="https://evil.example"><input name=pin></form>
            <style>body { display: none }</style> <svg onload=alert(12)></svg> <math><mi>x</mi></math>
            <div style="background:url(javascript:alert(13))">thirteen</div>
            <object data="x.swf"></object> <base href="https://evil.example/">
            """
        try workspace.write("spill.md", markdown + "\n")
        let id = try workspace.expectSuccess(
            ["new", "sop", "--title", "<script>alert(14)</script> & \"quotes\"", "--file", workspace.path("spill.md")],
            as: "alice"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try workspace.release(id, reviewer: "bob", approver: "carol")
        let html = try workspace.expectSuccess(["render", id]).stdout
        // Every real tag (escaped markup is text, not a tag) is harmless: no active element, no event
        // handler, no script URL. Only the copy's own style and meta elements are there.
        let tagPattern = try NSRegularExpression(pattern: #"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>"#)
        let tags = tagPattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).filter {
            $0.range(at: 1).length == 0
        }.map { match in
            (
                name: String(html[Range(match.range(at: 2), in: html)!]).lowercased(),
                attributes: String(html[Range(match.range(at: 3), in: html)!]).lowercased()
            )
        }
        let forbidden: Set = [
            "script", "iframe", "form", "input", "svg", "math", "object", "embed", "base", "div", "link",
        ]
        for tag in tags {
            #expect(!forbidden.contains(tag.name), "<\(tag.name)> reached the copy")
            // Attribute names, that is, outside quoted values (a value may hold any text).
            let names = tag.attributes.replacingOccurrences(of: #""[^"]*""#, with: "\"\"", options: .regularExpression)
            #expect(
                names.range(of: #"\bon[a-z]+\s*="#, options: .regularExpression) == nil,
                "handler in <\(tag.name)\(tag.attributes)>")
            #expect(
                !tag.attributes.contains("javascript:") && !tag.attributes.contains("data:text"),
                "<\(tag.name)\(tag.attributes)>")
        }
        #expect(tags.filter { $0.name == "style" }.count == 1, "a second stylesheet reached the copy")
        #expect(tags.filter { $0.name == "meta" }.count == 10, "an extra meta element reached the copy")
        // Nothing is silently dropped: raw HTML in the text shows as its source text where it stood,
        // but for the few inline elements documents use, and Markdown's own formatting survives.
        #expect(html.contains("Dana &lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("<h1>Spill response &lt;script>alert(3)&lt;/script></h1>"), "\(html)")
        #expect(html.contains("&lt;script>alert(4)&lt;/script>"), "an HTML block shows as its source")
        #expect(html.contains("&lt;iframe src=\"https://evil.example\">&lt;/iframe>"))
        #expect(html.contains("&lt;script&gt;alert(14)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("Bob &amp; &#39;Sons&#39;"))
        #expect(html.contains("<strong>bold</strong>") && html.contains("<code>code &lt;b&gt;</code>"))
        #expect(html.contains("<a href=\"https://example.org/sop?a=1&amp;b=2\">a link</a>"))
        #expect(html.contains("<td>Wear <em>gloves</em></td>"))
        try workspace.write("copy.html", html)
        let check = try workspace.stet(["check-copy", workspace.path("copy.html")])
        #expect(check.status == 0 && check.stdout.contains("CURRENT"), "\(check.stdout) \(check.stderr)")
    }

    @Test("Document text cannot drive a terminal: control characters are shown as '?' on a tty, kept in a pipe")
    func terminalOutput() throws {
        let workspace = try Workspace()
        let hostile = "# Title\u{1b}]0;owned\u{07}\n\n\u{1b}[2J\u{1b}[31mred\u{9b}31m\u{1b}[0m\ttab\n"
        try workspace.write("t.md", hostile)
        let id = try workspace.expectSuccess(
            ["new", "sop", "--title", "Terminal", "--file", workspace.path("t.md")], as: "alice"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try workspace.release(id)
        // Into a pipe the text is exact, so `stet show X > file` keeps the document as issued.
        #expect(try workspace.expectSuccess(["show", id]).stdout == hostile)
        // On a terminal (script(1) gives stet a pseudo-terminal), no escape sequence gets through.
        for command in [["show", id], ["show", id, "--version", "1"], ["render", id, "--format", "markdown"]] {
            let line = ([workspace.binary] + command).map { "'\($0)'" }.joined(separator: " ")
            let result = try runProcess(
                "/usr/bin/script", ["-qec", line, "/dev/null"],
                environment: ["STET_STORE": workspace.store, "STET_HOME": workspace.home])
            #expect(result.succeeded, "\(command): \(result.stderr)")
            #expect(
                !result.stdout.contains("\u{1b}") && !result.stdout.contains("\u{9b}")
                    && !result.stdout.contains("\u{07}"))
            if command[0] == "show" { #expect(result.stdout.contains("?[31mred")) }
        }
    }
}

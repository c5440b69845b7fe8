import Testing

@testable import StetCore

/// The renderer against examples from the CommonMark spec (0.29) and GitHub's extensions spec,
/// with the HTML the spec gives, through the sanitizer as a copy shows them.
@Suite("CommonMark rendering")
struct CommonMarkTests {
    static let examples: [(name: String, markdown: String, html: String)] = [
        (
            "spec 301: a new list starts with a new bullet character", "- foo\n- bar\n+ baz\n",
            "<ul>\n<li>foo</li>\n<li>bar</li>\n</ul>\n<ul>\n<li>baz</li>\n</ul>\n"
        ),
        (
            "spec 302: and with a new delimiter", "1. foo\n2. bar\n3) baz\n",
            "<ol>\n<li>foo</li>\n<li>bar</li>\n</ol>\n<ol start=\"3\">\n<li>baz</li>\n</ol>\n"
        ),
        (
            "spec 294: lists nested four deep", "- foo\n  - bar\n    - baz\n      - boo\n",
            "<ul>\n<li>foo\n<ul>\n<li>bar\n<ul>\n<li>baz\n<ul>\n<li>boo</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n"
        ),
        (
            "spec 231: a list item holding a paragraph, indented code and a block quote",
            "1.  A paragraph\n    with two lines.\n\n        indented code\n\n    > A block quote.\n",
            "<ol>\n<li>\n<p>A paragraph\nwith two lines.</p>\n<pre><code>indented code\n</code></pre>\n"
                + "<blockquote>\n<p>A block quote.</p>\n</blockquote>\n</li>\n</ol>\n"
        ),
        (
            "spec 307: loose list items with blank lines between", "- foo\n\n- bar\n\n\n- baz\n",
            "<ul>\n<li>\n<p>foo</p>\n</li>\n<li>\n<p>bar</p>\n</li>\n<li>\n<p>baz</p>\n</li>\n</ul>\n"
        ),
        (
            "issue 12: numbered steps with nested bullets keep every later step",
            "1. First\n   - sub a\n   - sub b\n2. Second\n3. Third\n",
            "<ol>\n<li>First\n<ul>\n<li>sub a</li>\n<li>sub b</li>\n</ul>\n</li>\n<li>Second</li>\n<li>Third</li>\n</ol>\n"
        ),
        (
            "an indented paragraph inside a step", "1. Weigh.\n\n   Record the mass.\n2. Mix.\n",
            "<ol>\n<li>\n<p>Weigh.</p>\n<p>Record the mass.</p>\n</li>\n<li>\n<p>Mix.</p>\n</li>\n</ol>\n"
        ),
        ("spec 350: emphasis", "*foo bar*\n", "<p><em>foo bar</em></p>\n"),
        ("spec 392: strong emphasis", "**foo bar**\n", "<p><strong>foo bar</strong></p>\n"),
        ("spec 328: a code span", "`foo`\n", "<p><code>foo</code></p>\n"),
        ("spec 89: a fenced code block keeps < and >", "```\n<\n >\n```\n", "<pre><code>&lt;\n &gt;\n</code></pre>\n"),
        (
            "spec 112: an info string", "```ruby\ndef foo(x)\n  return 3\nend\n```\n",
            "<pre><code class=\"language-ruby\">def foo(x)\n  return 3\nend\n</code></pre>\n"
        ),
        (
            "gfm 198: a table", "| foo | bar |\n| --- | --- |\n| baz | bim |\n",
            "<table>\n<thead>\n<tr>\n<th>foo</th>\n<th>bar</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>baz</td>\n"
                + "<td>bim</td>\n</tr>\n</tbody>\n</table>\n"
        ),
        (
            "gfm 199: a table's alignment", "| abc | defghi |\n:-: | -----------:\nbar | baz\n",
            "<table>\n<thead>\n<tr>\n<th align=\"center\">abc</th>\n<th align=\"right\">defghi</th>\n</tr>\n</thead>\n"
                + "<tbody>\n<tr>\n<td align=\"center\">bar</td>\n<td align=\"right\">baz</td>\n</tr>\n</tbody>\n</table>\n"
        ),
        ("gfm 491: strikethrough", "~~Hi~~ Hello, world!\n", "<p><del>Hi</del> Hello, world!</p>\n"),
        (
            "gfm 621: an autolink", "www.commonmark.org\n",
            "<p><a href=\"http://www.commonmark.org\">www.commonmark.org</a></p>\n"
        ),
        (
            "gfm 279: a task list, shown as boxes a printer prints", "- [ ] foo\n- [x] bar\n",
            "<ul>\n<li>☐ foo</li>\n<li>☑ bar</li>\n</ul>\n"
        ),
    ]

    @Test("Examples from the CommonMark and GFM specs render as the specs say", arguments: examples)
    func spec(_ example: (name: String, markdown: String, html: String)) {
        #expect(ControlledCopy.htmlBody(example.markdown) == example.html, "\(example.name)")
    }

    @Test("Raw HTML shows as its source text, never run; unsafe link targets are dropped")
    func rawHTML() {
        let html = ControlledCopy.htmlBody("Text <script>alert(1)</script> and [x](javascript:alert(1))\n")
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script>alert(1)&lt;/script>"), "\(html)")
        #expect(html.contains("<a>x</a>"), "\(html)")
    }

    @Test("Inline elements real documents use are kept; comments (clause tags) are dropped; other HTML shows as text")
    func inlineHTML() {
        let markdown = """
            <!-- [13485:7.1c,7.2.1c] -->
            # Design plan

            | Step | Who |
            | --- | --- |
            | Plan<br>Review | H<sub>2</sub>O, m<sup>2</sup>, <kbd>Ctrl</kbd>, <u>must</u> |

            A <div class="x">box</div> and a note <!-- inline note --> here. <!-- never closed
            """
        let html = ControlledCopy.htmlBody(markdown)
        #expect(!html.contains("13485") && !html.contains("inline note"), "\(html)")
        #expect(html.contains("<td>Plan<br>Review</td>"), "\(html)")
        #expect(html.contains("H<sub>2</sub>O, m<sup>2</sup>, <kbd>Ctrl</kbd>, <u>must</u>"), "\(html)")
        #expect(html.contains("&lt;div class=\"x\">box&lt;/div>"), "\(html)")
        #expect(html.contains("&lt;!-- never closed"), "\(html)")
        #expect(!html.contains("[HTML not shown]"))
    }

    @Test("Front matter is not part of the copy's text; a rule after it stays a rule")
    func frontMatter() {
        #expect(ControlledCopy.htmlBody("---\ntitle: A\n---\n# A\n") == "<h1>A</h1>\n")
        #expect(ControlledCopy.htmlBody("---\na: b\n---\n\n---\nc\n") == "<hr>\n<p>c</p>\n")
    }

    @Test("A full SOP: every step of a long procedure with nested lists and an indented note, in order")
    func fullSOP() {
        let markdown = """
            ---
            title: Specimen reception
            ---
            # Specimen reception

            ## Procedure

            1. Check the request form.
               - patient name and date of birth
               - requesting clinician
            2. Check the specimen label against the form.

               Two identifiers must match exactly.
            3. Record arrival time in the LIMS.
            4. Centrifuge serum tubes:
               - 10 minutes at 1300 g
               - room temperature
            5. Place the rack in the analyser queue.
            6. Sign the reception log.
            7. Store residual samples at 4 °C.

            | Tube | Cap | Use |
            | --- | --- | --- |
            | SST | gold | chemistry |
            | EDTA | lavender | haematology |
            """
        let html = ControlledCopy.htmlBody(markdown)
        let steps = [
            "Check the request form.", "Check the specimen label", "Record arrival time", "Centrifuge serum tubes",
            "Place the rack", "Sign the reception log", "Store residual samples",
        ]
        var position = html.startIndex
        for step in steps {
            guard let found = html.range(of: step, range: position..<html.endIndex) else {
                Issue.record("step '\(step)' missing or out of order in \(html)")
                return
            }
            position = found.upperBound
        }
        #expect(html.components(separatedBy: "<ol>").count == 2, "one numbered list: \(html)")
        #expect(html.components(separatedBy: "<li>").count - 1 == 7 + 4, "\(html)")
        #expect(html.contains("<td>EDTA</td>"))
        #expect(!html.contains("title: Specimen"))
    }
}

import Foundation
import Testing

@testable import StetCore

@Suite("HTML sanitizer")
struct HTMLSanitizerTests {
    @Test("Allowed tags are rebuilt with allowed attributes only; everything else shows as text")
    func allowlist() {
        #expect(HTMLSanitizer.sanitize("<p>a</p>") == "<p>a</p>")
        #expect(HTMLSanitizer.sanitize("<script>x</script>") == "&lt;script>x&lt;/script>")
        #expect(
            HTMLSanitizer.sanitize("<img src=x onerror=alert(1)>")
                == "<span class=\"outside-image\">[image not loaded: &lt;x&gt;]</span>",
            "an image not inside the copy is shown as what it is")
        #expect(
            HTMLSanitizer.sanitize("<img src=\"data:image/png;base64,iVBO\" onerror=x>")
                == "<img src=\"data:image/png;base64,iVBO\">")
        #expect(HTMLSanitizer.sanitize("<a href=\"\" onmouseover=\"alert(1\">t</a>") == "<a>t</a>")
        #expect(
            HTMLSanitizer.sanitize("<a href='https://a.example' href='javascript:y'>")
                == "<a href=\"https://a.example\">")
        #expect(HTMLSanitizer.sanitize("<code class=\"language-swift\">") == "<code class=\"language-swift\">")
        #expect(HTMLSanitizer.sanitize("<code class=\"x\" style=\"y\">") == "<code>")
        #expect(HTMLSanitizer.sanitize("<!-- c --><!DOCTYPE x>") == "&lt;!DOCTYPE x>", "a comment shows nothing")
        #expect(HTMLSanitizer.sanitize("a < b <p") == "a &lt; b &lt;p")
        #expect(HTMLSanitizer.sanitize("<td align=\"center\"><th align=\"x\">") == "<td align=\"center\"><th>")
    }

    @Test("Link and image targets: relative, http(s) and mailto; inline raster images; no script by any spelling")
    func urls() {
        for safe in [
            "page.html", "../a/b.png", "#top", "https://example.org/?a=1&b=2", "mailto:qa@example.org", "dir/a:b",
        ] {
            #expect(HTMLSanitizer.isSafeURL(safe, image: false), "\(safe)")
        }
        #expect(HTMLSanitizer.isSafeURL("data:image/png;base64,iVBO", image: true))
        for unsafe in [
            "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java&#115;cript:x", "javascript&#58;x", "javascript&colon;x",
            " javascript:x", "java\tscript:x", "vbscript:x", "data:text/html,x", "file:///etc/passwd", "x\"y",
        ] {
            #expect(!HTMLSanitizer.isSafeURL(unsafe, image: false), "\(unsafe)")
        }
        #expect(!HTMLSanitizer.isSafeURL("data:image/png;base64,iVBO", image: false))
        #expect(!HTMLSanitizer.isSafeURL("a:b/c", image: false), "an unknown scheme is not a relative path")
        #expect(!HTMLSanitizer.isSafeURL("data:image/svg+xml,<svg>", image: true))
    }

    @Test("A link keeps its target only for an http(s) address with a host, a mailto address or an anchor")
    func linkTargets() {
        for kept in [
            "https://example.org/a?b=1&c=2", "http://10.0.0.1/x", "HTTPS://Example.org", "mailto:qa@example.org",
            "#scope",
        ] {
            #expect(HTMLSanitizer.isLinkTarget(kept), "\(kept)")
        }
        for dropped in [
            "%2e%2e/%2e%2e/etc/passwd", "../x", "forms/F-001.pdf", "//fileserver/share", "https:///etc/passwd",
            "http:/x", "file:///etc/passwd", "mailto:", "#", "#a#b", "", "x", "javascript:alert(1)",
        ] {
            #expect(!HTMLSanitizer.isLinkTarget(dropped), "\(dropped)")
        }
    }

    @Test(
        "A link's scheme is written in lower case, so its address is printed beside it; an image keeps no outside source"
    )
    func schemesAndSources() {
        #expect(
            HTMLSanitizer.sanitize("<a href=\"HTTPS://evil.example/phish\">x</a>")
                == "<a href=\"https://evil.example/phish\">x</a>")
        #expect(
            HTMLSanitizer.sanitize("<a href=\"MAILTO:a@b.example\">x</a>") == "<a href=\"mailto:a@b.example\">x</a>")
        #expect(
            HTMLSanitizer.sanitize("<img src=\"data:text/html,x\" src=\"http://evil/x.png\">")
                == "<span class=\"outside-image\">[image not loaded: &lt;http://evil/x.png&gt;]</span>")
    }

    @Test("What people type in procedures comes out as they wrote it")
    func everydayText() {
        for (markdown, shown) in [
            ("Tick [x] when done", "Tick [x] when done"), ("Use a <pH 7 buffer", "Use a &lt;pH 7 buffer"),
            ("`[[1, 2]]` and `<p>`", "<code>[[1, 2]]</code> and <code>&lt;p&gt;</code>"),
            ("```\nlet a = [[1], [2]]\n```", "[[1], [2]]"),
            ("[link](https://example.org)", "<a href=\"https://example.org\">link</a>"),
        ] {
            #expect(
                ControlledCopy.htmlBody(markdown).contains(shown), "\(markdown): \(ControlledCopy.htmlBody(markdown))")
        }
    }

    /// These took Ink exponential time; the test ending at all is the check (no clock is read:
    /// a timing bound fails on a loaded machine, and a return of the blow-up never ends).
    @Test("Rendering ends on inputs that made Ink take exponential time, keeping their text")
    func pathologicalMarkdown() {
        for (text, mark) in [
            (String(repeating: "[", count: 5000), "["), (String(repeating: "[a ", count: 2000), "[a"),
            (String(repeating: "![", count: 2000), "!["),
        ] {
            #expect(ControlledCopy.htmlBody(text).contains(mark), "\(text.prefix(10))...")
        }
    }
}

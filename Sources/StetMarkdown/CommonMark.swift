import CCmarkGFM
import Foundation

/// Markdown to HTML by cmark-gfm, the CommonMark reference implementation GitHub uses, with
/// GitHub's tables, strikethrough, autolinks and task lists. The only code that touches its C
/// pointers.
///
/// Raw HTML in the text, and every link target, is passed through as written: what of it a copy
/// may show, and how, is the sanitizer's decision alone (StetCore's `HTMLSanitizer`, the same
/// allowlist as for the Markdown's own elements: `<br>` in a table cell or `<sub>` is kept with
/// only allowed attributes, a comment is dropped, a script or a `<div>` shows as its source text).
public enum CommonMark {
    /// The extensions a document may use, by cmark-gfm's names.
    static let extensions = ["table", "strikethrough", "autolink", "tasklist"]

    /// The version of cmark-gfm in use: a copy records it, since another version may render the
    /// same text differently.
    public static var version: String { String(cString: cmark_version_string()) }

    /// Registers the extensions with cmark once per process, before any parser asks for them.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// `markdown` as HTML.
    public static func html(_ markdown: String) -> String {
        precondition(registered)
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_UNSAFE
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensions {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        var text = markdown
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return ""
        }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}

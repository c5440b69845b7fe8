import Foundation
import StetGit
import StetMarkdown

/// A copy of one issued version fit to print or publish: a header identifying it, the signature
/// block, the text, and a footer saying printed copies are uncontrolled.
///
/// Rendering depends only on the store's state, so the same version renders to the same bytes.
/// The body sits between fixed markers, so `CopyCheck` can compare it with the store's version.
public enum ControlledCopy {
    public enum Format: String, CaseIterable, Sendable {
        case html
        case markdown
    }

    static let bodyStart = "<!-- stet:body:start -->"
    static let bodyEnd = "<!-- stet:body:end -->"

    /// The copy of `version` of `id` (default: the version in force on `day`).
    public static func render(
        _ store: Snapshot, id: DocumentID, version: Int?, on day: Day, format: Format
    ) throws(StetError)
        -> [UInt8]
    {
        let document = try store.document(id)
        let issued: Document.IssuedVersion
        if let version {
            guard let found = document.versions.first(where: { $0.version == version }) else {
                throw .noSuchVersion(document: document.id, version: version)
            }
            issued = found
        } else {
            guard let found = document.effectiveVersion(on: day) else { throw .noEffectiveVersion(document.id) }
            issued = found
        }
        let content = try store.versionContent(of: document.documentID, version: issued.version)
        let configuration = try store.configuration()
        let type = configuration.settings(for: document.type)
        let names = Dictionary(try store.users().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let copy = Copy(
            document: document, version: issued, typeTitle: type.title,
            nextReview: document.nextReview(of: issued, intervalMonths: type.reviewIntervalMonths),
            commit: try store.issueCommit(of: document.documentID, version: issued.version).hex, names: names,
            content: String(decoding: content, as: UTF8.self))
        return Array((format == .html ? copy.html : copy.markdown).utf8)
    }

    /// `markdown` as it stands in an HTML copy: rendered, then stripped of anything active.
    public static func htmlBody(_ markdown: String) -> String { body(markdown, format: .html) }

    /// Which renderer made an HTML copy's body: a copy made by another cannot be compared with
    /// what this one makes (copies made before Stet used CommonMark carry none).
    static let renderer = "commonmark-gfm-1"

    /// The rendered body of a version, as it stands between the markers in a copy: the text
    /// after its front matter, by CommonMark with GitHub's extensions, then passed through the
    /// allow-list sanitizer as a second line.
    static func body(_ content: String, format: Format) -> String {
        switch format {
        case .html:
            HTMLSanitizer.sanitize(
                CommonMark.html(DocumentContent.withoutFrontMatter(content))
                    .replacingOccurrences(of: CommonMark.omittedHTML, with: "[HTML not shown]")
                    .replacingOccurrences(of: "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> ", with: "☑ ")
                    .replacingOccurrences(of: "<input type=\"checkbox\" disabled=\"\" /> ", with: "☐ "))
        case .markdown: content
        }
    }

    private struct Copy {
        var document: Document
        var version: Document.IssuedVersion
        var typeTitle: String
        var nextReview: Day
        var commit: String
        var names: [String: String]
        var content: String

        /// A signer as a copy shows them: printed name and user id, so two people never look alike.
        func name(_ id: String) -> String { names[id].map { "\($0) (\(id))" } ?? id }

        /// Every signature on the version: authorship, reviews, approvals, issue.
        var signatures: [(name: String, role: String, meaning: String, time: String)] {
            version.authors.map { (name($0), "Author", "Authorship", version.drafted?.description ?? "") }
                + version.reviews.map { (name($0.by), "Reviewer", "Review", $0.at.description) }
                + version.approvals.map { (name($0.by), "Approver", "Approval", $0.at.description) }
                + [(name(version.issuedBy), "Document controller", "Issue", version.issued.description)]
        }

        var header: [(String, String)] {
            [
                ("Document", document.id), ("Title", document.title), ("Type", typeTitle),
                ("Version", String(version.version)), ("Effective", version.effective.description),
                ("Owner", name(document.owner)), ("Next review", nextReview.description),
            ]
        }

        var footer: String {
            "Printed copies are uncontrolled: check that this is the current version before use "
                + "(stet check-copy). Content \(version.contentHash), issued in commit \(commit)."
        }

        var html: String {
            func escape(_ text: String) -> String {
                text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                    .replacingOccurrences(of: "'", with: "&#39;")
            }
            var lines = [
                "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
                // The copy runs nothing: no script, no outside resource, whatever the Markdown holds.
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
                "<meta name=\"stet-document\" content=\"\(escape(document.id))\">",
                "<meta name=\"stet-version\" content=\"\(version.version)\">",
                "<meta name=\"stet-content-hash\" content=\"\(version.contentHash)\">",
                "<meta name=\"stet-commit\" content=\"\(commit)\">",
                "<meta name=\"stet-renderer\" content=\"\(ControlledCopy.renderer)\">",
                "<title>\(escape(document.id)) v\(version.version) — \(escape(document.title))</title>",
                "<style>", ControlledCopy.style, "</style>", "</head>", "<body>",
                "<header class=\"control\">", "<table>",
            ]
            lines += header.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }
            lines += [
                "</table>", "</header>", "<section class=\"signatures\">", "<h2>Signatures</h2>", "<table>",
                "<tr><th>Name</th><th>Role</th><th>Meaning</th><th>Date and time (UTC)</th></tr>",
            ]
            lines += signatures.map {
                "<tr><td>\(escape($0.name))</td><td>\($0.role)</td><td>\($0.meaning)</td><td>\(escape($0.time))</td></tr>"
            }
            lines += ["</table>", "</section>", "<main>", ControlledCopy.bodyStart]
            lines.append(ControlledCopy.body(content, format: .html))
            lines += [ControlledCopy.bodyEnd, "</main>", "<footer>", escape(footer), "</footer>", "</body>", "</html>"]
            return lines.joined(separator: "\n") + "\n"
        }

        var markdown: String {
            func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
            var lines = [
                "<!-- stet:copy document=\(document.id) version=\(version.version) content=\(version.contentHash) commit=\(commit) -->",
                "", "| Controlled document | |", "| --- | --- |",
            ]
            lines += header.map { "| \(cell($0.0)) | \(cell($0.1)) |" }
            lines += ["", "| Name | Role | Meaning | Date and time (UTC) |", "| --- | --- | --- | --- |"]
            lines += signatures.map { "| \(cell($0.name)) | \($0.role) | \($0.meaning) | \($0.time) |" }
            lines += ["", ControlledCopy.bodyStart, content + ControlledCopy.bodyEnd, "", "---", "", footer]
            return lines.joined(separator: "\n") + "\n"
        }
    }

    static let style = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 11pt; line-height: 1.45; \
        max-width: 46em; margin: 2em auto; color: #111; }
        header.control table, section.signatures table { border-collapse: collapse; width: 100%; margin-bottom: 1.2em; }
        header.control th, header.control td, section.signatures th, section.signatures td { border: 1px solid #888; \
        padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
        header.control th { width: 9em; background: #eee; }
        section.signatures th { background: #eee; }
        section.signatures h2 { font-size: 12pt; margin: 0 0 0.4em 0; }
        main table { border-collapse: collapse; }
        main th, main td { border: 1px solid #aaa; padding: 0.2em 0.4em; }
        footer { border-top: 2px solid #111; margin-top: 2em; padding-top: 0.5em; font-size: 9pt; }
        @page { size: A4; margin: 18mm 16mm 20mm 16mm; }
        @media print { body { margin: 0; max-width: none; } header.control, section.signatures { break-inside: avoid; } \
        footer { position: fixed; bottom: 0; left: 0; right: 0; background: #fff; } \
        main a[href^="http:"]::after, main a[href^="https:"]::after, main a[href^="mailto:"]::after, \
        main a[href^="//"]::after { content: " <" attr(href) ">"; font-size: 9pt; word-break: break-all; } }
        span.outside-image { border: 1px dashed #888; padding: 0 0.3em; font-size: 9pt; }
        """
}

/// What `stet check-copy` found a file to be.
public enum CopyStatus: Sendable, Equatable {
    /// A faithful copy of the version in force today.
    case current(document: String, version: Int)
    /// A faithful copy of a version no longer (or not yet) in force.
    case superseded(document: String, version: Int, current: Int?)
    case retired(document: String, version: Int)
    /// Not a faithful copy of any version in the store.
    case notACopy(reason: String)
}

extension ControlledCopy {
    /// Says whether `bytes` is a faithful copy of a version in `store`, and where that version stands on `day`.
    public static func check(_ bytes: [UInt8], in store: Snapshot, on day: Day) throws(StetError) -> CopyStatus {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .notACopy(reason: "the file is not text")
        }
        let format: Format
        let fields: [String: String]
        if text.hasPrefix("<!DOCTYPE html>") {
            format = .html
            fields = Self.metaFields(text)
        } else if text.hasPrefix("<!-- stet:copy ") {
            format = .markdown
            let line = text.prefix { $0 != "\n" }.dropFirst("<!-- stet:copy ".count).dropLast(" -->".count)
            fields = Dictionary(
                line.split(separator: " ").compactMap { pair in
                    pair.firstIndex(of: "=").map { (String(pair[..<$0]), String(pair[pair.index(after: $0)...])) }
                }, uniquingKeysWith: { first, _ in first })
        } else {
            return .notACopy(reason: "it carries no Stet copy marks")
        }
        guard let rawID = fields["document"], let id = try? DocumentID(rawID),
            let version = fields["version"].flatMap({ Int($0) }), let hash = fields["content"]
        else { return .notACopy(reason: "its copy marks are incomplete") }
        guard let document = try? store.document(id) else { return .notACopy(reason: "\(id) is not in this store") }
        guard let issued = document.versions.first(where: { $0.version == version }), issued.contentHash == hash else {
            return .notACopy(reason: "\(id) has no version \(version) with that content")
        }
        if format == .html && fields["renderer"] != renderer {
            return .notACopy(
                reason: "it was made by an earlier Stet, whose rendering of the text cannot be checked now: "
                    + "render a new copy of \(id) v\(version) and compare it")
        }
        let expected = body(
            String(decoding: try store.versionContent(of: id, version: version), as: UTF8.self), format: format)
        guard let start = text.range(of: bodyStart + "\n"),
            let end = text.range(of: bodyEnd, range: start.upperBound..<text.endIndex),
            String(text[start.upperBound..<end.lowerBound]) == expected + (format == .html ? "\n" : "")
        else {
            return .notACopy(reason: "its text differs from \(id) v\(version) as issued (altered copy)")
        }
        if document.isRetired(on: day) {
            return .retired(document: id.text, version: version)
        }
        let current = document.effectiveVersion(on: day)?.version
        return current == version
            ? .current(document: id.text, version: version)
            : .superseded(document: id.text, version: version, current: current)
    }

    private static func metaFields(_ html: String) -> [String: String] {
        var fields: [String: String] = [:]
        for (key, name) in [
            ("document", "stet-document"), ("version", "stet-version"), ("content", "stet-content-hash"),
            ("renderer", "stet-renderer"),
        ] {
            let prefix = "<meta name=\"\(name)\" content=\""
            guard let start = html.range(of: prefix), let end = html[start.upperBound...].firstIndex(of: "\"") else {
                continue
            }
            fields[key] = String(html[start.upperBound..<end])
        }
        return fields
    }
}

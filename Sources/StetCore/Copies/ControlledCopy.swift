import Foundation
import StetGit
import StetMarkdown
import StetQRCode

/// A copy of one issued version fit to print or publish: a header saying what it is, a banner
/// when it is not the version in force, the signature block, the text, and on every printed
/// page the document, its status, the page number and a check code.
///
/// A copy is a function of the store's state at one commit, the day it is judged on and the
/// day it is printed, all three written into it; `check` renders that again and compares every
/// byte, so no edit anywhere in a copy passes.
public enum ControlledCopy {
    public enum Format: String, CaseIterable, Sendable {
        case html
        case markdown
    }

    static let bodyStart = "<!-- stet:body:start -->"
    static let bodyEnd = "<!-- stet:body:end -->"

    /// Which renderer made a copy, with cmark-gfm's version. A copy made by another (copies made
    /// before Stet used CommonMark carry none; a system update may bring another cmark-gfm)
    /// cannot be rendered again to compare.
    static let renderer = "commonmark-gfm-3/cmark-gfm-" + CommonMark.version

    /// The copy of `version` of `id` (default: the version in force on `day`), as `store` holds
    /// it, printed on the store's today.
    public static func render(
        _ store: Snapshot, id: DocumentID, version: Int?, on day: Day, format: Format, numbered: Numbered? = nil
    ) throws(StetError)
        -> [UInt8]
    {
        let document = try store.document(id)
        let issued = try store.issuedVersion(of: id, version, on: day)
        return Array(try copy(of: document, issued, in: store, asOf: day, numbered: numbered).text(format).utf8)
    }

    /// A copy of the working revision, for reviewers and authors: marked DRAFT — NOT FOR USE on
    /// every page, with the signatures it has so far, and never passed by `check` as a copy.
    public static func renderDraft(_ store: Snapshot, id: DocumentID, format: Format) throws(StetError) -> [UInt8] {
        let document = try store.document(id)
        guard let working = document.working else { throw .noDraft(document.id) }
        let content = try store.draftContent(of: id)
        let configuration = try store.configuration()
        let type = configuration.settings(for: document.type)
        // The revision shown in the issued version's shape: what the copy's layout reads.
        let revision = Document.IssuedVersion(
            version: 0, revision: working.number, effective: store.today,
            issued: working.drafted ?? Timestamp(seconds: 0),
            issuedBy: "", contentHash: working.contentHash, authors: working.authors, reviews: working.reviews,
            approvals: working.approvals, drafted: working.drafted)
        let copy = Copy(
            document: document, version: revision, typeTitle: type.title, nextReview: store.today, commit: "",
            state: store.head.hex, asOf: store.today, printed: store.today, names: try store.printedNames(),
            content: String(decoding: content, as: UTF8.self), images: try store.attachments(of: id), numbered: nil,
            organisation: configuration.organisation,
            timeZone: configuration.timeZone.flatMap(TimeZone.init(identifier:)), draft: working.state,
            partOf: try store.titles(of: document.partOf ?? []))
        return Array(copy.text(format).utf8)
    }

    /// A numbered copy for the register: its number and who or where holds it.
    public struct Numbered: Sendable, Equatable {
        public var number: Int
        public var holder: String

        public init(number: Int, holder: String) {
            self.number = number
            self.holder = holder
        }
    }

    static func copy(
        of document: Document, _ issued: Document.IssuedVersion, in store: Snapshot, asOf day: Day,
        numbered: Numbered?
    ) throws(StetError) -> Copy {
        let content = try store.versionContent(of: document.documentID, version: issued.version)
        let configuration = try store.configuration()
        let type = configuration.settings(for: document.type)
        // The version as it was issued: its title and owner then, not today's (a later `update`
        // changes what new copies of later versions say, never what this version said), and the
        // files stored with it then (a later draft may store more under paths its text links).
        let issueCommit = try store.issueCommit(of: document.documentID, version: issued.version)
        let then = try store.atEvent(issueCommit)
        let atIssue = try then.document(document.documentID)
        var shown = document
        shown.title = atIssue.title
        shown.owner = atIssue.owner
        shown.department = atIssue.department
        shown.partOf = atIssue.partOf
        return Copy(
            document: shown, version: issued, typeTitle: type.title,
            nextReview: document.nextReview(of: issued, intervalMonths: type.reviewIntervalMonths),
            commit: issueCommit.hex,
            state: store.head.hex, asOf: day, printed: store.today, names: try store.printedNames(),
            content: String(decoding: content, as: UTF8.self),
            images: try then.attachments(of: document.documentID),
            numbered: numbered, organisation: configuration.organisation,
            timeZone: configuration.timeZone.flatMap(TimeZone.init(identifier:)),
            partOf: try then.titles(of: atIssue.partOf ?? []))
    }

    /// `markdown` as it stands in an HTML copy: rendered, then stripped of anything active.
    public static func htmlBody(_ markdown: String, images: [String: [UInt8]] = [:]) -> String {
        body(markdown, format: .html, images: images)
    }

    /// The rendered body of a version, as it stands between the markers in a copy: the text
    /// after its front matter, by CommonMark with GitHub's extensions, then passed through the
    /// allow-list sanitizer as a second line.
    static func body(_ content: String, format: Format, images: [String: [UInt8]] = [:]) -> String {
        switch format {
        case .html:
            markingBareLinks(
                HTMLSanitizer.sanitize(
                    embedding(images, in: CommonMark.html(DocumentContent.withoutFrontMatter(content)))
                        .replacingOccurrences(of: "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> ", with: "☑ ")
                        .replacingOccurrences(of: "<input type=\"checkbox\" disabled=\"\" /> ", with: "☐ ")))
        case .markdown: DocumentContent.withoutFrontMatter(content)
        }
    }

    /// `html` with each link whose text is its own address (a bare URL, an autolink) marked
    /// `class="bare"`, so that paper shows the address once, not again after it.
    static func markingBareLinks(_ html: String) -> String {
        guard html.contains("<a href=\""), let pattern = bareLinkPattern else { return html }
        var result = ""
        var last = html.startIndex
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let whole = Range(match.range, in: html), let target = Range(match.range(at: 1), in: html),
                let text = Range(match.range(at: 2), in: html)
            else { continue }
            let address = String(html[target])
            let shown = String(html[text])
            guard shown == address || "mailto:" + shown == address else { continue }
            result += html[last..<whole.lowerBound] + "<a class=\"bare\" href=\"\(address)\">\(shown)</a>"
            last = whole.upperBound
        }
        return result + html[last...]
    }

    private static let bareLinkPattern = try? NSRegularExpression(
        pattern: #"<a href="([^"<>]*)">([^<>]*)</a>"#)

    /// The media types of the images a copy embeds, by file extension.
    static let imageTypes = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    ]

    /// `html` with each image the store holds for the document written into it as a data URI,
    /// so the copy is one file and shows its images offline; an image too large or of another
    /// type is left as a link, which the copy shows as an image not loaded.
    static func embedding(_ images: [String: [UInt8]], in html: String) -> String {
        guard !images.isEmpty, let pattern = try? NSRegularExpression(pattern: #"<img src="([^"]*)""#) else {
            return html
        }
        var result = ""
        var last = html.startIndex
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let whole = Range(match.range, in: html), let source = Range(match.range(at: 1), in: html) else {
                continue
            }
            let path = String(html[source]).removingPercentEncoding ?? String(html[source])
            let type = imageTypes[(path as NSString).pathExtension.lowercased()]
            guard let bytes = images[path], let type, bytes.count <= Limits.embeddedImageSize else { continue }
            result +=
                html[last..<whole.lowerBound] + "<img src=\"data:\(type);base64,"
                + Data(bytes).base64EncodedString() + "\""
            last = whole.upperBound
        }
        return result + html[last...]
    }

    /// The short code printed on every page of a copy, to check a paper copy by hand: document,
    /// version, and the start of the content hash.
    public static func checkCode(document: String, version: Int, contentHash: String, copy: Int? = nil) -> String {
        "\(document) v\(version) \(contentHash.dropFirst("sha256:".count).prefix(8))" + (copy.map { " c\($0)" } ?? "")
    }

    /// One copy: everything it shows, from one state of the store.
    struct Copy {
        var document: Document
        var version: Document.IssuedVersion
        var typeTitle: String
        var nextReview: Day
        var commit: String
        /// The head the copy was rendered from.
        var state: String
        /// The day its standing is judged on.
        var asOf: Day
        var printed: Day
        var names: [String: String]
        var content: String
        var images: [String: [UInt8]]
        var numbered: Numbered?
        var organisation: String?
        var timeZone: TimeZone?
        /// For a copy of the working revision: where it stands. Nil for an issued version.
        var draft: RevisionState? = nil
        /// The documents it is part of, with their titles, as they stood when it was issued.
        var partOf: [(id: String, title: String)] = []

        /// "Form of: CSC-PR-001 Design and Development Procedure", when it is part of one.
        var partOfRow: [(String, String)] {
            guard !partOf.isEmpty else { return [] }
            return [
                (
                    Document.partOfLabel(type: document.type, typeTitle: typeTitle),
                    partOf.map { "\($0.id) \($0.title)" }.joined(separator: "; ")
                )
            ]
        }

        var standing: VersionStanding { document.standing(of: version, on: asOf) }

        var code: String {
            if draft != nil { return "\(document.id) draft revision \(version.revision) — not a controlled copy" }
            return ControlledCopy.checkCode(
                document: document.id, version: version.version, contentHash: version.contentHash,
                copy: numbered?.number)
        }

        /// A signer as a copy shows them: printed name and user id, so two people never look alike.
        func name(_ id: String) -> String { names[id].map { "\($0) (\(id))" } ?? id }

        /// What the copy says it is, in one phrase.
        var status: String {
            if let draft { return "DRAFT — NOT FOR USE (\(DocumentState(draft).rawValue))" }
            switch standing {
            case .inForce: return "In force"
            case .takesEffect(let day): return "NOT YET EFFECTIVE (from \(day))"
            case .superseded: return "SUPERSEDED"
            case .retired: return "RETIRED"
            }
        }

        /// The banner over a copy of anything but the version in force; nil for that one.
        var banner: String? {
            if let draft {
                return "DRAFT — NOT FOR USE. Revision \(version.revision) is \(DocumentState(draft).rawValue): "
                    + "not approved, not issued, and not a controlled copy."
            }
            switch standing {
            case .inForce:
                return nil
            case .takesEffect(let day):
                return "NOT YET EFFECTIVE — this version takes effect on \(day). Until then, use the version in force."
            case .superseded:
                let current = document.effectiveVersion(on: asOf)
                return "SUPERSEDED — do not use. "
                    + (current.map { "Version \($0.version) has been in force since \($0.effective)." }
                        ?? "No version of \(document.id) is in force.")
            case .retired:
                let retirement = document.retirement
                return "RETIRED — do not use. \(document.id) was withdrawn"
                    + (retirement.map { " on \($0.at.day): \($0.reason)" } ?? "") + "."
            }
        }

        /// Every signature on the version: authorship, reviews, approvals, issue.
        var signatures: [(name: String, role: String, meaning: String, time: Timestamp?)] {
            version.authors.map { (name($0), "Author", "Authorship", version.drafted) }
                + version.reviews.map { (name($0.by), "Reviewer", "Review", $0.at) }
                + version.approvals.map { (name($0.by), "Approver", "Approval", $0.at) }
                + (draft == nil ? [(name(version.issuedBy), "Document controller", "Issue", version.issued)] : [])
        }

        /// A signature's time in the store's time zone, when it has one: `2026-11-28 18:08 Europe/Paris`.
        func local(_ time: Timestamp) -> String? {
            guard let timeZone else { return nil }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time.seconds))) + " "
                + timeZone.identifier
        }

        var header: [(String, String)] {
            if draft != nil {
                return (organisation.map { [("Organisation", $0)] } ?? []) + [
                    ("Document", document.id), ("Title", document.title), ("Type", typeTitle),
                ] + partOfRow + [
                    ("Revision", "\(version.revision) (draft)"), ("Status", status), ("Owner", name(document.owner)),
                    ("Printed", printed.description),
                ]
            }
            // A version no longer in force, or never to be, has no review ahead of it.
            let reviewed: [(String, String)]
            switch standing {
            case .inForce, .takesEffect: reviewed = [("Next review", nextReview.description)]
            case .superseded, .retired: reviewed = []
            }
            return (organisation.map { [("Organisation", $0)] } ?? []) + [
                ("Document", document.id), ("Title", document.title), ("Type", typeTitle),
            ] + partOfRow + [
                ("Version", String(version.version)), ("Effective", version.effective.description),
                ("Status", status + (asOf == printed ? "" : " on \(asOf)")), ("Owner", name(document.owner)),
            ] + reviewed + [("Printed", printed.description), ("Check code", code)]
                + (numbered.map { [("Controlled copy", "No. \($0.number), issued to \($0.holder)")] } ?? [])
        }

        var footer: String {
            if draft != nil {
                return "DRAFT — NOT FOR USE: a working revision, for review only. Content \(version.contentHash); "
                    + "rendered from \(state)."
            }
            return
                (numbered.map { "Controlled copy No. \($0.number) — issued to \($0.holder). Check before use" }
                ?? "Uncontrolled when printed — check before use")
                + ": stet check-copy, or check code \(code). "
                + "Content \(version.contentHash), issued in commit \(commit); rendered from \(state)."
        }

        /// The marks `check` reads back, in their fixed order.
        var marks: [(String, String)] {
            if draft != nil {
                return [
                    ("document", document.id), ("draft", String(version.revision)), ("content", version.contentHash),
                    ("state", state), ("printed", printed.description), ("renderer", ControlledCopy.renderer),
                ]
            }
            return [
                ("document", document.id), ("version", String(version.version)), ("content", version.contentHash),
                ("commit", commit), ("state", state), ("as-of", asOf.description), ("printed", printed.description),
                ("renderer", ControlledCopy.renderer),
            ] + (numbered.map { [("copy", String($0.number)), ("holder", $0.holder)] } ?? [])
        }

        func text(_ format: Format) -> String { format == .html ? html : markdown }

        var html: String {
            var lines = [
                "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
                // The copy runs nothing: no script, no outside resource, whatever the Markdown holds.
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
            ]
            lines += marks.map { "<meta name=\"stet-\($0.0)\" content=\"\(HTMLText.escaped($0.1))\">" }
            lines += [
                "<title>\(HTMLText.escaped(document.id)) v\(version.version) — \(HTMLText.escaped(document.title))</title>",
                "<style>", ControlledCopy.style, pageStyle, "</style>", "</head>", "<body>",
            ]
            if let banner {
                // Dates are kept whole on one line: a day split at its hyphens reads as two.
                let text = HTMLText.escaped(banner).replacingOccurrences(
                    of: #"\d{4}-\d{2}-\d{2}"#, with: "<span class=\"day\">$0</span>", options: .regularExpression)
                lines.append("<section class=\"banner\">\(text)</section>")
            }
            lines += ["<header class=\"control\">", "<table>"]
            lines += header.map { "<tr><th>\(HTMLText.escaped($0.0))</th><td>\(HTMLText.escaped($0.1))</td></tr>" }
            lines.append("</table>")
            // The check code again, for a phone to read instead of a person typing it.
            if draft == nil, let qr = QRCode.png(code) {
                lines.append(
                    "<img class=\"qr\" src=\"data:image/png;base64,\(Data(qr).base64EncodedString())\" "
                        + "alt=\"QR code of the check code \(HTMLText.escaped(code))\">")
            }
            lines += [
                "</header>", "<section class=\"signatures\">", "<h2>Signatures</h2>", "<table>",
                "<tr><th>Name</th><th>Role</th><th>Meaning</th><th>Date and time (UTC"
                    + (timeZone.map { "; \(HTMLText.escaped($0.identifier))" } ?? "") + ")</th></tr>",
            ]
            lines += signatures.map { signature in
                let time = signature.time.map { time in
                    HTMLText.escaped(time.description) + (local(time).map { "<br>" + HTMLText.escaped($0) } ?? "")
                }
                return
                    "<tr><td>\(HTMLText.escaped(signature.name))</td><td>\(signature.role)</td><td>\(signature.meaning)</td>"
                    + "<td class=\"time\">\(time ?? "")</td></tr>"
            }
            lines += ["</table>", "</section>", "<main>", ControlledCopy.bodyStart]
            lines.append(ControlledCopy.body(content, format: .html, images: images))
            lines += [
                ControlledCopy.bodyEnd, "</main>", "<footer>", HTMLText.escaped(footer), "</footer>", "</body>",
                "</html>",
            ]
            return lines.joined(separator: "\n") + "\n"
        }

        /// What each printed page's margins say, but the page number: document and title, status,
        /// check code, and the day printed (followed by "Page X of Y").
        var margins: (title: String, state: String, check: String, printedOn: String) {
            let which = draft == nil ? "v\(version.version)" : "draft revision \(version.revision)"
            return (
                (organisation.map { "\($0) · " } ?? "") + "\(document.id) \(which) — \(document.title)", status,
                draft != nil
                    ? "DRAFT — NOT FOR USE: not a controlled copy"
                    : (numbered.map { "Controlled copy No. \($0.number) — issued to \($0.holder) — check code \(code)" }
                        ?? "Uncontrolled when printed — check before use: \(code)"),
                "Printed \(printed) · Page "
            )
        }

        /// Each printed page's margins: document and title, status, check code, page X of Y.
        var pageStyle: String {
            let margins = margins
            let title = HTMLText.cssString(margins.title)
            let state = HTMLText.cssString(margins.state)
            let check = HTMLText.cssString(margins.check)
            let printedOn = HTMLText.cssString(margins.printedOn)
            return """
                @page { @top-left { content: \(title); } @top-right { content: \(state); } \
                @bottom-left { content: \(check); } \
                @bottom-right { content: \(printedOn) counter(page) " of " counter(pages); } }
                """
        }

        var markdown: String {
            func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
            var lines = ["<!-- stet:copy " + marks.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + " -->", ""]
            if let banner { lines += ["> **\(banner)**", ""] }
            lines += ["| Controlled document | |", "| --- | --- |"]
            lines += header.map { "| \(cell($0.0)) | \(cell($0.1)) |" }
            lines += ["", "| Name | Role | Meaning | Date and time (UTC) |", "| --- | --- | --- | --- |"]
            lines += signatures.map {
                "| \(cell($0.name)) | \($0.role) | \($0.meaning) | \($0.time?.description ?? "")"
                    + ($0.time.flatMap(local).map { " (\($0))" } ?? "") + " |"
            }
            lines += [
                "", ControlledCopy.bodyStart, DocumentContent.withoutFrontMatter(content) + ControlledCopy.bodyEnd, "",
                "---", "", footer,
            ]
            return lines.joined(separator: "\n") + "\n"
        }
    }

    static let style = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 11pt; line-height: 1.45; \
        max-width: 46em; margin: 2em auto; color: #111; }
        section.banner { border: 3px solid #b00; color: #b00; font-weight: bold; font-size: 14pt; \
        padding: 0.5em 0.7em; margin-bottom: 1em; text-align: center; }
        header.control table, section.signatures table { border-collapse: collapse; width: 100%; margin-bottom: 1.2em; }
        header.control th, header.control td, section.signatures th, section.signatures td { border: 1px solid #888; \
        padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
        header.control th { width: 9em; background: #eee; }
        header.control { display: flex; gap: 1em; align-items: flex-start; }
        header.control table { flex: 1; }
        header.control img.qr { width: 28mm; height: 28mm; image-rendering: pixelated; margin-bottom: 1.2em; }
        section.signatures th { background: #eee; }
        section.signatures h2 { font-size: 12pt; margin: 0 0 0.4em 0; }
        section.signatures td.time { white-space: nowrap; }
        main table { border-collapse: collapse; break-inside: avoid; }
        main th, main td { border: 1px solid #aaa; padding: 0.2em 0.4em; }
        main h1, main h2, main h3, main h4 { break-after: avoid; }
        main li, main tr, main pre { break-inside: avoid; }
        main pre { white-space: pre-wrap; overflow-wrap: anywhere; }
        main img { width: auto; height: auto; max-width: 100%; max-height: 190mm; break-inside: avoid; }
        footer { border-top: 2px solid #111; margin-top: 2em; padding-top: 0.5em; font-size: 9pt; }
        section.banner span.day { white-space: nowrap; }
        @page { size: A4; margin: 20mm 16mm 22mm 16mm; \
        @top-left { font: 8pt "DejaVu Sans", sans-serif; width: 65%; vertical-align: bottom; } \
        @top-right { font: bold 8pt "DejaVu Sans", sans-serif; width: 35%; text-align: right; vertical-align: bottom; } \
        @bottom-left { font: 8pt "DejaVu Sans", sans-serif; width: 65%; vertical-align: top; } \
        @bottom-right { font: 8pt "DejaVu Sans", sans-serif; width: 35%; text-align: right; vertical-align: top; \
        white-space: nowrap; } }
        @media print { body { margin: 0; max-width: none; } header.control, section.signatures { break-inside: avoid; } \
        main a[href^="http:"]::after, main a[href^="https:"]::after, main a[href^="mailto:"]::after \
        { content: " <" attr(href) ">"; font-size: 9pt; word-break: break-all; } \
        main a.bare::after { content: none; } }
        span.outside-image { border: 1px dashed #888; padding: 0 0.3em; font-size: 9pt; }
        """
}

/// What `stet check-copy` found a file, or a check code, to be.
public enum CopyStatus: Sendable, Equatable {
    /// A faithful copy of the version in force today.
    case current(document: String, version: Int)
    /// A faithful copy of a version replaced by `current` (in force since `since`), or of a
    /// version no longer in force with none after it (`current` nil).
    case superseded(document: String, version: Int, current: Int?, since: Day?)
    /// A faithful copy of a version that takes effect on a later day.
    case notYetEffective(document: String, version: Int, from: Day)
    case retired(document: String, version: Int, on: Day, reason: String)
    /// Not a faithful copy of any version in the store.
    case notACopy(reason: String)
}

extension ControlledCopy {
    /// Says whether `bytes` is a faithful copy from `store`, and where its version stands on `day`.
    ///
    /// A copy is rendered again from the state, days and version written in it, and compared
    /// byte for byte: an edit anywhere, the marks included, makes it not a copy.
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
        if let revision = fields["draft"] {
            return .notACopy(
                reason:
                    "it is a draft (revision \(Text.printable(revision)) of \(Text.printable(fields["document"] ?? "?"))), "
                    + "not for use: only issued versions are controlled copies")
        }
        guard let rawID = fields["document"], let id = try? DocumentID(rawID),
            let version = fields["version"].flatMap({ Int($0) }), let hash = fields["content"]
        else { return .notACopy(reason: "its copy marks are incomplete") }
        guard fields["renderer"] == renderer, let stateText = fields["state"] else {
            return .notACopy(
                reason:
                    "it was made by \(fields["renderer"] == nil ? "an earlier Stet" : "another renderer (\(fields["renderer"]!))"), "
                    + "whose copies cannot be rendered again here to compare: render a new copy of \(id) v\(version)")
        }
        guard let state = ObjectID(hex: stateText), let asOf = fields["as-of"].flatMap(Day.init),
            let printed = fields["printed"].flatMap(Day.init)
        else { return .notACopy(reason: "its copy marks are malformed") }
        guard let then = try store.earlier(state, today: printed) else {
            return .notACopy(reason: "it names a state \(state.short) that is not in this store's history")
        }
        guard let document = try? then.document(id),
            let issued = document.versions.first(where: { $0.version == version }), issued.contentHash == hash
        else { return .notACopy(reason: "\(id) has no version \(version) with that content") }
        guard printed <= day, printed >= Timestamp(seconds: try then.commitTime()).day else {
            return .notACopy(reason: "its printing date \(printed) is not one on which it could have been printed")
        }
        let numbered = fields["copy"].flatMap(Int.init).map { Numbered(number: $0, holder: fields["holder"] ?? "") }
        let expected = try copy(of: document, issued, in: then, asOf: asOf, numbered: numbered).text(format)
        if let line = firstDifference(text, expected) {
            return .notACopy(
                reason: "it differs from \(id) v\(version) as Stet rendered it, from line \(line) (altered copy)")
        }
        if let numbered, let problem = try registerProblem(id, version, numbered.number, numbered.holder, in: store) {
            return problem
        }
        return try standing(of: id, version: version, in: store, on: day)
    }

    /// Where the version a check code names stands on `day`; not a copy when the code names
    /// no version of this store.
    public static func check(code: String, in store: Snapshot, on day: Day) throws(StetError) -> CopyStatus {
        let parts = code.split(separator: " ").map(String.init)
        guard parts.count == 3 || (parts.count == 4 && parts[3].hasPrefix("c") && Int(parts[3].dropFirst()) != nil),
            let id = try? DocumentID(parts[0]), parts[1].hasPrefix("v"),
            let version = Int(parts[1].dropFirst()), parts[2].count == 8
        else {
            return .notACopy(reason: "'\(Text.printable(code))' is not a check code (like 'SOP-0001 v2 3f9a1c0b')")
        }
        guard let document = try? store.document(id),
            let issued = document.versions.first(where: { $0.version == version }),
            checkCode(document: id.text, version: version, contentHash: issued.contentHash)
                == parts[0...2]
                .joined(separator: " ")
        else { return .notACopy(reason: "no version of this store has the check code \(code)") }
        if parts.count == 4, let number = Int(parts[3].dropFirst()),
            let problem = try registerProblem(id, version, number, nil, in: store)
        {
            return problem
        }
        return try standing(of: id, version: version, in: store, on: day)
    }

    static func standing(
        of id: DocumentID, version: Int, in store: Snapshot, on day: Day
    ) throws(StetError) -> CopyStatus {
        let document = try store.document(id)
        guard let issued = document.versions.first(where: { $0.version == version }) else {
            return .notACopy(reason: "\(id) has no version \(version)")
        }
        switch document.standing(of: issued, on: day) {
        case .inForce:
            return .current(document: id.text, version: version)
        case .takesEffect(let from):
            return .notYetEffective(document: id.text, version: version, from: from)
        case .retired:
            return .retired(
                document: id.text, version: version, on: document.retirement?.at.day ?? day,
                reason: document.retirement?.reason ?? "")
        case .superseded:
            let current = document.effectiveVersion(on: day)
            return .superseded(
                document: id.text, version: version, current: current?.version, since: current?.effective)
        }
    }

    /// Why a numbered copy must not be used, when the register says so: it is not registered as
    /// that copy of that version (with that holder), or it was recalled or destroyed.
    static func registerProblem(
        _ id: DocumentID, _ version: Int, _ number: Int, _ holder: String?, in store: Snapshot
    ) throws(StetError) -> CopyStatus? {
        guard let record = try store.copies(of: id).first(where: { $0.number == number }), record.version == version,
            holder == nil || record.holder == holder
        else {
            return .notACopy(
                reason: "it claims to be \(id) v\(version) copy \(number), which the register does not hold as such")
        }
        guard record.isOutstanding else {
            return .notACopy(reason: "it is \(record.name), \(record.standing): it must not be used")
        }
        return nil
    }

    /// The SHA-256 of a copy's file, as the register records it.
    public static func fileHash(_ bytes: [UInt8]) -> String { StateCoding.contentHash(bytes) }

    /// Where the version of a registered copy stands on `day`.
    public static func standing(of copy: CopyRecord, in store: Snapshot, on day: Day) throws(StetError) -> CopyStatus {
        try standing(of: DocumentID(recorded: copy.document), version: copy.version, in: store, on: day)
    }

    /// The registered copy whose issued file is exactly `bytes` (an HTML copy or its PDF), if any.
    ///
    /// An HTML copy names its document and number, so only that register entry is read; the
    /// whole register is searched only for a file that is not a copy Stet can read (a PDF), and
    /// never for a copy that carries no number.
    public static func registeredCopy(_ bytes: [UInt8], in store: Snapshot) throws(StetError) -> CopyRecord? {
        let hash = StateCoding.contentHash(bytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return try store.copies().first { $0.file == hash }
        }
        let fields = text.hasPrefix("<!DOCTYPE html>") ? metaFields(text) : [:]
        guard let id = fields["document"].flatMap({ try? DocumentID($0) }),
            let number = fields["copy"].flatMap(Int.init)
        else { return nil }
        return try store.copies(of: id).first { $0.number == number && $0.file == hash }
    }

    /// The first line (from 1) where `text` and `expected` differ; nil when they are the same.
    static func firstDifference(_ text: String, _ expected: String) -> Int? {
        guard text != expected else { return nil }
        let given = text.split(separator: "\n", omittingEmptySubsequences: false)
        let wanted = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(given.count, wanted.count) {
            if index >= given.count || index >= wanted.count || given[index] != wanted[index] { return index + 1 }
        }
        return max(given.count, wanted.count)
    }

    private static func metaFields(_ html: String) -> [String: String] {
        var fields: [String: String] = [:]
        for key in [
            "document", "version", "content", "state", "as-of", "printed", "renderer", "copy", "holder", "draft",
        ] {
            let prefix = "<meta name=\"stet-\(key)\" content=\""
            guard let start = html.range(of: prefix), let end = html[start.upperBound...].firstIndex(of: "\"") else {
                continue
            }
            fields[key] = String(html[start.upperBound..<end]).replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        }
        return fields
    }
}

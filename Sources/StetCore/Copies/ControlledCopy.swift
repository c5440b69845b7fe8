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
}

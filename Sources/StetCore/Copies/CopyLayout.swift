import Foundation
import StetGit
import StetMarkdown
import StetQRCode

/// One copy laid out: its header, signature block, page margins and footer, as HTML and Markdown.
extension ControlledCopy {
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
}

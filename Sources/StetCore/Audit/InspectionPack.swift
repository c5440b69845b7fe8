import StetGit

/// One document's whole controlled life in one file an inspector can read: every event with
/// who signed it, when, in what role and with what meaning and reason; every version's text and
/// the changes from the one before; the signatures each version was issued on; and who
/// acknowledged it.
///
/// It is a report, not a controlled copy: it says so at the top of every page, and names the
/// state of the store it was made from so it can be made again and compared.
public struct InspectionPack {
    let snapshot: Snapshot
    let document: Document
    let history: [RecordedEvent]
    let names: [String: String]
    let generated: Timestamp

    public init(of id: DocumentID, in snapshot: Snapshot, generated: Timestamp) throws(StetError) {
        self.snapshot = snapshot
        self.document = try snapshot.document(id)
        // Oldest first, as an inspector reads a history.
        self.history = try snapshot.history(of: id).reversed()
        self.names = try snapshot.printedNames()
        self.generated = generated
    }

    private func who(_ id: String) -> String { "\(names[id] ?? id) (\(id))" }

    /// One version with everything about it the pack shows.
    struct VersionPart {
        var version: Document.IssuedVersion
        var text: String
        var changes: String?
        var acknowledgements: AcknowledgementReport?
        var standing: VersionStanding
    }

    private func versions() throws(StetError) -> [VersionPart] {
        let id = document.documentID
        var parts: [VersionPart] = []
        var previous: Int?
        for version in document.versions {
            let text = String(decoding: try snapshot.versionContent(of: id, version: version.version), as: UTF8.self)
            let changes = try previous.map { old throws(StetError) in
                try snapshot.diff(of: id, from: old, to: version.version)
            }
            let acknowledgements = try? snapshot.acknowledgements(of: id, version: version.version, on: snapshot.today)
            parts.append(
                VersionPart(
                    version: version, text: text, changes: changes, acknowledgements: acknowledgements,
                    standing: document.standing(of: version, on: snapshot.today)))
            previous = version.version
        }
        return parts
    }

    /// The signatures a version was issued on, in the order they were given.
    private func signatures(of version: Document.IssuedVersion) -> [(String, String, String, String?)] {
        var rows: [(String, String, String, String?)] = version.authors.map {
            ("authorship", who($0), version.drafted?.description ?? "", nil)
        }
        rows += version.reviews.map { ("review", who($0.by), $0.at.description, $0.comment) }
        rows += version.approvals.map { ("approval", who($0.by), $0.at.description, $0.comment) }
        rows.append(("issue", who(version.issuedBy), version.issued.description, "effective \(version.effective)"))
        return rows
    }

    // MARK: Plain text

    /// The pack as plain text: the same content, for a terminal or a file.
    public func text() throws(StetError) -> String {
        var lines = [
            "INSPECTION PACK — \(document.id) \(document.title)",
            "Not a controlled copy. Made \(generated) from store state \(snapshot.head.hex).", "",
            "Type: \(document.type)   Owner: \(who(document.owner))"
                + (document.department.map { "   Department: \($0)" } ?? ""),
            "State: \(document.state(on: snapshot.today).rawValue)", "", "HISTORY (\(history.count) events)", "",
        ]
        for recorded in history {
            let event = recorded.event
            lines.append("\(recorded.time)  \(event.summary)  [\(recorded.commit.short)]")
            lines.append(
                "    signed by \(who(event.actor)) as \(event.role.rawValue), meaning: \(event.meaning.rawValue)")
            if let reason = event.reason { lines.append("    reason: \(reason)") }
        }
        for part in try versions() {
            lines += ["", "VERSION \(part.version.name) — effective \(part.version.effective), \(part.standing)", ""]
            for (meaning, signer, time, note) in signatures(of: part.version) {
                lines.append("  \(meaning): \(signer) \(time)" + (note.map { " — \($0)" } ?? ""))
            }
            if let report = part.acknowledgements {
                for entry in report.entries {
                    lines.append(
                        "  acknowledgement: \(who(entry.user.id)) "
                            + (entry.acknowledgement.map { $0.at.description } ?? "outstanding"))
                }
            }
            if let changes = part.changes { lines += ["", "  Changes from the version before:", changes] }
            lines += ["", "  Text:", part.text]
        }
        return Text.printableLines(lines.joined(separator: "\n")) + "\n"
    }

    // MARK: HTML

    /// The pack as one self-contained HTML page, laid out for printing.
    public func html() throws(StetError) -> String {
        let parts = try versions()
        let configuration = try snapshot.configuration()
        var html = [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
            "<title>Inspection pack — \(escape(document.id)) \(escape(document.title))</title>",
            "<style>", Self.style, pageStyle(organisation: configuration.organisation), "</style>", "</head>", "<body>",
            "<header>",
            "<h1>Inspection pack: \(escape(document.id)) — \(escape(document.title))</h1>",
            "<p class=\"notice\">A record of this document's history for inspection: <strong>not a controlled copy</strong>, "
                + "and not for use at the point of work.</p>",
            "<table class=\"facts\">",
        ]
        let facts: [(String, String)] = [
            ("Organisation", configuration.organisation ?? "—"), ("Document", document.id), ("Title", document.title),
            ("Type", configuration.settings(for: document.type).title), ("Owner", who(document.owner)),
            ("Department", document.department ?? "—"), ("State", document.state(on: snapshot.today).rawValue),
            ("In force", document.effectiveVersion(on: snapshot.today)?.name ?? "no version"),
            ("Events", String(history.count)), ("Made", generated.description),
            ("From store state", snapshot.head.hex),
        ]
        html += facts.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }
        html += ["</table>", "</header>"]

        html += [
            "<section class=\"history\">", "<h2>1. History</h2>",
            "<table class=\"events\"><colgroup><col class=\"number\"><col class=\"time\"><col class=\"event\">"
                + "<col class=\"signer\"><col class=\"role\"><col class=\"meaning\"><col class=\"reason\">"
                + "<col class=\"commit\"></colgroup>",
            "<thead><tr><th>#</th><th>Time (UTC)</th><th>Event</th><th>Signed by</th><th>Role</th>"
                + "<th>Meaning</th><th>Reason or comment</th><th>Commit</th></tr></thead><tbody>",
        ]
        for (index, recorded) in history.enumerated() {
            let event = recorded.event
            html.append(
                "<tr><td>\(index + 1)</td><td class=\"time\">"
                    + escape(recorded.time.description.replacingOccurrences(of: "T", with: " ")) + "</td>"
                    + "<td>\(escape(event.summary))</td><td>\(escape(who(event.actor)))</td>"
                    + "<td>\(escape(event.role.rawValue))</td><td>\(escape(event.meaning.rawValue))</td>"
                    + "<td>\(escape(event.reason ?? ""))</td><td class=\"commit\">\(recorded.commit.short)</td></tr>")
        }
        html += ["</tbody></table>", "</section>"]

        html += ["<section class=\"versions\">", "<h2>2. Versions</h2>"]
        if parts.isEmpty { html.append("<p>No version has been issued.</p>") }
        for part in parts {
            let version = part.version
            html += [
                "<article class=\"version\">",
                "<h3>Version \(escape(version.name)) — effective \(version.effective) (\(escape(part.standing.description)))</h3>",
                "<h4>Signatures</h4>",
                "<table><thead><tr><th>Meaning</th><th>Signed by</th><th>Time (UTC)</th><th>Comment</th></tr></thead><tbody>",
            ]
            for (meaning, signer, time, note) in signatures(of: version) {
                html.append(
                    "<tr><td>\(meaning)</td><td>\(escape(signer))</td><td class=\"time\">\(escape(time))</td>"
                        + "<td>\(escape(note ?? ""))</td></tr>")
            }
            html.append("</tbody></table>")
            html.append("<h4>Acknowledgements (read and understood)</h4>")
            if let report = part.acknowledgements, !report.entries.isEmpty {
                html.append("<table><thead><tr><th>Reader</th><th>Acknowledged (UTC)</th></tr></thead><tbody>")
                for entry in report.entries {
                    html.append(
                        "<tr><td>\(escape(who(entry.user.id)))</td><td class=\"time\">"
                            + escape(entry.acknowledgement.map { $0.at.description } ?? "outstanding") + "</td></tr>")
                }
                html.append("</tbody></table>")
            } else {
                html.append("<p>None recorded.</p>")
            }
            if let changes = part.changes {
                // One line per span, displayed as blocks: no newlines between them, or each shows twice.
                var diff = ""
                for line in changes.split(separator: "\n", omittingEmptySubsequences: false) {
                    let kind =
                        line.hasPrefix("+++") || line.hasPrefix("---") || line.hasPrefix("@@")
                        ? "meta" : line.hasPrefix("+") ? "added" : line.hasPrefix("-") ? "removed" : "same"
                    diff += "<span class=\"\(kind)\">\(escape(Text.printable(String(line))))</span>"
                }
                html += ["<h4>Changes from the version before</h4>", "<pre class=\"diff\">" + diff + "</pre>"]
            }
            html += [
                "<h4>Text of version \(escape(version.name))</h4>", "<div class=\"text\">",
                ControlledCopy.htmlBody(
                    part.text, images: try snapshot.attachments(of: document.documentID, version: version.version)),
                "</div>", "</article>",
            ]
        }
        if let working = document.working {
            html += [
                "<article class=\"version working\">",
                "<h3>Revision \(working.number) — \(escape(working.state.rawValue)), not issued</h3>",
                "<p>Reason: \(escape(working.reason)). Authors: \(escape(working.authors.map(who).joined(separator: ", "))). "
                    + "Reviewers: \(escape(working.reviewers.map(who).joined(separator: ", "))). "
                    + "Approvers: \(escape(working.approvers.map(who).joined(separator: ", "))).</p>",
                "</article>",
            ]
        }
        html += ["</section>", "</body>", "</html>"]
        return html.joined(separator: "\n") + "\n"
    }

    private func escape(_ text: String) -> String {
        HTMLText.escaped(Text.printable(text))
    }

    /// Every printed page says what it is, whose, and where it falls.
    private func pageStyle(organisation: String?) -> String {
        let heading = HTMLText.cssString(
            (organisation.map { "\($0) · " } ?? "") + "Inspection pack \(document.id) — not a controlled copy")
        return "@page { @top-left { content: \(heading); } "
            + "@bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); } }"
    }

    static let style = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 10pt; line-height: 1.4; \
        max-width: 60em; margin: 2em auto; color: #111; }
        h1 { font-size: 16pt; } h2 { font-size: 13pt; border-bottom: 2px solid #111; margin-top: 1.5em; }
        h3 { font-size: 12pt; background: #eee; padding: 0.3em 0.5em; break-after: avoid; }
        h4 { font-size: 10.5pt; margin: 1em 0 0.3em 0; break-after: avoid; }
        p.notice { border: 2px solid #555; padding: 0.4em 0.6em; }
        table { border-collapse: collapse; width: 100%; margin-bottom: 0.8em; }
        th, td { border: 1px solid #999; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; } table.facts th { width: 11em; }
        tr { break-inside: avoid; } td.time { white-space: nowrap; } td.commit { font-family: monospace; }
        pre.diff { font-size: 8.5pt; white-space: pre-wrap; border: 1px solid #ccc; padding: 0.4em; }
        pre.diff span { display: block; min-height: 1em; } pre.diff .added { background: #e6ffec; } \
        pre.diff .removed { background: #ffebe9; text-decoration: line-through; } pre.diff .meta { color: #666; }
        table.events { table-layout: fixed; font-size: 8.5pt; }
        table.events col.number { width: 4%; } table.events col.time { width: 11%; }
        table.events col.event { width: 27%; } table.events col.signer { width: 14%; }
        table.events col.role { width: 9%; } table.events col.meaning { width: 11%; }
        table.events col.reason { width: 14%; } table.events col.commit { width: 10%; }
        table.events td { overflow-wrap: anywhere; } table.events td.time { white-space: normal; }
        div.text { border-left: 4px solid #999; padding-left: 1em; }
        div.text table { width: auto; }
        article.version { break-before: page; }
        @page { size: A4; margin: 18mm 14mm 20mm 14mm; \
        @top-left { font: 8pt "DejaVu Sans", sans-serif; } @bottom-right { font: 8pt "DejaVu Sans", sans-serif; } }
        @media print { body { margin: 0; max-width: none; } }
        """
}

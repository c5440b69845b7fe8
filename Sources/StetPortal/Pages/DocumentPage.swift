import StetCore

/// A document as staff see it: the version in force (or the one a request names) rendered as a
/// controlled copy's body, under a banner that says exactly what it is, with its particulars, its
/// versions and the reasons recorded for each change. A draft's text is never on it.
struct DocumentPage {
    enum Shown {
        /// The version in force today, or during a past day.
        case inForce(on: Day?)
        case version(Int)
    }

    let id: DocumentID
    let shown: Shown
    /// Whether this portal can take signatures: then a version to acknowledge links to the form.
    var signing = false

    init(
        id: String, version: String? = nil, query: [(name: String, value: String)], signing: Bool = false
    )
        throws(PortalRefusal)
    {
        self.id = try PortalInput.documentID(id)
        self.signing = signing
        var day: Day?
        for (name, value) in query {
            guard name == "on", version == nil else {
                throw .badRequest(
                    "unknown parameter \"\(name.prefix(40))\"" + (version == nil ? ": use on=YYYY-MM-DD" : ""))
            }
            day = try PortalInput.day(value, parameter: "on")
        }
        shown =
            try version.map { text throws(PortalRefusal) in .version(try PortalInput.version(text)) }
            ?? .inForce(on: day)
    }

    /// This page's address with the document's id as the store writes it.
    private func canonicalPath(_ id: String) -> String {
        switch shown {
        case .version(let number): "/documents/\(id)/versions/\(number)"
        case .inForce(let day?): "/documents/\(id)?on=\(day)"
        case .inForce(nil): "/documents/\(id)"
        }
    }

    func page(_ snapshot: Snapshot) throws -> PortalPage {
        // Named without regard to case, as on the command line.
        let document = try snapshot.document(try snapshot.documentID(named: id.text))
        guard document.id == id.text else { throw PortalRedirect(location: canonicalPath(document.id)) }
        let configuration = try snapshot.configuration()
        let names = try snapshot.printedNames()
        let today = snapshot.today
        let documentID = document.documentID
        func name(_ user: String) -> String { HTMLText.escaped(names[user] ?? user) }

        var main = "<p class=\"breadcrumb\"><a href=\"/\">Register</a> › \(HTMLText.escaped(document.id))</p>\n"
        main +=
            "<h1><span class=\"id\">\(HTMLText.escaped(document.id))</span> \(HTMLText.escaped(document.title))</h1>\n"

        // Which version, if any, this page shows.
        var version: Document.IssuedVersion?
        var pastDay: Day?
        switch shown {
        case .version(let number):
            version = try snapshot.issuedVersion(of: documentID, number)
        case .inForce(let day?) where day < today:
            pastDay = day
            version = document.versionInForce(during: day)
        case .inForce(let day):
            version = document.effectiveVersion(on: day ?? today)
        }
        main += banner(document, version, pastDay: pastDay, today: today, names: names)

        if let version {
            let content = try snapshot.versionContent(of: documentID, version: version.version)
            let markdown = String(decoding: content, as: UTF8.self)
            let next =
                document.retirement == nil
                ? document.nextReview(
                    of: version, intervalMonths: configuration.settings(for: document.type).reviewIntervalMonths)
                : nil
            main += "<dl class=\"particulars\">\n"
            main += item("Document", HTMLText.escaped(document.id))
            main += item("Version", HTMLText.escaped(version.name))
            main += item("Type", HTMLText.escaped(configuration.settings(for: document.type).title))
            main += item("Effective", "\(version.effective)")
            main += item("Owner", name(document.owner))
            if let department = document.department { main += item("Department", HTMLText.escaped(department)) }
            if let next { main += item("Next review", RegisterPage.review(next, today: today)) }
            main += item(
                "Check code",
                "<code>\(HTMLText.escaped(ControlledCopy.checkCode(document: document.id, version: version.version, contentHash: version.contentHash)))</code>"
            )
            main += "</dl>\n"
            let copyPath = "/documents/\(HTMLText.escaped(document.id))/versions/\(version.version)/copy"
            main += "<p class=\"downloads\">Download this version as a controlled copy: "
            main += "<a href=\"\(copyPath).pdf\" download>PDF, to print</a> · "
            main += "<a href=\"\(copyPath).html\" download>HTML, to save</a></p>\n"
            if signing, pastDay == nil,
                (try? AcknowledgementPage.acknowledgeable(document, version.version, today: today)) != nil
            {
                main +=
                    "<p class=\"acknowledge\"><a class=\"button\" href=\"\(AcknowledgementPage.action(HTMLText.escaped(document.id)))?version=\(version.version)\">Acknowledge \(HTMLText.escaped(version.name)): read and understood</a></p>\n"
            }
            let images = try snapshot.attachments(of: documentID, version: version.version)
            main += "<article class=\"text\" aria-label=\"Text of \(HTMLText.escaped(version.name))\">\n"
            main += Self.headingsBelowPage(ControlledCopy.htmlBody(markdown, images: images))
            main += "\n</article>\n"
        }
        main += versions(document, shown: version?.version, today: today, names: names)
        main += try history(snapshot, documentID, document: document, names: names)
        main += """
            <form class="on-day" method="get" action="/documents/\(HTMLText.escaped(document.id))">
            <label for="on">What was in force on</label>
            <input id="on" name="on" type="date" required>
            <button type="submit">Show</button>
            </form>

            """
        return PortalPage(
            title: "\(document.id) \(document.title)", main: main, organisation: configuration.organisation,
            head: snapshot.head.hex, day: today)
    }

    /// The text's headings one level down, under the page's own heading (`# Title` becomes a
    /// second-level heading; a sixth level stays sixth).
    static func headingsBelowPage(_ html: String) -> String {
        var shifted = html
        for level in stride(from: 5, through: 1, by: -1) {
            shifted = shifted.replacingOccurrences(of: "<h\(level)", with: "<h\(level + 1)")
                .replacingOccurrences(of: "</h\(level)>", with: "</h\(level + 1)>")
        }
        return shifted
    }

    private func item(_ term: String, _ html: String) -> String { "<dt>\(term)</dt><dd>\(html)</dd>\n" }

    /// What the page shows, in words nobody can miss: in force, not yet, superseded, retired, or nothing.
    private func banner(
        _ document: Document, _ version: Document.IssuedVersion?, pastDay: Day?, today: Day, names: [String: String]
    ) -> String {
        let inForce = document.effectiveVersion(on: today)
        func box(_ kind: String, _ heading: String, _ text: String) -> String {
            "<div class=\"banner \(kind)\" role=\"note\"><strong>\(heading)</strong> \(text)</div>\n"
        }
        let current =
            inForce.map {
                " The version in force is <a href=\"/documents/\(HTMLText.escaped(document.id))\">\(HTMLText.escaped($0.name))</a>."
            } ?? ""
        if let retirement = document.retirement, retirement.at.day <= today {
            let withdrawn =
                "Withdrawn on \(retirement.at.day) by \(HTMLText.escaped(names[retirement.by] ?? retirement.by)): "
                + HTMLText.escaped(retirement.reason) + ". No version of this document may be used."
            guard let version else {
                let then = pastDay.map { "No version of this document was in force on \($0). " } ?? ""
                return box("retired", "RETIRED — NOT FOR USE.", then + withdrawn)
            }
            let shown = pastDay.map { "This is \(HTMLText.escaped(version.name)), which was in force on \($0). " } ?? ""
            return box("retired", "RETIRED — NOT FOR USE.", shown + withdrawn)
        }
        guard let version else {
            if let pastDay {
                return box(
                    "none", "NOTHING IN FORCE.", "No version of this document was in force on \(pastDay).\(current)")
            }
            return box(
                "none", "NOT IN FORCE.",
                "No version of this document is in force: it has not yet been issued and taken effect.")
        }
        switch document.standing(of: version, on: today) {
        case .inForce:
            return box(
                "in-force", "IN FORCE.", "\(HTMLText.escaped(version.name)), effective since \(version.effective).")
        case .takesEffect(let day):
            return box(
                "not-yet", "NOT YET IN FORCE — do not use before \(day).",
                "\(HTMLText.escaped(version.name)) takes effect on \(day).\(current)")
        case .superseded:
            let shown =
                pastDay.map { "This is \(HTMLText.escaped(version.name)), which was in force on \($0). " }
                ?? "\(HTMLText.escaped(version.name)) has been replaced. "
            return box("superseded", "SUPERSEDED — NOT FOR USE.", shown + current.trimmingCharacters(in: .whitespaces))
        case .retired:
            return box("retired", "RETIRED — NOT FOR USE.", "No version of this document may be used.")
        }
    }

    private func versions(_ document: Document, shown: Int?, today: Day, names: [String: String]) -> String {
        guard !document.versions.isEmpty else { return "" }
        var html =
            "<h2>Versions</h2>\n<div class=\"scroll\">\n<table class=\"versions\">\n<thead><tr><th scope=\"col\">Version</th>"
        html +=
            "<th scope=\"col\">Effective</th><th scope=\"col\">Issued by</th><th scope=\"col\">Standing</th>"
            + "<th scope=\"col\">Changes</th></tr></thead>\n<tbody>\n"
        for version in document.versions.reversed() {
            let link = "/documents/\(HTMLText.escaped(document.id))/versions/\(version.version)"
            let label = HTMLText.escaped(version.name)
            let current = version.version == shown ? " aria-current=\"page\"" : ""
            html += "<tr><th scope=\"row\"><a href=\"\(link)\"\(current)>\(label)</a></th><td>\(version.effective)</td>"
            html += "<td>\(HTMLText.escaped(names[version.issuedBy] ?? version.issuedBy)) on \(version.issued.day)</td>"
            html += "<td>\(document.standing(of: version, on: today))</td><td>"
            if let previous = document.versions.last(where: { $0.version < version.version }) {
                html +=
                    "<a href=\"/documents/\(HTMLText.escaped(document.id))/changes?from=\(previous.version)&amp;to=\(version.version)\">from v\(previous.version)</a>"
            }
            html += "</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }

    /// The reasons recorded for the document, newest first: why it was written, why each version
    /// was issued, reaffirmed, changed or retired. Never what belongs to a revision that was not
    /// issued (its drafts' reasons, its reviewers' and approvers' comments, which may quote a
    /// draft's text), nor any review comment.
    private func history(
        _ snapshot: Snapshot, _ id: DocumentID, document: Document, names: [String: String]
    )
        throws(StetError) -> String
    {
        let issuedRevisions = Set(document.versions.map(\.revision))
        let events = try snapshot.history(of: id).filter { recorded in
            let event = recorded.event
            guard event.reason != nil else { return false }
            switch event.kind {
            case .create, .edit, .importDocument: return event.revision.map(issuedRevisions.contains) ?? false
            case .issue, .retire, .reaffirm, .updateDocument: return true
            default: return false
            }
        }
        guard !events.isEmpty else { return "" }
        let shown = events.prefix(Self.historyShown)
        var html = "<h2>History</h2>\n<ol class=\"history\" reversed>\n"
        for recorded in shown {
            let event = recorded.event
            let who = HTMLText.escaped(names[event.actor] ?? event.actor)
            let what = HTMLText.escaped(event.kind.rawValue.replacingOccurrences(of: "-", with: " "))
            let version = event.version.map { " v\($0)" } ?? ""
            html += "<li><span class=\"when\">\(recorded.time.day)</span> <span class=\"what\">\(what)\(version)</span>"
            html += " by \(who): \(HTMLText.escaped(event.reason ?? ""))</li>\n"
        }
        html += "</ol>\n"
        if events.count > shown.count {
            html +=
                "<p class=\"more\">The \(shown.count) most recent of \(events.count) entries; `stet log` shows them all.</p>\n"
        }
        return html
    }

    static let historyShown = 50
}

import StetCore

/// What changed between two issued versions of a document: the Markdown of each compared line
/// by line, shown inline, removed lines struck through and added lines marked. Only issued
/// versions are compared: a draft is never shown.
struct ChangesPage {
    let id: DocumentID
    let from: Int?
    let to: Int?

    init(id: String, query: [(name: String, value: String)]) throws(PortalRefusal) {
        self.id = try PortalInput.documentID(id)
        var from: Int?
        var to: Int?
        for (name, value) in query {
            switch name {
            case "from": from = try PortalInput.version(value)
            case "to": to = try PortalInput.version(value)
            default: throw .badRequest("unknown parameter \"\(name.prefix(40))\": use from and to")
            }
        }
        self.from = from
        self.to = to
    }

    func page(_ snapshot: Snapshot) throws -> PortalPage {
        let document = try snapshot.document(try snapshot.documentID(named: id.text))
        let documentID = document.documentID
        // The newer version: as asked, else the one in force, else the last issued.
        let newer =
            try to.map { number throws(StetError) in try snapshot.issuedVersion(of: documentID, number).version }
            ?? document.effectiveVersion(on: snapshot.today)?.version ?? document.versions.last?.version
        guard let newer else {
            throw PortalRefusal.notFound("\(document.id) has no issued version to compare.")
        }
        let older =
            try from.map { number throws(StetError) in try snapshot.issuedVersion(of: documentID, number).version }
            ?? document.versions.last { $0.version < newer }?.version
        guard let older else {
            throw PortalRefusal.notFound("\(document.id) v\(newer) is its first version: there is nothing before it.")
        }
        let canonical = "/documents/\(document.id)/changes?from=\(older)&to=\(newer)"
        guard document.id == id.text, from == older, to == newer else { throw PortalRedirect(location: canonical) }
        let diff = try snapshot.diff(of: documentID, from: older, to: newer)
        let escapedID = HTMLText.escaped(document.id)
        var main = "<p class=\"breadcrumb\"><a href=\"/\">Register</a> › <a href=\"/documents/\(escapedID)\">"
        main += "\(escapedID)</a> › Changes</p>\n"
        main += "<h1>\(escapedID): changes from v\(older) to v\(newer)</h1>\n"
        main += "<p>Lines removed from <a href=\"/documents/\(escapedID)/versions/\(older)\">v\(older)</a> are "
        main += "struck through; lines added in <a href=\"/documents/\(escapedID)/versions/\(newer)\">v\(newer)</a>"
        main += " are marked. Each version's banner says whether it may be used.</p>\n"
        main += Self.rendered(diff)
        return PortalPage(
            title: "\(document.id) changes v\(older) to v\(newer)", main: main,
            organisation: try? snapshot.configuration().organisation, head: snapshot.head.hex, day: snapshot.today)
    }

    /// A unified diff as HTML: each hunk's lines, removed in `<del>`, added in `<ins>`.
    static func rendered(_ diff: String) -> String {
        var html = "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Changes\"><pre class=\"diff\">"
        var any = false
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("+++") || line.hasPrefix("---") || line.hasPrefix("diff ") || line.hasPrefix("index ")
                || line.hasPrefix("\\")
            {
                continue
            }
            if line.hasPrefix("@@") {
                // Block elements end their own line: a line break after one would show as a blank line.
                html += "<span class=\"hunk\">" + HTMLText.escaped(String(line)) + "</span>"
            } else if line.hasPrefix("+") {
                any = true
                html += "<ins>" + HTMLText.escaped(String(line)) + "</ins>"
            } else if line.hasPrefix("-") {
                any = true
                html += "<del>" + HTMLText.escaped(String(line)) + "</del>"
            } else if !line.isEmpty {
                html += HTMLText.escaped(String(line)) + "\n"
            }
        }
        guard any else { return "<p>The two versions' texts are the same.</p>\n" }
        return html + "</pre></div>\n"
    }
}

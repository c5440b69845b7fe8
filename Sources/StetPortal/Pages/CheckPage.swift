import StetCore

/// "Check a copy": a member of staff types the check code printed on a copy (`SOP-0001 v2
/// 3f9a1c0b`, with ` c3` for a numbered copy) and learns what `stet check-copy --code` would
/// say: the version in force, superseded, not yet in force, retired, or no copy of this store.
struct CheckPage {
    let code: String?

    init(query: [(name: String, value: String)]) throws(PortalRefusal) {
        var code: String?
        for (name, value) in query {
            guard name == "code" else { throw .badRequest("unknown parameter \"\(name.prefix(40))\": use code") }
            let trimmed = try PortalInput.text(value, parameter: "code").split(whereSeparator: \.isWhitespace)
                .joined(separator: " ")
            code = trimmed.isEmpty ? nil : trimmed
        }
        self.code = code
    }

    func page(_ snapshot: Snapshot) throws -> PortalPage {
        var main = "<p class=\"breadcrumb\"><a href=\"/\">Register</a> › Check a copy</p>\n<h1>Check a copy</h1>\n"
        if let code {
            main += Self.answer(try ControlledCopy.check(code: code, in: snapshot, on: snapshot.today))
        }
        main += """
            <form class="on-day" method="get" action="/check">
            <label for="code">Check code, as printed on the copy</label>
            <input id="code" name="code" required maxlength="80" value="\(HTMLText.escaped(code ?? ""))" \
            placeholder="SOP-0001 v2 3f9a1c0b">
            <button type="submit">Check</button>
            </form>
            <p class="note">Every controlled copy, on paper or on screen, carries its check code in its \
            header or footer. The answer is judged on \(snapshot.today) from the store's verified history.</p>

            """
        return PortalPage(
            title: "Check a copy", main: main, organisation: try? snapshot.configuration().organisation,
            head: snapshot.head.hex, day: snapshot.today)
    }

    /// The answer under a banner as plain as the document pages' own.
    static func answer(_ status: CopyStatus) -> String {
        func box(_ kind: String, _ heading: String, _ text: String) -> String {
            "<div class=\"banner \(kind)\" role=\"status\"><strong>\(heading)</strong> \(text)</div>\n"
        }
        func link(_ id: String, _ text: String) -> String {
            "<a href=\"/documents/\(HTMLText.escaped(id))\">\(HTMLText.escaped(text))</a>"
        }
        switch status {
        case .current(let id, let version):
            return box("in-force", "CURRENT.", "This is \(link(id, "\(id) v\(version)")), the version in force.")
        case .superseded(let id, let version, let current, let since):
            let now =
                current.map { "v\($0) is in force" + (since.map { " since \($0)" } ?? "") }
                ?? "No version of it is in force"
            return box(
                "superseded", "SUPERSEDED — NOT FOR USE.",
                "This is \(HTMLText.escaped(id)) v\(version). \(now): \(link(id, "read \(id)"))."
            )
        case .notYetEffective(let id, let version, let from):
            return box(
                "not-yet", "NOT YET IN FORCE — do not use before \(from).",
                "This is \(HTMLText.escaped(id)) v\(version); until then use \(link(id, "the version in force"))."
            )
        case .retired(let id, let version, let day, let reason):
            return box(
                "retired", "RETIRED — NOT FOR USE.",
                "This is \(HTMLText.escaped(id)) v\(version); \(HTMLText.escaped(id)) was retired on \(day): "
                    + "\(HTMLText.escaped(reason)).")
        case .notACopy(let reason):
            return box("none", "NOT A CONTROLLED COPY.", HTMLText.escaped(reason) + ".")
        }
    }
}

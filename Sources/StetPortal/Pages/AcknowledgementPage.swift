import StetCore

/// Where a member of staff signs "read and understood" of a version: the meaning stated before
/// anything is typed (21 CFR 11.50), then their user id and passphrase, both at each signing
/// (11.200). Made afresh for every request, with a new form token; never kept.
struct AcknowledgementPage {
    let id: DocumentID
    /// The version asked for; nil for the one in force, else the next to take effect.
    let version: Int?

    init(id: String, query: [(name: String, value: String)]) throws(PortalRefusal) {
        self.id = try PortalInput.documentID(id)
        var version: Int?
        for (name, value) in query {
            guard name == "version" else { throw .badRequest("unknown parameter \"\(name.prefix(40))\": use version") }
            version = try PortalInput.version(value)
        }
        self.version = version
    }

    /// The version this page signs for: as `stet acknowledge` chooses it.
    static func acknowledgeable(
        _ document: Document, _ wanted: Int?, today: Day
    ) throws(PortalRefusal)
        -> Document.IssuedVersion
    {
        let current = document.retirement == nil ? document.effectiveVersion(on: today) : nil
        let upcoming = document.retirement == nil ? document.versions.filter { $0.effective > today } : []
        let candidates = [current].compactMap { $0 } + upcoming
        if let wanted {
            guard let found = candidates.first(where: { $0.version == wanted }) else {
                throw .notFound(
                    "\(document.id) v\(wanted) is neither in force nor issued to take effect, so it cannot be acknowledged"
                )
            }
            return found
        }
        guard let first = candidates.first else {
            throw PortalRefusal(
                status: .notFound, title: "Nothing to acknowledge",
                message: "\(document.id) has no version in force or issued to take effect.")
        }
        return first
    }

    /// What the signer's form posts to, and what its token is bound to.
    static func action(_ id: String) -> String { "/documents/\(id)/acknowledge" }
    static func purpose(_ id: String, _ version: Int) -> String { "acknowledge\n\(id)\n\(version)" }

    func page(_ snapshot: Snapshot, token: (String) -> String) throws -> PortalPage {
        let document = try snapshot.document(try snapshot.documentID(named: id.text))
        guard document.id == id.text else {
            throw PortalRedirect(location: Self.action(document.id) + (version.map { "?version=\($0)" } ?? ""))
        }
        let shown = try Self.acknowledgeable(document, version, today: snapshot.today)
        return Self.form(
            snapshot, document, shown, token: token(Self.purpose(document.id, shown.version)), user: "", problem: nil)
    }

    /// The form, with what went wrong the last time it was posted.
    static func form(
        _ snapshot: Snapshot, _ document: Document, _ version: Document.IssuedVersion, token: String, user: String,
        problem: String?
    ) -> PortalPage {
        let id = HTMLText.escaped(document.id)
        let meaning = snapshot.signingStatement(
            for: .acknowledge(document: document.documentID, version: version.version))
        let documentPath = "/documents/\(id)/versions/\(version.version)"
        var main =
            "<p class=\"breadcrumb\"><a href=\"/\">Register</a> › <a href=\"/documents/\(id)\">\(id)</a> › Acknowledge</p>\n"
        main += "<h1>Acknowledge \(id) \(HTMLText.escaped(version.name))</h1>\n"
        if let problem {
            main +=
                "<div class=\"banner problem\" role=\"alert\"><strong>Not signed.</strong> \(HTMLText.escaped(problem))</div>\n"
        }
        main += """
            <div class="banner meaning" role="note"><strong>What you sign:</strong> \
            \(HTMLText.escaped(meaning)). It records, under your name and with today's date and time, \
            that you have read and understood <a href="\(documentPath)">\(HTMLText.escaped(version.name)) of \
            \(HTMLText.escaped(document.title))</a>.</div>
            <form class="sign" method="post" action="\(Self.action(id))">
            <input type="hidden" name="version" value="\(version.version)">
            <input type="hidden" name="token" value="\(HTMLText.escaped(token))">
            <p><label for="user">Your user id</label>
            <input id="user" name="user" autocomplete="username" required maxlength="64" value="\(HTMLText.escaped(user))"></p>
            <p><label for="passphrase">Your passphrase</label>
            <input id="passphrase" name="passphrase" type="password" autocomplete="current-password" required maxlength="1024"></p>
            <p><button type="submit">Sign: read and understood</button></p>
            </form>
            <p class="note">Both your user id and your passphrase are asked for at every signing. The \
            passphrase unlocks your key for this one signature; it is not kept or logged. After \
            \(SigningAttempts.perUser) wrong attempts in \(SigningAttempts.window / 60) minutes, signing \
            as that user waits.</p>

            """
        return PortalPage(
            title: "Acknowledge \(document.id) \(version.name)", main: main,
            organisation: try? snapshot.configuration().organisation, head: snapshot.head.hex, day: snapshot.today)
    }

    /// The receipt: what was signed, by whom, when, and the event that records it.
    static func signed(
        _ snapshot: Snapshot, _ document: Document, _ recorded: RecordedEvent, signer: String
    )
        -> PortalPage
    {
        let id = HTMLText.escaped(document.id)
        let version = recorded.event.version.map { "v\($0)" } ?? ""
        let main = """
            <p class="breadcrumb"><a href="/">Register</a> › <a href="/documents/\(id)">\(id)</a> › Acknowledged</p>
            <h1>Signed: \(id) \(version) read and understood</h1>
            <div class="banner in-force" role="status"><strong>Signed.</strong> \
            \(HTMLText.escaped(signer)) signed the acknowledgement (read and understood) of \(id) \(version) — \
            \(HTMLText.escaped(document.title)) at \(recorded.time). It is recorded as event \
            <code>\(recorded.commit.short)</code> in the store's history.</div>
            <p><a href="/documents/\(id)">Back to \(id)</a></p>

            """
        return PortalPage(
            title: "Signed \(document.id) \(version)", main: main,
            organisation: try? snapshot.configuration().organisation, head: snapshot.head.hex, day: snapshot.today)
    }
}

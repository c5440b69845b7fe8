import StetCore

/// Which page a path names, and that page computed from one snapshot. The paths:
///
/// - `/`: the register (`RegisterPage`);
/// - `/documents/<id>` and `/documents/<id>/versions/<n>`: a document (`DocumentPage`);
/// - `…/copy.html` under either: the controlled copy of that version, to save (`…/copy.pdf`,
///   the same printed by Chromium, is made by `PortalStore` off the store's thread);
/// - `/documents/<id>/acknowledge`: the form to sign "read and understood" (`AcknowledgementPage`);
/// - `/documents/<id>/changes?from=N&to=M`: what changed between two issued versions (`ChangesPage`);
/// - `/check?code=…`: what a copy's check code says of it (`CheckPage`);
/// - `/dashboard` and `/dashboard/<list>.csv`: what waits across the store (`DashboardPage`).
enum PortalRoutes {
    static func response(
        path: String, query: String?, in snapshot: Snapshot, signing: PortalSigning? = nil,
        now: @Sendable () -> Timestamp = Timestamp.now,
        searchIndex: (() throws(StetError) -> SearchIndex)? = nil
    ) -> PortalResponse {
        let organisation = try? snapshot.configuration().organisation
        do {
            let parameters = try parse(query: query)
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
            switch parts.count {
            case 1 where parts[0].isEmpty:
                return .html(
                    try RegisterPage(query: parameters).page(snapshot) { () throws(StetError) in
                        if let searchIndex { return try searchIndex() }
                        return try SearchIndex(snapshot, on: snapshot.today)
                    })
            case 1 where parts[0] == "dashboard":
                guard parameters.isEmpty else { throw PortalRefusal.badRequest("the dashboard takes no parameters") }
                return .html(try DashboardPage().page(snapshot))
            case 2 where parts[0] == "dashboard" && parts[1].hasSuffix(".csv"):
                guard parameters.isEmpty else { throw PortalRefusal.badRequest("a list takes no parameters") }
                return try DashboardPage.csv(String(parts[1].dropLast(".csv".count)), snapshot)
            case 1 where parts[0] == "check":
                return .html(try CheckPage(query: parameters).page(snapshot))
            case 2 where parts[0] == "documents":
                return .html(try DocumentPage(id: parts[1], query: parameters, signing: signing != nil).page(snapshot))
            case 3 where parts[0] == "documents" && parts[2] == "acknowledge":
                guard let signing else { throw PortalStore.signingUnavailable }
                var response = PortalResponse.html(
                    try AcknowledgementPage(id: parts[1], query: parameters).page(snapshot) { purpose in
                        signing.tokens.issue(for: purpose, now: now().seconds)
                    })
                response.keepable = false
                return response
            case 3 where parts[0] == "documents" && parts[2] == "changes":
                return .html(try ChangesPage(id: parts[1], query: parameters).page(snapshot))
            case 3 where parts[0] == "documents" && parts[2] == "copy.html":
                return try copy(id: parts[1], version: nil, query: parameters, in: snapshot)
            case 4 where parts[0] == "documents" && parts[2] == "versions":
                return .html(
                    try DocumentPage(id: parts[1], version: parts[3], query: parameters, signing: signing != nil).page(
                        snapshot))
            case 5 where parts[0] == "documents" && parts[2] == "versions" && parts[4] == "copy.html":
                return try copy(id: parts[1], version: parts[3], query: parameters, in: snapshot)
            default:
                throw PortalRefusal.notFound("There is no page at this address. The register lists every document.")
            }
        } catch let redirect as PortalRedirect {
            var response = PortalResponse.html(
                PortalPage(
                    title: "Moved",
                    main: "<p>This page is at <a href=\"\(HTMLText.escaped(redirect.location))\">"
                        + "\(HTMLText.escaped(redirect.location))</a>.</p>", organisation: organisation),
                status: .movedPermanently)
            response.location = redirect.location
            return response
        } catch let refusal as PortalRefusal {
            return .html(PortalPage.refusal(refusal, organisation: organisation), status: refusal.status)
        } catch let error as StetError {
            let refusal = PortalRefusal(error)
            return .html(PortalPage.refusal(refusal, organisation: organisation), status: refusal.status)
        } catch {
            let refusal = PortalRefusal(
                status: .serviceUnavailable, title: "The store cannot be read", message: "\(error)")
            return .html(PortalPage.refusal(refusal, organisation: organisation), status: refusal.status)
        }
    }

    /// The controlled copy of a version (default: the one in force), as `stet copy` makes it.
    private static func copy(
        id: String, version: String?, query: [(name: String, value: String)], in snapshot: Snapshot
    ) throws -> PortalResponse {
        guard query.isEmpty else { throw PortalRefusal.badRequest("a copy takes no parameters") }
        let documentID = try snapshot.documentID(named: try PortalInput.documentID(id).text)
        let number = try version.map { text throws(PortalRefusal) in try PortalInput.version(text) }
        guard documentID.text == id else {
            throw PortalRedirect(
                location: "/documents/\(documentID.text)" + (number.map { "/versions/\($0)" } ?? "") + "/copy.html")
        }
        let issued = try snapshot.issuedVersion(of: documentID, number)
        let bytes = try ControlledCopy.render(
            snapshot, id: documentID, version: issued.version, on: snapshot.today, format: .html)
        return PortalResponse(
            status: .ok, contentType: "text/html; charset=utf-8", body: bytes,
            attachmentName: "\(documentID.text)-v\(issued.version).html")
    }

    /// A query's parameters in order, decoded as browsers encode forms (`+` for a space);
    /// refused when it is not well formed or too long.
    static func parse(query: String?, longest: Int = 1024) throws(PortalRefusal) -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        guard query.utf8.count <= longest else { throw .badRequest("the query is longer than \(longest) characters") }
        var parameters: [(name: String, value: String)] = []
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw .badRequest("the query is not well formed (percent-encoding)")
            }
            guard !parameters.contains(where: { $0.name == name }) else {
                throw .badRequest("\"\(name.prefix(40))\" is given twice")
            }
            parameters.append((name, value))
        }
        return parameters
    }

    /// Percent-decodes form encoding; nil when an escape is broken or the bytes are not UTF-8.
    private static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - 0x30
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - 0x61 + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - 0x41 + 10
        default: nil
        }
    }
}

import StetCore

/// The register as staff see it: by default every document with a version in force, filtered by
/// type, state or owner, sorted, and searched over titles and the text of versions in force.
struct RegisterPage {
    enum StateFilter: Equatable {
        case inForce
        case all
        case only(DocumentState)
    }

    enum Order: String, CaseIterable {
        case id, title, effective, review
    }

    var state = StateFilter.inForce
    var type: String?
    var owner: String?
    var order = Order.id
    var words: [String] = []
    /// Which page of the rows, from 1.
    var pageNumber = 1
    /// Rows a page shows: a ward's register of thousands stays quick to load and to read.
    static let rowsPerPage = 100

    /// The filters a query asks for; an unknown parameter or value is refused by name.
    init(query: [(name: String, value: String)]) throws(PortalRefusal) {
        for (name, value) in query where !value.isEmpty {
            switch name {
            case "q":
                words = try PortalInput.text(value, parameter: "q").split(whereSeparator: \.isWhitespace).map(
                    String.init
                )
                .prefix(8).map { $0 }
            case "type": type = try PortalInput.text(value, parameter: "type")
            case "owner": owner = try PortalInput.text(value, parameter: "owner")
            case "state":
                state = try PortalInput.choice(
                    value, parameter: "state",
                    from: [("in-force", StateFilter.inForce), ("all", .all)]
                        + DocumentState.allCases.map { ($0.rawValue, StateFilter.only($0)) })
            case "page":
                guard value.utf8.count <= 6, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                    value.utf8.first != UInt8(ascii: "0"), let number = Int(value)
                else { throw .badRequest("page must be a page number: 1, 2, 3…") }
                pageNumber = number
            case "sort":
                order = try PortalInput.choice(
                    value, parameter: "sort", from: Order.allCases.map { ($0.rawValue, $0) })
            default:
                throw .badRequest("unknown parameter \"\(name.prefix(40))\": use q, type, state, owner, sort or page")
            }
        }
    }

    /// The page, searching with the index `searchIndex` gives (made for `snapshot`'s head and day).
    func page(_ snapshot: Snapshot, searchIndex: () throws(StetError) -> SearchIndex) throws -> PortalPage {
        let configuration = try snapshot.configuration()
        let names = try snapshot.printedNames()
        var entries = try snapshot.register(on: snapshot.today, inForceOnly: state == .inForce)
        if case .only(let wanted) = state { entries = entries.filter { $0.matches(wanted) } }
        if let type { entries = entries.filter { $0.type == type } }
        if let owner {
            let wanted = owner.lowercased()
            entries = entries.filter { $0.owner.lowercased() == wanted || names[$0.owner]?.lowercased() == wanted }
        }
        var matches: [String: SearchIndex.Match] = [:]
        if !words.isEmpty {
            for match in try searchIndex().matches(words) { matches[match.id] = match }
            entries = entries.filter { matches[$0.id] != nil }
        }
        entries.sort(by: order.areInIncreasingOrder)

        var main = "<h1>\(words.isEmpty ? "Register" : "Search results")</h1>\n"
        main += filters(types: configuration.types.map { ($0.key, $0.value.title) }.sorted { $0.name < $1.name })
        let described = describe(count: entries.count)
        main += "<p class=\"count\" role=\"status\">\(HTMLText.escaped(described))</p>\n"
        let pages = max(1, (entries.count + Self.rowsPerPage - 1) / Self.rowsPerPage)
        guard pageNumber <= pages else {
            throw PortalRefusal.notFound("This list has \(pages) page\(pages == 1 ? "" : "s").")
        }
        if !entries.isEmpty {
            let first = (pageNumber - 1) * Self.rowsPerPage
            let shown = Array(entries[first..<min(entries.count, first + Self.rowsPerPage)])
            // The matching lines are read for the rows shown only.
            var hits: [String: SearchHit] = [:]
            for entry in shown {
                if let match = matches[entry.id] { hits[entry.id] = try SearchIndex.hit(match, in: snapshot) }
            }
            main += table(
                shown, names: names,
                typeTitles: configuration.types.mapValues(\.title), hits: hits, today: snapshot.today)
            if pages > 1 { main += pager(pages) }
        }
        return PortalPage(
            title: words.isEmpty ? "Register" : "Search: " + words.joined(separator: " "), main: main,
            organisation: configuration.organisation, head: snapshot.head.hex, day: snapshot.today,
            search: words.joined(separator: " "))
    }

    /// Links to the pages before and after this one, keeping the filters.
    private func pager(_ pages: Int) -> String {
        func link(_ number: Int, _ label: String, _ relation: String) -> String {
            var query: [String] = []
            if !words.isEmpty { query.append("q=" + Self.formEncoded(words.joined(separator: " "))) }
            switch state {
            case .inForce: break
            case .all: query.append("state=all")
            case .only(let wanted): query.append("state=" + wanted.rawValue)
            }
            if let type { query.append("type=" + Self.formEncoded(type)) }
            if let owner { query.append("owner=" + Self.formEncoded(owner)) }
            if order != .id { query.append("sort=" + order.rawValue) }
            query.append("page=\(number)")
            return "<a rel=\"\(relation)\" href=\"/?\(HTMLText.escaped(query.joined(separator: "&")))\">\(label)</a>"
        }
        var html = "<nav class=\"pager\" aria-label=\"Pages of the register\">"
        if pageNumber > 1 { html += link(pageNumber - 1, "← Previous", "prev") + " " }
        html += "<span>Page \(pageNumber) of \(pages)</span>"
        if pageNumber < pages { html += " " + link(pageNumber + 1, "Next →", "next") }
        return html + "</nav>\n"
    }

    /// `text` as a form encodes it in a query.
    static func formEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                encoded.unicodeScalars.append(UnicodeScalar(byte))
            case UInt8(ascii: " "): encoded += "+"
            default: encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    private func describe(count: Int) -> String {
        let documents = count == 1 ? "1 document" : "\(count) documents"
        var text: String
        switch state {
        case .inForce: text = "\(documents) in force"
        case .all: text = documents
        case .only(let wanted): text = "\(documents) \(wanted.rawValue)"
        }
        if !words.isEmpty { text += " holding " + words.map { "“\($0)”" }.joined(separator: " and ") }
        return text + "."
    }

    private func filters(types: [(name: String, title: String)]) -> String {
        func option(_ value: String, _ label: String, selected: Bool) -> String {
            "<option value=\"\(HTMLText.escaped(value))\"\(selected ? " selected" : "")>\(HTMLText.escaped(label))</option>"
        }
        let stateValue: String =
            switch state {
            case .inForce: "in-force"
            case .all: "all"
            case .only(let wanted): wanted.rawValue
            }
        var html = "<form class=\"filters\" method=\"get\" action=\"/\">\n"
        html += "<input type=\"hidden\" name=\"q\" value=\"\(HTMLText.escaped(words.joined(separator: " ")))\">\n"
        html += "<label for=\"state\">State</label>\n<select id=\"state\" name=\"state\">"
        html += option("in-force", "In force", selected: stateValue == "in-force")
        html += option("all", "Any", selected: stateValue == "all")
        for state in DocumentState.allCases {
            html += option(
                state.rawValue, state.rawValue.replacingOccurrences(of: "-", with: " "),
                selected: stateValue == state.rawValue)
        }
        html += "</select>\n<label for=\"type\">Type</label>\n<select id=\"type\" name=\"type\">"
        html += option("", "Any", selected: type == nil)
        for (name, title) in types { html += option(name, title, selected: type == name) }
        html += "</select>\n<label for=\"owner\">Owner</label>\n"
        html += "<input id=\"owner\" name=\"owner\" value=\"\(HTMLText.escaped(owner ?? ""))\" size=\"12\">\n"
        html += "<label for=\"sort\">Sort by</label>\n<select id=\"sort\" name=\"sort\">"
        for order in Order.allCases {
            html += option(order.rawValue, order.label, selected: order == self.order)
        }
        html += "</select>\n<button type=\"submit\">Show</button>\n</form>\n"
        return html
    }

    /// A review date, marked when it has passed.
    static func review(_ day: Day?, today: Day) -> String {
        guard let day else { return "—" }
        return day < today ? "<span class=\"overdue\">\(day) (overdue)</span>" : "\(day)"
    }

    private func table(
        _ entries: [RegisterEntry], names: [String: String], typeTitles: [String: String], hits: [String: SearchHit],
        today: Day
    ) -> String {
        var html =
            "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"The register\">\n<table class=\"register\">\n<caption>The register</caption>\n<thead><tr>"
        html += "<th scope=\"col\">Document</th><th scope=\"col\">Title</th><th scope=\"col\">Type</th>"
        html += "<th scope=\"col\">State</th><th scope=\"col\">Version</th><th scope=\"col\">In force since</th>"
        html += "<th scope=\"col\">Owner</th><th scope=\"col\">Next review</th></tr></thead>\n<tbody>\n"
        for entry in entries {
            let link = "/documents/" + HTMLText.escaped(entry.id)
            html += "<tr><th scope=\"row\"><a href=\"\(link)\">\(HTMLText.escaped(entry.id))</a></th>"
            html += "<td>\(highlighted(entry.title))"
            if let hit = hits[entry.id], !hit.lines.isEmpty {
                html += "<ul class=\"matches\">"
                for line in hit.lines.prefix(3) {
                    html +=
                        "<li><span class=\"line\">line \(line.number)</span> \(highlighted(excerpt(line.text)))</li>"
                }
                html += "</ul>"
            }
            html += "</td><td data-label=\"Type\">\(HTMLText.escaped(typeTitles[entry.type] ?? entry.type))</td>"
            html +=
                "<td data-label=\"State\"><span class=\"state \(entry.state.rawValue)\">\(HTMLText.escaped(entry.state.rawValue.replacingOccurrences(of: "-", with: " ")))</span></td>"
            html += "<td data-label=\"Version\">\(entry.version.map { "v\($0)" } ?? "—")</td>"
            html += "<td data-label=\"In force since\">\(entry.effective.map { "\($0)" } ?? "—")</td>"
            html += "<td data-label=\"Owner\">\(HTMLText.escaped(names[entry.owner] ?? entry.owner))</td>"
            html += "<td data-label=\"Next review\">\(Self.review(entry.nextReview, today: today))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }

    /// A long line cut to about 160 characters around the first word searched for.
    private func excerpt(_ line: String) -> String {
        guard line.count > 160 else { return line }
        let lowered = line.lowercased()
        let first = words.compactMap { lowered.range(of: $0.lowercased())?.lowerBound }.min() ?? lowered.startIndex
        let offset = max(0, lowered.distance(from: lowered.startIndex, to: first) - 60)
        let start = line.index(line.startIndex, offsetBy: offset)
        let end = line.index(start, offsetBy: 160, limitedBy: line.endIndex) ?? line.endIndex
        return (offset > 0 ? "…" : "") + line[start..<end] + (end < line.endIndex ? "…" : "")
    }

    /// `text` escaped, with every word searched for marked.
    func highlighted(_ text: String) -> String {
        let needles = words.map { $0.lowercased() }.filter { !$0.isEmpty }
        guard !needles.isEmpty else { return HTMLText.escaped(text) }
        var html = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            let lowered = rest.lowercased()
            var best: (offset: Int, length: Int)?
            for needle in needles {
                guard let range = lowered.range(of: needle) else { continue }
                let offset = lowered.distance(from: lowered.startIndex, to: range.lowerBound)
                if best == nil || offset < best!.offset { best = (offset, needle.count) }
            }
            // Lower-casing keeps the count of characters for the scripts searched here; where it
            // does not, nothing further is marked rather than a wrong span.
            guard let best, lowered.count == rest.count else {
                html += HTMLText.escaped(String(rest))
                break
            }
            let start = rest.index(rest.startIndex, offsetBy: best.offset)
            let end = rest.index(start, offsetBy: best.length)
            html +=
                HTMLText.escaped(String(rest[..<start])) + "<mark>" + HTMLText.escaped(String(rest[start..<end]))
                + "</mark>"
            rest = rest[end...]
        }
        return html
    }
}

extension RegisterPage.Order {
    var label: String {
        switch self {
        case .id: "Document"
        case .title: "Title"
        case .effective: "In force since"
        case .review: "Next review"
        }
    }

    func areInIncreasingOrder(_ left: RegisterEntry, _ right: RegisterEntry) -> Bool {
        switch self {
        case .id: return left.id < right.id
        case .title:
            let (a, b) = (left.title.lowercased(), right.title.lowercased())
            return a != b ? a < b : left.id < right.id
        case .effective:
            let (a, b) = (left.effective?.daysSinceEpoch ?? .max, right.effective?.daysSinceEpoch ?? .max)
            return a != b ? a < b : left.id < right.id
        case .review:
            let (a, b) = (left.nextReview?.daysSinceEpoch ?? .max, right.nextReview?.daysSinceEpoch ?? .max)
            return a != b ? a < b : left.id < right.id
        }
    }
}

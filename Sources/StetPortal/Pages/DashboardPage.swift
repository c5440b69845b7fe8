import StetCore

/// The controllers' dashboard: what waits, across the whole store — periodic reviews due and
/// overdue, revisions waiting for review, approval or issue (and on whom), acknowledgements
/// outstanding per document and per person, and copies to recall. Each list is also a CSV file
/// (`/dashboard/<list>.csv`), as a spreadsheet or a quality meeting wants it.
struct DashboardPage {
    enum List: String, CaseIterable {
        case reviews, revisions, acknowledgements, readers, recalls

        var title: String {
            switch self {
            case .reviews: "Periodic reviews due within 30 days"
            case .revisions: "Revisions waiting"
            case .acknowledgements: "Acknowledgements outstanding, by document"
            case .readers: "Acknowledgements outstanding, by person"
            case .recalls: "Copies to recall"
            }
        }
    }

    /// Days ahead a periodic review is listed.
    static let reviewWindow = 30

    /// Every list's header and rows, as text: the page and the CSV files show the same.
    static func lists(_ snapshot: Snapshot) throws -> [List: (header: [String], rows: [[String]])] {
        let today = snapshot.today
        let names = try snapshot.printedNames()
        func name(_ user: String) -> String { names[user] ?? user }
        var lists: [List: (header: [String], rows: [[String]])] = [:]

        lists[.reviews] = (
            ["document", "title", "owner", "due", "overdue"],
            try snapshot.reviewsDue(on: today, within: reviewWindow).map { entry in
                [
                    entry.id, entry.title, name(entry.owner), entry.nextReview.map { "\($0)" } ?? "",
                    (entry.nextReview.map { $0 < today } ?? false) ? "yes" : "",
                ]
            }
        )

        var revisions: [[String]] = []
        var byDocument: [[String]] = []
        var byPerson: [String: [String]] = [:]
        for document in try snapshot.documents() {
            if let working = document.working {
                let waitingOn: String
                let step: String
                switch working.state {
                case .draft:
                    step = working.rejection == nil ? "draft" : "sent back to its authors"
                    waitingOn = working.authors.map(name).joined(separator: ", ")
                case .inReview:
                    let reviewers = working.reviewers.filter { reviewer in
                        !working.reviews.contains { $0.by == reviewer }
                    }
                    let approvers = working.approvers.filter { approver in
                        !working.approvals.contains { $0.by == approver }
                    }
                    step = reviewers.isEmpty ? "approval" : "review"
                    waitingOn = (reviewers.isEmpty ? approvers : reviewers).map(name).joined(separator: ", ")
                case .approved:
                    step = "issue"
                    waitingOn = "a controller"
                }
                revisions.append([document.id, document.title, "\(working.number)", step, waitingOn])
            }
            if document.distribution != nil, document.retirement == nil,
                let version = document.effectiveVersion(on: today)
            {
                let report = try snapshot.acknowledgements(of: document.documentID, version: version.version, on: today)
                let outstanding = report.outstanding
                if !outstanding.isEmpty {
                    byDocument.append([
                        document.id, document.title, "v\(version.version)", "\(outstanding.count)",
                        "\(report.entries.count)", outstanding.map(\.name).joined(separator: ", "),
                    ])
                    for user in outstanding { byPerson["\(user.name) (\(user.id))", default: []].append(document.id) }
                }
            }
        }
        lists[.revisions] = (["document", "title", "revision", "waiting for", "on"], revisions)
        lists[.acknowledgements] = (["document", "title", "version", "outstanding", "readers", "who"], byDocument)
        lists[.readers] = (
            ["person", "outstanding", "documents"],
            byPerson.sorted { $0.key < $1.key }.map { [$0.key, "\($0.value.count)", $0.value.joined(separator: ", ")] }
        )

        var recalls: [[String]] = []
        for copy in try snapshot.copies() where copy.isOutstanding {
            guard let document = try? snapshot.document(try DocumentID(copy.document)),
                let version = document.versions.first(where: { $0.version == copy.version })
            else { continue }
            switch document.standing(of: version, on: today) {
            case .inForce, .takesEffect: continue
            case .superseded, .retired:
                recalls.append([copy.name, copy.holder, "\(document.standing(of: version, on: today))"])
            }
        }
        lists[.recalls] = (["copy", "holder", "its version"], recalls)
        return lists
    }

    func page(_ snapshot: Snapshot) throws -> PortalPage {
        let lists = try Self.lists(snapshot)
        var main = "<p class=\"breadcrumb\"><a href=\"/\">Register</a> › Dashboard</p>\n<h1>Dashboard</h1>\n"
        main += "<p>What waits across the store on \(snapshot.today). Each list can be downloaded as CSV.</p>\n"
        for list in List.allCases {
            let (header, rows) = lists[list]!
            main += "<h2 id=\"\(list.rawValue)\">\(list.title) (\(rows.count))</h2>\n"
            main += "<p class=\"downloads\"><a href=\"/dashboard/\(list.rawValue).csv\" download "
            main += "aria-label=\"\(list.title) as CSV\">CSV</a></p>\n"
            guard !rows.isEmpty else {
                main += "<p>None.</p>\n"
                continue
            }
            main +=
                "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"\(list.title)\">\n<table>\n<thead><tr>"
            main += header.map { "<th scope=\"col\">\(HTMLText.escaped($0.capitalizedFirst))</th>" }.joined()
            main += "</tr></thead>\n<tbody>\n"
            for row in rows.prefix(Self.rowsShown) {
                main +=
                    "<tr>"
                    + row.enumerated().map { index, cell in
                        index == 0 && list != .readers && list != .recalls
                            ? "<th scope=\"row\"><a href=\"/documents/\(HTMLText.escaped(cell))\">\(HTMLText.escaped(cell))</a></th>"
                            : "<td>\(HTMLText.escaped(cell))</td>"
                    }.joined() + "</tr>\n"
            }
            main += "</tbody>\n</table>\n</div>\n"
            if rows.count > Self.rowsShown {
                main += "<p class=\"more\">The first \(Self.rowsShown) of \(rows.count); the CSV has them all.</p>\n"
            }
        }
        return PortalPage(
            title: "Dashboard", main: main, organisation: try? snapshot.configuration().organisation,
            head: snapshot.head.hex, day: snapshot.today)
    }

    static let rowsShown = 200

    /// One list as CSV (cells that a spreadsheet would run as a formula are neutralised).
    static func csv(_ name: String, _ snapshot: Snapshot) throws -> PortalResponse {
        guard let list = List(rawValue: name) else {
            throw PortalRefusal.notFound(
                "There is no such list: " + List.allCases.map { "\($0.rawValue).csv" }.joined(separator: ", "))
        }
        let (header, rows) = try lists(snapshot)[list]!
        return PortalResponse(
            status: .ok, contentType: "text/csv; charset=utf-8", body: try AuditExport.csvRows([header] + rows),
            attachmentName: "\(list.rawValue)-\(snapshot.today).csv")
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

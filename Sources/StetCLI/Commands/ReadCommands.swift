import ArgumentParser
import Foundation
import StetCore

struct ShowCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a document's content: by default the version in force today, and an error if none is.")

    @OptionGroup var location: StoreLocation
    @Argument(help: "The document id.") var id: String
    @Option(help: "An issued version instead of the effective one.") var version: Int?
    @Flag(help: "The working revision instead of the effective version.") var draft = false
    @Option(help: "The version that was in force on this day, YYYY-MM-DD.") var asOf: String?
    @Option(help: "text (the exact Markdown) or json (metadata and content).") var format: OutputFormat = .text
    @Flag(help: "Its details instead of its text: owner, what it is part of, its parts, the clauses it is tagged with.")
    var details = false

    func validate() throws {
        if [version != nil, draft, asOf != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give only one of --version, --draft and --as-of")
        }
    }

    func execute() throws(StetError) {
        let day = try asOf.map(Day.parse)
        let selection: Snapshot.Selection = draft ? .draft : version.map { .version($0) } ?? .inForce(on: day)
        // One snapshot for the id and the content: one store opened, one head read.
        let snapshot = try location.snapshot()
        if details {
            return try Self.printDetails(
                try snapshot.details(of: try snapshot.documentID(named: id), selection), snapshot, format)
        }
        let shown = try snapshot.content(of: try snapshot.documentID(named: id), selection)
        if let until = shown.inForceUntil {
            Terminal.note(
                "\(shown.id) was retired at \(until); this is the version in force on \(until.day) until then")
        }
        guard format == .json else { return Terminal.writeDocument(shown.bytes) }
        Terminal.json(shown)
    }
}

extension ShowCommand {
    static func printDetails(_ details: ShownDetails, _ snapshot: Snapshot, _ format: OutputFormat) throws(StetError) {
        if format == .json { return Terminal.json(details) }
        let names = try names(snapshot)
        var lines = ["\(details.id)  \(details.title)"]
        lines.append("Type:        \(details.typeTitle) (\(details.type))")
        lines.append("Owner:       \(signer(details.owner, names))")
        if let department = details.department { lines.append("Department:  \(department)") }
        if let version = details.version {
            lines.append("Version:     v\(version)" + (details.effective.map { ", effective \($0)" } ?? ""))
        } else if let revision = details.revision {
            lines.append("Revision:    \(revision) (working)")
        }
        for linked in details.partOf { lines.append("\(details.partOfLabel): \(linked.id) \(linked.title)") }
        for linked in details.parts { lines.append("Part:        \(linked.id) \(linked.title)") }
        lines.append(
            "Clauses:     " + (details.clauses.isEmpty ? "none tagged" : details.clauses.joined(separator: ", ")))
        lines.forEach { Terminal.print(Terminal.safe($0)) }
    }
}

/// Printed names by user id, for showing who signed.
private func names(_ snapshot: Snapshot) throws(StetError) -> [String: String] {
    try snapshot.printedNames()
}

private func signer(_ id: String, _ names: [String: String]) -> String {
    "\(names[id] ?? id) (\(id))"
}

struct StatusCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show where a document stands, with every signature on it.")

    @OptionGroup var location: StoreLocation
    @Argument(help: "The document id.") var id: String
    @Option(help: "text or json.") var format: OutputFormat = .text

    func execute() throws(StetError) {
        let snapshot = try location.snapshot()
        let status = try snapshot.status(of: try snapshot.documentID(named: id))
        if format == .json { return Terminal.json(status) }
        let document = status.document
        let names = try names(snapshot)
        var lines = ["\(document.id)  \(document.title)"]
        lines.append("Type:        \(document.type)")
        lines.append("Owner:       \(signer(document.owner, names))")
        if let department = document.department { lines.append("Department:  \(department)") }
        if let partOf = document.partOf {
            let label = Document.partOfLabel(
                type: document.type, typeTitle: try snapshot.configuration().settings(for: document.type).title)
            for linked in try snapshot.titles(of: partOf) { lines.append("\(label): \(linked.id) \(linked.title)") }
        }
        lines.append("State:       \(status.state.rawValue)")
        if let effective = status.inForce {
            lines.append(
                "In force:    \(effective.name) since \(effective.effective) (revision \(effective.revision))")
        } else {
            lines.append("In force:    no version")
        }
        if let nextReview = status.nextReview { lines.append("Next review: \(nextReview)") }
        if let retirement = document.retirement {
            lines.append("Retired:     \(retirement.at) by \(signer(retirement.by, names)): \(retirement.reason)")
        }
        if let working = document.working {
            lines.append("Working:     revision \(working.number), \(working.state.rawValue): \(working.reason)")
            lines.append("  Authors:   \(working.authors.map { signer($0, names) }.joined(separator: ", "))")
            for reviewer in working.reviewers {
                let review = working.reviews.first { $0.by == reviewer }
                lines.append(
                    "  Reviewer:  \(signer(reviewer, names)): "
                        + (review.map { "reviewed \($0.at) (meaning: review)" } ?? "pending"))
            }
            for approver in working.approvers {
                let approval = working.approvals.first { $0.by == approver }
                lines.append(
                    "  Approver:  \(signer(approver, names)): "
                        + (approval.map { "approved \($0.at) (meaning: approval)" } ?? "pending"))
            }
            if !status.mustBeReplaced.isEmpty {
                lines.append(
                    "  Must be replaced: \(status.mustBeReplaced.map { signer($0, names) }.joined(separator: ", ")) "
                        + "(can no longer sign; stet reassign \(document.id) --reviewers/--approvers)")
            }
            if let rejection = working.rejection {
                lines.append(
                    "  Last rejection: \(signer(rejection.by, names)) at \(rejection.at): \(rejection.comment ?? "")")
            }
        }
        if let latest = status.latestReason {
            lines.append(
                "Latest reason: \(latest.reason) (\(latest.event) by \(signer(latest.by, names)), \(latest.at))")
        }
        for version in document.versions.reversed() {
            let standing = status.standing(of: version)
            lines.append(
                "Version \(version.version)\(version.label.map { " (\($0))" } ?? ""): revision \(version.revision), effective \(version.effective), \(standing)"
            )
            lines.append(
                "  Authored by \(version.authors.map { signer($0, names) }.joined(separator: ", "))"
                    + (version.drafted.map { " at \($0)" } ?? "") + " (meaning: authorship)"
            )
            for review in version.reviews {
                lines.append("  Reviewed by \(signer(review.by, names)) at \(review.at) (meaning: review)")
            }
            for approval in version.approvals {
                lines.append("  Approved by \(signer(approval.by, names)) at \(approval.at) (meaning: approval)")
            }
            lines.append("  Issued by \(signer(version.issuedBy, names)) at \(version.issued) (meaning: issue)")
        }
        lines.forEach { Terminal.print(Terminal.safe($0)) }
    }

}

struct ListCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print the register: every document with its state, version, dates and owner.")

    @OptionGroup var location: StoreLocation
    @Option(help: "Only documents in this state: draft, in-review, approved, issued, effective, retired.")
    var state: DocumentState?
    @Option(help: "Only documents of this type.") var type: String?
    @Option(help: "The register as it stood on this day, YYYY-MM-DD: the versions in force then.") var asOf: String?
    @Flag(help: "Only documents due or overdue for periodic review, soonest first, with owner.") var due = false
    @Option(help: "With --due: also those due within this many days.") var within: Int = 0
    @Option(help: "Only documents whose text is tagged with this clause or one under it, e.g. 13485:7.5.")
    var clause: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func execute() throws(StetError) {
        guard within == 0 || due else {
            throw .invalidText(field: "within", problem: "it counts days ahead for --due: give --due with it")
        }
        guard (0...RegisterQuery.maximumDueWithin).contains(within) else {
            throw .invalidText(
                field: "within", problem: "give a number of days from 0 to \(RegisterQuery.maximumDueWithin)")
        }
        let snapshot = try location.snapshot()
        let day = try asOf.map(Day.parse) ?? snapshot.today
        var entries = try snapshot.register(
            RegisterQuery(day: day, inForceOnly: asOf != nil, dueWithin: due ? within : nil, state: state, type: type))
        if let clause {
            let tagged = try snapshot.documents(taggedWith: try ClauseTags.query(clause), on: day)
            entries.removeAll { !tagged.contains($0.id) }
        }
        if format == .json { return Terminal.json(entries) }
        if entries.isEmpty {
            return Terminal.print(
                clause.map { "No document is tagged with clause \($0)." }
                    ?? (due
                        ? "No periodic review is due."
                        : asOf != nil ? "Nothing was in force on \(day)." : "No documents."))
        }
        let owners = due ? try snapshot.printedNames() : [:]
        Terminal.table(
            ["ID", "TITLE", "TYPE", "STATE", "VERSION", "EFFECTIVE", "OWNER", "NEXT REVIEW", "IN PROGRESS"],
            entries.map {
                [
                    $0.id, $0.title, $0.type, $0.state.rawValue, $0.version.map { "v\($0)" } ?? "-",
                    $0.effective?.description ?? "-", due ? "\(owners[$0.owner] ?? $0.owner) (\($0.owner))" : $0.owner,
                    ($0.nextReview?.description ?? "-") + (due && $0.isOverdue(on: day) ? " OVERDUE" : ""),
                    inProgress($0),
                ]
            })
    }

    /// What is on its way beside the version in force: a revision, a version issued for later.
    private func inProgress(_ entry: RegisterEntry) -> String {
        var parts: [String] = []
        if let upcoming = entry.upcomingVersion, let from = entry.upcomingEffective, entry.state != .issued {
            parts.append("v\(upcoming) from \(from)")
        }
        if let revision = entry.revision, let state = entry.revisionState, entry.state.rawValue != state.rawValue {
            parts.append("revision \(revision) \(state.rawValue)")
        }
        return parts.isEmpty ? "-" : parts.joined(separator: "; ")
    }
}

extension DocumentState: ExpressibleByArgument {}

struct LogCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print a document's history, newest first, with who signed, when, and what it meant.")

    @OptionGroup var location: StoreLocation
    @Argument(help: "The document id.") var id: String
    @Option(help: "text or json.") var format: OutputFormat = .text

    func execute() throws(StetError) {
        let snapshot = try location.snapshot()
        let history = try snapshot.history(of: try snapshot.documentID(named: id))
        if format == .json {
            return Terminal.json(history.map { LoggedEvent(commit: $0.commit.hex, time: $0.time, event: $0.event) })
        }
        for recorded in history {
            let event = recorded.event
            Terminal.print(
                Terminal.safe(
                    "\(recorded.time)  \(event.summary)  [\(recorded.commit.short)]"))
            Terminal.print(
                Terminal.safe(
                    "    signed by \(event.actorName) (\(event.actor)) as \(event.role.rawValue), meaning: \(event.meaning.rawValue)"
                ))
            if let reason = event.reason { Terminal.print(Terminal.safe("    reason: \(reason)")) }
        }
    }

    struct LoggedEvent: Encodable {
        var commit: String
        var time: Timestamp
        var event: Event
    }
}

import ArgumentParser
import Foundation
import StetCore

struct AuditCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Export the audit trail: every event in order, with who signed, when, and what it meant.",
        discussion: """
            Columns: sequence, time (UTC), event, document, title, revision, version, state before and \
            after, actor id and printed name, role, meaning of the signature, reason or comment, content \
            hash, commit id, and whether the signature verifies. The export ends with the head commit it \
            covers (in CSV, a closing 'end-of-export' row), to check later with 'stet verify --anchor'. \
            CSV cells that a spreadsheet would run as a formula start with an apostrophe.
            """)

    @OptionGroup var location: StoreLocation
    @Option(help: "Only this document (repeatable).") var document: [String] = []
    @Option(help: "Only events by (or about) this user.") var user: String?
    @Option(help: "Only this kind of event, e.g. approve (repeatable).") var event: [String] = []
    @Option(help: "From this day (YYYY-MM-DD) or moment (YYYY-MM-DDTHH:MM:SSZ).") var since: String?
    @Option(help: "Up to this day (YYYY-MM-DD, inclusive) or moment.") var until: String?
    @Option(help: "csv, jsonl or json.") var format: AuditExport.Format = .csv
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func execute() throws(StetError) {
        var filter = AuditFilter()
        filter.documents = Set(try document.map { text throws(StetError) in try location.documentID(text).text })
        filter.user = try user.map { text throws(StetError) in try UserID(text).text }
        filter.events = Set(try event.map(EventKind.parse))
        filter.since = try since.map { text throws(StetError) in try Timestamp.bound(text, endOfDay: false) }
        filter.until = try until.map { text throws(StetError) in try Timestamp.bound(text, endOfDay: true) }
        let store = try location.openStore()
        guard let output else {
            do {
                try AuditExport(format: format) { bytes in try Invocation.current.console.writeOutput(bytes) }
                    .run(store, filter: filter)
            } catch .outputFailed(let reason) {
                throw .fileUnreadable(path: "standard output", reason: "writing failed: \(reason)")
            }
            return
        }
        // Written beside the target and renamed at the end: a failed export leaves no partial file.
        let count = try OutputFile(output).stream { sink throws(StetError) in
            do throws(StetError) {
                return try AuditExport(format: format) { bytes in try sink.write(contentsOf: bytes) }
                    .run(store, filter: filter)
            } catch .outputFailed(let reason) {
                throw .fileUnreadable(path: output, reason: "writing failed: \(reason)")
            }
        }
        Terminal.note("Exported \(count) event(s) to \(output)")
    }
}

extension AuditExport.Format: ExpressibleByArgument {}

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
        filter.documents = Set(try document.map { text throws(StetError) in try Identifier.document(text) })
        filter.user = try user.map { text throws(StetError) in try Identifier.user(text) }
        filter.events = Set(
            try event.map { text throws(StetError) -> EventKind in
                guard let kind = EventKind(rawValue: text) else {
                    throw .invalidText(
                        field: "event",
                        problem:
                            "'\(Terminal.safe(text))' is not one of \(EventKind.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                return kind
            })
        filter.since = try since.map { text throws(StetError) in try Self.moment(text, endOfDay: false) }
        filter.until = try until.map { text throws(StetError) in try Self.moment(text, endOfDay: true) }
        let store = try location.openStore()
        let sink: FileHandle
        var temporary: String?
        if let output {
            // Written beside the target and renamed at the end: a failed export leaves no partial file.
            let path = output + ".partial-\(getpid())"
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let handle = FileHandle(forWritingAtPath: path)
            else {
                throw .fileUnreadable(path: output, reason: "cannot create it")
            }
            sink = handle
            temporary = path
        } else {
            sink = FileHandle.standardOutput
        }
        do {
            let count = try AuditExport(format: format) { bytes in try sink.write(contentsOf: bytes) }
                .run(store, filter: filter)
            if let temporary, let output {
                try? sink.close()
                guard rename(temporary, output) == 0 else {
                    throw StetError.fileUnreadable(path: output, reason: "cannot write it")
                }
                FileHandle.standardError.write(Data("Exported \(count) event(s) to \(output)\n".utf8))
            }
        } catch let error as StetError {
            if let temporary { unlink(temporary) }
            throw error
        } catch {
            if let temporary { unlink(temporary) }
            throw .fileUnreadable(path: output ?? "standard output", reason: "writing failed: \(error)")
        }
    }

    static func moment(_ text: String, endOfDay: Bool) throws(StetError) -> Timestamp {
        if let time = Timestamp(text) { return time }
        guard let day = Day(text) else { throw .invalidDate(text) }
        let start = Int64(day.daysSinceEpoch) * 86_400
        return Timestamp(seconds: endOfDay ? start + 86_399 : start)
    }
}

extension AuditExport.Format: ExpressibleByArgument {}

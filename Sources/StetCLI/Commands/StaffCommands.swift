import ArgumentParser
import Foundation
import StetCore

struct ReaffirmCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "reaffirm",
        abstract: "Sign the periodic review: the version in force is still valid; its next review date moves on.",
        discussion: "For the document's owner or a controller. No new version is made.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "What the review found.") var comment: String

    func execute() throws(StetError) {
        try options.record(.reaffirm(document: try options.documentID(id), comment: comment))
    }
}

struct DistributeCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "distribute",
        abstract: "Set who must read a document and acknowledge each new version (owner or controller).")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "User ids, comma-separated or repeated.") var users: [String] = []
    @Option(help: "Roles whose holders must read it, comma-separated or repeated.") var roles: [String] = []

    func execute() throws(StetError) {
        try options.record(
            .distribute(
                document: try options.documentID(id), users: try UserID.list(listValues(users)),
                roles: try listValues(roles).map(Role.parse)))
    }
}

struct AcknowledgeCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "acknowledge", abstract: "Sign \"read and understood\" for the version in force.",
        discussion: """
            A version issued to take effect later can be acknowledged once it is issued, to be trained \
            before it goes live: give --version, or, while no version is in force, it is the default.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "The version read: the one in force, or one issued to take effect later.") var version: Int?

    func execute() throws(StetError) {
        try options.record(.acknowledge(document: try options.documentID(id), version: version))
    }
}

struct AcknowledgementsCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "acknowledgements",
        abstract: "Report who has and who has not acknowledged the version in force.")

    @OptionGroup var location: StoreLocation
    @Argument(help: "The document id.") var id: String
    @Option(help: "Another issued version (default: the one in force, else the next to take effect).")
    var version: Int?
    @Option(help: "text, csv or json.") var format: ReportFormat = .text

    enum ReportFormat: String, ExpressibleByArgument {
        case text, csv, json
    }

    /// One line of the report, as csv and json give it.
    struct Line: Encodable {
        var document: String
        var version: Int
        var user: String
        var name: String
        var status: String
        var acknowledgedAt: String?
    }

    func execute() throws(StetError) {
        let snapshot = try location.snapshot()
        let report = try snapshot.acknowledgements(
            of: try location.documentID(id), version: version, on: snapshot.today)
        let lines = report.entries.map { entry in
            Line(
                document: report.document, version: report.version, user: entry.user.id, name: entry.user.name,
                status: entry.acknowledgement == nil ? "outstanding" : "acknowledged",
                acknowledgedAt: entry.acknowledgement?.at.description)
        }
        switch format {
        case .json:
            Terminal.json(lines)
        case .csv:
            Terminal.write(
                try AuditExport.csvRows(
                    [["document", "version", "user", "name", "status", "acknowledged_at"]]
                        + lines.map {
                            [$0.document, String($0.version), $0.user, $0.name, $0.status, $0.acknowledgedAt ?? ""]
                        }))
        case .text:
            Terminal.print(
                "\(report.document) v\(report.version): \(report.entries.count - report.outstanding.count) of \(report.entries.count) acknowledged"
            )
            Terminal.table(
                ["USER", "NAME", "STATUS", "AT"], lines.map { [$0.user, $0.name, $0.status, $0.acknowledgedAt ?? ""] })
        }
    }
}

struct DiffCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two versions, as a unified diff of the Markdown.",
        discussion:
            "Default: the draft against the version in force, or else the version in force against the one before.")

    @OptionGroup var location: StoreLocation
    @Argument(help: "The document id.") var id: String
    @Option(help: "The older version.") var from: Int?
    @Option(help: "The newer version.") var to: Int?

    func execute() throws(StetError) {
        let snapshot = try location.snapshot()
        let diff = try snapshot.diff(of: try snapshot.documentID(named: id), from: from, to: to)
        Terminal.writeDocument(Array(diff.utf8))
    }
}

struct SearchCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search the titles and text of the versions in force.")

    @OptionGroup var location: StoreLocation
    @Argument(help: "Words that must all appear (any case).") var words: [String]

    func execute() throws(StetError) {
        let snapshot = try location.snapshot()
        let hits = try snapshot.search(words, on: snapshot.today)
        if hits.isEmpty { Terminal.print("No document in force matches.") }
        for hit in hits {
            Terminal.print(Terminal.safe("\(hit.id) v\(hit.version)  \(hit.title)"))
            for line in hit.lines.prefix(10) { Terminal.print(Terminal.safe("  \(line.number): \(line.text)")) }
            if hit.lines.count > 10 { Terminal.print("  ... \(hit.lines.count - 10) more matching line(s)") }
        }
    }
}

struct RenderCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract:
            "Make a controlled copy to print or publish: header, signatures, text, and an uncontrolled-copy footer.")

    @OptionGroup var location: StoreLocation
    @Argument(help: "The document id.") var id: String
    @Option(help: "An issued version (default: the one in force).") var version: Int?
    @Option(help: "The version in force on this day, YYYY-MM-DD.") var asOf: String?
    @Flag(help: "The working revision, marked DRAFT — NOT FOR USE on every page (for review).") var draft = false
    @Option(
        help:
            "html (one self-contained file), pdf (printed by headless Chromium: $STET_CHROMIUM or on PATH) or markdown."
    )
    var format: CopyFormat = .html

    enum CopyFormat: String, ExpressibleByArgument, CaseIterable {
        case html, pdf, markdown
    }
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
        if [version != nil, asOf != nil, draft].filter({ $0 }).count > 1 {
            throw ValidationError("give only one of --version, --as-of and --draft")
        }
    }

    func execute() throws(StetError) {
        let snapshot = try location.snapshot()
        let day = try asOf.map(Day.parse) ?? snapshot.today
        let layout: ControlledCopy.Format = format == .markdown ? .markdown : .html
        var bytes =
            draft
            ? try ControlledCopy.renderDraft(snapshot, id: try location.documentID(id), format: layout)
            : try ControlledCopy.render(
                snapshot, id: try location.documentID(id), version: version, on: day, format: layout)
        if format == .pdf {
            bytes = try printedPDF(bytes)
            // A PDF is handed out only once its text reads as the copy Stet rendered.
            if !draft { try ControlledCopy.confirmPrint(bytes, in: snapshot, pdftotext: try pdftotext()) }
        }
        guard let output else {
            guard format != .pdf || !Invocation.current.console.outputIsTerminal else {
                throw .invalidText(field: "output", problem: "a PDF is not text: give --output FILE, or redirect it")
            }
            return format == .pdf ? Terminal.write(bytes) : Terminal.writeDocument(bytes)
        }
        try writeOutput(bytes, to: output)
    }
}

struct CheckCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-copy",
        abstract: "Say whether a rendered copy is the version in force, a superseded or retired one, or not a copy.",
        discussion: """
            A copy's file is rendered again from the state, days and version written in it and compared \
            byte for byte (a PDF: its text, read with pdftotext, character for character): any edit makes \
            it not a copy, whatever the register says. A printed copy is checked by the code on its pages. \
            Exit status: 0 current, 2 superseded, 3 retired, 4 not a copy, 5 not yet effective, 1 error.
            """)

    @OptionGroup var location: StoreLocation
    @Argument(help: "The copy to check (HTML, PDF or Markdown from 'stet render' or 'stet copies issue').")
    var file: String?
    @Option(help: "Check a printed copy by the code on its pages instead, e.g. 'SOP-0001 v2 3f9a1c0b'.")
    var code: String?

    func validate() throws {
        guard (file == nil) != (code == nil) else { throw ValidationError("give a copy's file or --code, not both") }
    }

    func run() throws {
        do {
            let snapshot = try location.snapshot()
            let status: CopyStatus
            var registered: CopyRecord?
            if let code {
                status = try ControlledCopy.check(code: code, in: snapshot, on: snapshot.today)
            } else {
                let bytes = try readInput(file ?? "", limit: Limits.copySize)
                // A copy is judged by its content alone: the register may say who holds it and
                // whether it was recalled, never that an altered file is the copy.
                if bytes.starts(with: Array("%PDF-".utf8)) {
                    status = try ControlledCopy.check(
                        pdf: bytes, in: snapshot, on: snapshot.today, pdftotext: try pdftotext(),
                        print: { html throws(StetError) in try printedPDF(html) })
                } else {
                    status = try ControlledCopy.check(bytes, in: snapshot, on: snapshot.today)
                }
                registered = try ControlledCopy.registeredCopy(bytes, in: snapshot)
            }
            Terminal.print(Terminal.safe(status.line))
            if let registered {
                Terminal.print(
                    Terminal.safe(
                        "The register holds this file as \(registered.name), issued to \(registered.holder) on "
                            + "\(registered.issued.day): \(registered.standing)"))
            }
            if status.exitStatus != 0 { throw ExitCode(status.exitStatus) }
        } catch let error as StetError {
            Terminal.error(ErrorMessage.text(for: error))
            throw ExitCode(1)
        }
    }
}

extension CopyStatus {
    /// The exit status a script can branch on (see `check-copy --help`).
    var exitStatus: Int32 {
        switch self {
        case .current: 0
        case .superseded: 2
        case .retired: 3
        case .notACopy: 4
        case .notYetEffective: 5
        }
    }

    /// The one line `check-copy` prints.
    var line: String {
        switch self {
        case .current(let id, let version): "CURRENT: this is \(id) v\(version), the version in force"
        case .superseded(let id, let version, let current, let since):
            "SUPERSEDED: this is \(id) v\(version); "
                + (current.map { "v\($0) is in force" + (since.map { " since \($0)" } ?? "") + ": stet show \(id)" }
                    ?? "no version of \(id) is in force")
        case .notYetEffective(let id, let version, let from):
            "NOT YET EFFECTIVE: this is \(id) v\(version), which takes effect on \(from); until then use the version in force"
        case .retired(let id, let version, let day, let reason):
            "RETIRED: this is \(id) v\(version); \(id) was retired on \(day) (\(reason)) and must not be used"
        case .notACopy(let reason): "NOT A CONTROLLED COPY: \(reason)"
        }
    }
}

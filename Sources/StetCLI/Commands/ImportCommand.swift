import ArgumentParser
import Foundation
import StetCore

struct ImportCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring an existing QMS folder into the store (controllers only).",
        discussion: """
            Each Markdown file (and, with pandoc installed, each .docx and .odt file) becomes a document. \
            Its id is the one its file name and front matter agree on; else its front matter's own id \
            (template_id, form_id, id, document_id, …; the import says where the file name differs); else its \
            file name's; else a sop_id or policy_id; else a document-control table near its top; in the usual \
            numbering schemes: SOP-0042, ACME-PR-013, PR-013, ACME PR.013, SOP 12. A sop_id, policy_id or parent \
            naming another document in the store or the folder is recorded as a signed link to it (a form's \
            procedure). --pattern reads the file name over all of these; --number numbers each file that has \
            no id in its type's scheme, the type told by its name (sop, form, checklist, plan, report, …) or a \
            type: in its front matter. Its title comes from the front matter, else its first heading, else its file name; its \
            version from its own version field (template_version, version, sop_version, …; an empty one is \
            none; 2.1.2 is imported as version 2, labelled 2.1.2). Each is recorded as an import event signed by the controller, naming the source file and \
            its hash, as the effective version (or, with --as-drafts, as a draft). Files a document links to \
            are kept with it. A prefix no type has gets a proposed type: --create-types creates it in the same \
            import. Folders of records (records/, logs/) are left out unless named with --include. Run with \
            --dry-run first: nothing is recorded, and the summary says what would be.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The folder to import.") var folder: String
    @Option(
        help: "A regular expression over file names (without extension) with named groups id, title, type, version.")
    var pattern: String?
    @Option(help: "The type for files whose type cannot be told otherwise.") var type: String?
    @Flag(help: "Create the document types the import proposes for prefixes no type has.") var createTypes = false
    @Option(help: "A folder of records (such as records/training) to import as documents all the same; repeatable.")
    var include: [String] = []
    @Flag(help: "Import every document as a draft, to go through review and approval.") var asDrafts = false
    @Flag(help: "Number each file that has no id in its type's scheme, the type told by its name (sop, form, plan, …).")
    var number = false
    @Flag(help: "Show what would be imported, and import nothing.") var dryRun = false
    @Option(help: "text or json.") var format: OutputFormat = .text

    func execute() throws(StetError) {
        let signer: ImportSigner? =
            dryRun
            ? nil
            : ImportSigner(user: try options.userID()) { [options] () throws(StetError) in
                try options.signingKey(for: try options.userID())
            }
        let importer = FolderImport(
            pattern: pattern, defaultType: type, createTypes: createTypes, include: include,
            pandoc: DocumentConversion.pandoc(path: Invocation.current.environment["PATH"]), number: number)
        var summary = ImportSummary(dryRun: dryRun, createTypes: createTypes)
        try options.location.openStore().importFolder(
            Invocation.current.path(folder), using: importer, asDrafts: asDrafts, signer: signer
        ) { outcome in
            summary.add(outcome)
            if format == .text { summary.printLine(for: outcome) }
        }
        switch format {
        case .text: summary.printTables()
        case .json: Terminal.json(summary.report)
        }
    }
}

/// What an import did, line by line as it goes and in tables at the end.
struct ImportSummary {
    let dryRun: Bool
    let createTypes: Bool
    var report = Report()

    struct Report: Encodable {
        var dryRun = false
        var types: [TypeLine] = []
        var imported: [DocumentLine] = []
        var skipped: [SkipLine] = []
    }
    struct TypeLine: Encodable {
        var name, title, prefix: String
        var digits, documents: Int
        var created: Bool
        var commit: String?
    }
    struct DocumentLine: Encodable {
        var id, type, title, source: String
        var version: Int?
        var versionLabel: String?
        var attachments: Int
        var partOf: [String]
        var warnings: [String]
        var commit: String?
    }
    struct SkipLine: Encodable {
        var file, reason, category: String
    }

    init(dryRun: Bool, createTypes: Bool) {
        self.dryRun = dryRun
        self.createTypes = createTypes
        report.dryRun = dryRun
    }

    mutating func add(_ outcome: ImportOutcome) {
        switch outcome {
        case .type(let type, let commit):
            report.types.append(
                TypeLine(
                    name: type.name, title: type.settings.title, prefix: type.settings.prefix,
                    digits: type.settings.digits, documents: type.documents, created: commit != nil,
                    commit: commit?.hex))
        case .imported(let document, let commit):
            report.imported.append(
                DocumentLine(
                    id: document.id, type: document.type, title: document.title, source: document.source,
                    version: document.version, versionLabel: document.versionLabel,
                    attachments: document.attachments.count, partOf: document.partOf, warnings: document.warnings,
                    commit: commit?.hex))
        case .skipped(let file, let reason):
            report.skipped.append(SkipLine(file: file, reason: text(for: reason), category: reason.category))
        }
    }

    /// The reason with what to do about it on the command line.
    func text(for reason: ImportSkip) -> String {
        switch reason {
        case .unknownPrefix, .noTypeForKind:
            return reason.description + ": import with --create-types to create it"
        case .noIdentifier:
            return reason.description + ", or import with --number to number it in the store's schemes"
        case .noKind:
            return reason.description + ", or give --type for every such file"
        case .record(let folder):
            return reason.description + ": skipped; import it with --include \(folder)"
        case .refused(let error):
            return ErrorMessage.text(for: error)
        default:
            return reason.description
        }
    }

    func printLine(for outcome: ImportOutcome) {
        switch outcome {
        case .type(let type, let commit):
            let verb = commit != nil ? "created type" : (createTypes ? "would create type" : "proposed type")
            Terminal.print(
                Terminal.safe(
                    "\(verb) \(type.name) (\(type.settings.title), prefix \(type.settings.prefix), "
                        + "\(type.settings.digits) digits) for \(type.documents) document(s)"
                        + (commit.map { " [\($0.short)]" } ?? "")))
        case .imported(let document, let commit):
            let attachments = document.attachments.isEmpty ? "" : " with \(document.attachments.count) linked file(s)"
            let version = document.version.map { "v\($0)" } ?? "as a draft"
            let label = document.versionLabel.map { " labelled \($0)" } ?? ""
            Terminal.print(
                Terminal.safe(
                    "\(commit == nil ? "would import" : "imported") \(document.id) \(version)\(label) "
                        + "(\(document.type): \(document.title))\(attachments) from \(document.source)"
                        + (document.partOf.isEmpty ? "" : ", part of \(document.partOf.joined(separator: ", "))")
                        + (commit.map { " [\($0.short)]" } ?? "")))
            for warning in document.warnings { Terminal.print(Terminal.safe("  note: \(warning)")) }
        case .skipped(let file, let reason):
            Terminal.print(Terminal.safe("skipped \(file): \(text(for: reason))"))
        }
    }

    func printTables() {
        let imported = report.imported.count
        let skipped = report.skipped.count
        Terminal.print("")
        Terminal.print("\(dryRun ? "Would import" : "Imported") \(imported) document(s); skipped \(skipped) file(s).")
        if imported > 0 {
            Terminal.print("")
            let types = Dictionary(grouping: report.imported, by: \.type)
            Terminal.table(
                ["TYPE", dryRun ? "WOULD IMPORT" : "IMPORTED"],
                types.keys.sorted().map { [$0, String(types[$0]!.count)] } + [["total", String(imported)]])
        }
        if skipped > 0 {
            Terminal.print("")
            let reasons = Dictionary(grouping: report.skipped, by: \.category)
            Terminal.table(
                ["SKIPPED BECAUSE", "FILES"],
                reasons.keys.sorted().map { [$0, String(reasons[$0]!.count)] } + [["total", String(skipped)]])
        }
        if !createTypes, !report.types.isEmpty {
            Terminal.print("")
            Terminal.print(
                "\(report.types.count) type(s) proposed above; run the import again with --create-types to create them."
            )
        }
    }
}

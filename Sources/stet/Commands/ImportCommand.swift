import ArgumentParser
import Foundation
import StetCore

struct ImportCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring an existing Markdown QMS into the store (controllers only).",
        discussion: """
            Each Markdown file becomes a document: id, title, type, version and effective date come from \
            its YAML front matter (id, title, type, version, effective), else from its file name through \
            --pattern, else the title from its first heading and the type from the id's prefix. Each is \
            recorded as an import event signed by the controller, naming the source file and its hash, \
            as the effective version (or, with --as-drafts, as a draft). Files a document links to are \
            kept with it. Prints what was imported and what was skipped, and why.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The folder to import.") var folder: String
    @Option(
        help: "A regular expression over file names (without extension) with named groups id, title, type, version.")
    var pattern: String?
    @Option(help: "The type for files whose type cannot be told otherwise.") var type: String?
    @Flag(help: "Import every document as a draft, to go through review and approval.") var asDrafts = false
    @Flag(help: "Show what would be imported, and import nothing.") var dryRun = false

    func execute() throws(StetError) {
        let store = try options.openStore()
        if !dryRun {
            // Refuse before reading anything: only a controller imports.
            let user = try options.userID()
            guard let record = try store.user(user) else { throw .unknownUser(user) }
            guard record.has(.controller) else {
                throw .missingRole(user: user, role: .controller, action: "import documents")
            }
        }
        let existing = Set(try store.documents().map(\.id))
        let plan = try FolderImport(pattern: pattern, defaultType: type).plan(
            folder: folder, configuration: try store.configuration(), existing: existing, asDrafts: asDrafts)
        var skipped = plan.skipped
        var imported = 0
        if dryRun {
            for document in plan.documents {
                Terminal.print(
                    Terminal.safe("would import \(document.id) \(describe(document)) from \(document.source)"))
            }
            imported = plan.documents.count
        } else if !plan.documents.isEmpty {
            let key = try options.signingKey()
            for document in plan.documents {
                do {
                    let recorded = try store.record(.importDocument(document), signedBy: key)
                    imported += 1
                    Terminal.print(
                        Terminal.safe(
                            "imported \(document.id) \(describe(document)) from \(document.source) [\(recorded.commit.short)]"
                        ))
                } catch .missingRole(let user, let role, let action) {
                    throw .missingRole(user: user, role: role, action: action)
                } catch .untrustedHistory(let commit, let problem) {
                    throw .untrustedHistory(commit: commit, problem: problem)
                } catch {
                    skipped.append((document.source, error.errorDescription ?? "\(error)"))
                }
            }
        }
        for entry in skipped { Terminal.print(Terminal.safe("skipped \(entry.file): \(entry.reason)")) }
        Terminal.print(
            "\(dryRun ? "Would import" : "Imported") \(imported) document(s); skipped \(skipped.count) file(s).")
    }

    private func describe(_ document: ImportedDocument) -> String {
        let attachments = document.attachments.isEmpty ? "" : " with \(document.attachments.count) linked file(s)"
        return (document.version.map { "v\($0)" } ?? "as a draft") + " (\(document.type): \(document.title))"
            + attachments
    }
}

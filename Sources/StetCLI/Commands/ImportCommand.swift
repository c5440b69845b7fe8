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
        let signer: ImportSigner? =
            dryRun
            ? nil
            : ImportSigner(user: try options.userID()) { [options] () throws(StetError) in
                try options.signingKey(for: try options.userID())
            }
        let (imported, skipped) = try options.location.openStore().importFolder(
            Invocation.current.path(folder), using: FolderImport(pattern: pattern, defaultType: type),
            asDrafts: asDrafts, signer: signer
        ) { outcome in
            switch outcome {
            case .imported(let document, nil):
                Terminal.print(
                    Terminal.safe("would import \(document.id) \(describe(document)) from \(document.source)"))
            case .imported(let document, let commit?):
                Terminal.print(
                    Terminal.safe(
                        "imported \(document.id) \(describe(document)) from \(document.source) [\(commit.short)]"))
            case .skipped(let file, let reason):
                Terminal.print(Terminal.safe("skipped \(file): \(reason)"))
            }
        }
        Terminal.print("\(dryRun ? "Would import" : "Imported") \(imported) document(s); skipped \(skipped) file(s).")
    }

    private func describe(_ document: ImportedDocument) -> String {
        let attachments = document.attachments.isEmpty ? "" : " with \(document.attachments.count) linked file(s)"
        return (document.version.map { "v\($0)" } ?? "as a draft") + " (\(document.type): \(document.title))"
            + attachments
    }
}

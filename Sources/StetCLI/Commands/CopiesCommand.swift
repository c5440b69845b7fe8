import ArgumentParser
import Foundation
import StetCore

struct CopiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copies",
        abstract: "The register of numbered controlled copies: issue, list, recall, and confirm destruction.",
        subcommands: [Issue.self, List.self, Recall.self, Destroyed.self])

    struct Issue: StetCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Issue a numbered controlled copy to a holder or location (controllers only).",
            discussion: """
                The copy carries its number and holder on every page and in its check code; the register \
                records the SHA-256 of the file written. A PDF is registered only once its text reads as the \
                copy Stet rendered; check-copy checks a copy by its content, never by the register alone.
                """)

        @OptionGroup var options: StoreOptions
        @Argument(help: "The document id.") var id: String
        @Option(help: "Who or where holds the copy, e.g. \"Reception bench 2\".") var to: String
        @Option(help: "An issued version (default: the one in force today).") var version: Int?
        @Option(help: "html or pdf (printed by headless Chromium).") var format: CopyFormat = .pdf
        @Option(help: "The file to write the copy to.") var output: String

        enum CopyFormat: String, ExpressibleByArgument {
            case html, pdf
        }

        func execute() throws(StetError) {
            let file = OutputFile(output)
            // Into a pipe or a device the copy would be out before the register took it, and could
            // not be taken back if it refused.
            guard !file.isSpecial else {
                throw .invalidText(
                    field: "output",
                    problem:
                        "\(output) is not a regular file; give a file for the numbered copy (registered once written)")
            }
            // A file already there is never replaced, so a refusal below, which takes the copy back,
            // never takes away what was there before (nor the file a link there names).
            var existing = stat()
            guard lstat(Invocation.current.path(output), &existing) != 0 else {
                throw .invalidText(
                    field: "output", problem: "\(output) already exists; give a new file for the numbered copy")
            }
            let id = try options.documentID(id)
            let snapshot = try options.snapshot()
            let number = (try snapshot.document(id).lastCopy ?? 0) + 1
            let issued = try snapshot.issuedVersion(of: id, version).version
            let numbered = ControlledCopy.Numbered(number: number, holder: to)
            var bytes = try ControlledCopy.render(
                snapshot, id: id, version: issued, on: snapshot.today, format: .html, numbered: numbered)
            if format == .pdf {
                bytes = try printedPDF(bytes)
                // The register records the file issued: only once its text is the copy Stet rendered.
                try ControlledCopy.confirmPrint(bytes, in: snapshot, numbered: numbered, pdftotext: try pdftotext())
            }
            // Written first, and removed if the register refuses it: no copy is out unregistered.
            try file.write(bytes)
            do {
                let recorded = try options.recordQuietly(
                    .issueCopy(
                        document: id, version: issued, number: number, holder: to,
                        file: ControlledCopy.fileHash(bytes)))
                Terminal.print(
                    Terminal.safe(recorded.event.summary + ", written to \(output) [\(recorded.commit.short)]"))
            } catch {
                file.remove()
                throw error
            }
        }
    }

    struct List: StetCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every registered copy: where it is, and which must be recalled.")

        @OptionGroup var location: StoreLocation
        @Option(help: "Only the copies of this document.") var document: String?
        @Flag(help: "Only copies still out (neither recalled nor destroyed).") var outstanding = false
        @Option(help: "text or json.") var format: OutputFormat = .text

        func execute() throws(StetError) {
            let snapshot = try location.snapshot()
            let only = try document.map { text throws(StetError) in try location.documentID(text) }
            let copies = try snapshot.copies(of: only).filter {
                !outstanding || $0.isOutstanding
            }
            if format == .json { return Terminal.json(copies) }
            if copies.isEmpty {
                return Terminal.print(outstanding ? "No copy is outstanding." : "No copies registered.")
            }
            var rows: [[String]] = []
            for copy in copies {
                let status = try ControlledCopy.standing(of: copy, in: snapshot, on: snapshot.today)
                let recall: String
                switch status {
                case .current, .notYetEffective: recall = ""
                default: recall = copy.isOutstanding ? "RECALL: v\(copy.version) is not in force" : ""
                }
                rows.append([
                    copy.name, copy.holder, copy.issued.day.description, copy.standing, recall,
                ])
            }
            Terminal.table(["COPY", "HOLDER", "ISSUED", "WHERE", "ACTION"], rows)
        }
    }

    struct Recall: StetCommand {
        static let configuration = CommandConfiguration(
            commandName: "recall", abstract: "Record that a copy is recalled (controllers only).")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The document id.") var id: String
        @Argument(help: "The copy's number.") var number: Int
        @Option(help: "Why it is recalled, e.g. \"superseded by v3\".") var reason: String

        func execute() throws(StetError) {
            try options.record(.recallCopy(document: try options.documentID(id), number: number, reason: reason))
        }
    }

    struct Destroyed: StetCommand {
        static let configuration = CommandConfiguration(
            commandName: "destroyed",
            abstract: "Confirm that a recalled copy was destroyed (controllers only).")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The document id.") var id: String
        @Argument(help: "The copy's number.") var number: Int

        func execute() throws(StetError) {
            try options.record(.destroyCopy(document: try options.documentID(id), number: number))
        }
    }
}

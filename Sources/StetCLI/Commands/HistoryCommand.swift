import ArgumentParser
import StetCore

struct HistoryCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Write a document's inspection pack: its whole history, every version, change and signature.",
        discussion: """
            Every event with who signed it, when, in what role, with what meaning and reason; every issued \
            version's text, the changes from the version before, the signatures it was issued on and who \
            acknowledged it. html is one self-contained file; pdf is printed by headless Chromium \
            ($STET_CHROMIUM or on PATH). It is a report for inspectors, not a controlled copy.
            """)

    @OptionGroup var location: StoreLocation
    @Argument(help: "The document id.") var id: String
    @Option(help: "text, html or pdf.") var format: PackFormat = .text
    @Option(help: "Write to this file instead of standard output.") var output: String?

    enum PackFormat: String, ExpressibleByArgument, CaseIterable {
        case text, html, pdf
    }

    func execute() throws(StetError) {
        let snapshot = try location.snapshot()
        let pack = try InspectionPack(
            of: try location.documentID(id), in: snapshot, generated: Invocation.current.now())
        var bytes: [UInt8]
        switch format {
        case .text: bytes = Array(try pack.text().utf8)
        case .html: bytes = Array(try pack.html().utf8)
        case .pdf: bytes = try printedPDF(Array(try pack.html().utf8))
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

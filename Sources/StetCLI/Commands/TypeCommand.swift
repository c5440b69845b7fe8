import ArgumentParser
import StetCore

struct TypeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "type", abstract: "List and configure document types: numbering, review interval, approvals.",
        subcommands: [List.self, Set.self])

    struct List: StetCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the document types.")

        @OptionGroup var location: StoreLocation
        @Option(help: "text or json.") var format: OutputFormat = .text

        func execute() throws(StetError) {
            let types = try location.snapshot().configuration().types
            if format == .json { return Terminal.json(types) }
            Terminal.table(
                ["TYPE", "TITLE", "NUMBERING", "REVIEW", "APPROVALS"],
                types.sorted { $0.key < $1.key }.map { name, type in
                    [
                        name, type.title, type.prefix + String(repeating: "0", count: type.digits),
                        "\(type.reviewIntervalMonths) months", String(type.approvalsRequired),
                    ]
                })
        }
    }

    struct Set: StetCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Add or change a document type (controllers only).",
            discussion: "Existing documents keep their ids; a new prefix applies to documents created afterwards.")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The type's name, e.g. sop.") var name: String
        @Option(help: "Its name for people.") var title: String?
        @Option(help: "The id prefix, e.g. SOP-.") var prefix: String?
        @Option(help: "Digits in the number.") var digits: Int?
        @Option(help: "Months between periodic reviews.") var reviewMonths: Int?
        @Option(help: "Distinct approvals a revision needs.") var approvals: Int?

        func execute() throws(StetError) {
            try options.record(
                .changeType(
                    name: name,
                    changes: .init(
                        title: title, prefix: prefix, digits: digits, reviewIntervalMonths: reviewMonths,
                        approvalsRequired: approvals)))
        }
    }
}

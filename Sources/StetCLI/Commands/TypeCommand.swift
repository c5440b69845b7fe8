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
            let configuration = try location.snapshot().configuration()
            if format == .json { return Terminal.json(configuration.types) }
            Terminal.table(
                ["TYPE", "TITLE", "NUMBERING", "REVIEW", "APPROVALS", "REVIEWER AND APPROVER"],
                configuration.types.sorted { $0.key < $1.key }.map { name, type in
                    [
                        name, type.title, type.prefix + String(repeating: "0", count: type.digits),
                        "\(type.reviewIntervalMonths) months", String(type.approvalsRequired),
                        configuration.format >= 3 && !type.allowsReviewerToApprove ? "differ" : "may be one person",
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
        @Option(help: "yes: one person may review and approve a revision; no (the default): they differ.")
        var reviewerMayApprove: YesOrNo?

        func execute() throws(StetError) {
            try options.record(
                .changeType(
                    name: name,
                    changes: .init(
                        title: title, prefix: prefix, digits: digits, reviewIntervalMonths: reviewMonths,
                        approvalsRequired: approvals, reviewerMayApprove: reviewerMayApprove.map { $0 == .yes })))
        }
    }
}

/// An answer given on the command line.
enum YesOrNo: String, ExpressibleByArgument {
    case yes, no
}

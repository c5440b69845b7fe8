import ArgumentParser
import StetCore

struct TodoCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "todo",
        abstract:
            "What waits for you: reviews, approvals, acknowledgements, periodic reviews, and for controllers, issues and recalls."
    )

    @OptionGroup var location: StoreLocation
    @Option(name: .long, help: "Whose list (default: $STET_USER).") var user: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func execute() throws(StetError) {
        let id = try actingUser(user)
        let items = try location.snapshot().todo(for: id)
        if format == .json { return Terminal.json(items) }
        if items.isEmpty { return Terminal.print("Nothing waits for \(id).") }
        Terminal.table(["WHAT", "DOCUMENT", "TO DO"], items.map { [$0.kind.rawValue, $0.document, $0.detail] })
    }
}

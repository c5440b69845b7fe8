import ArgumentParser
import StetCore

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings", abstract: "Show or change the store's settings: organisation and time zone.",
        subcommands: [Show.self, Set.self], defaultSubcommand: Show.self)

    struct Show: StetCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the store's settings.")

        @OptionGroup var location: StoreLocation

        func execute() throws(StetError) {
            let configuration = try location.snapshot().configuration()
            Terminal.table(
                ["SETTING", "VALUE"],
                [
                    ["organisation", configuration.organisation ?? "-"],
                    ["time zone", configuration.timeZone ?? "- (copies show UTC only)"],
                    [
                        "enrolment confirmation",
                        configuration.requiresEnrolmentConfirmation ? "required" : "not required",
                    ],
                ])
        }
    }

    struct Set: StetCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change the organisation copies name, or the time zone they show times in (controllers only).")

        @OptionGroup var options: StoreOptions
        @Option(help: "The organisation, shown on every page of a copy.") var organisation: String?
        @Option(help: "An IANA time zone such as Europe/London: copies show signature times in it beside UTC.")
        var timeZone: String?

        func execute() throws(StetError) {
            try options.record(.configureStore(organisation: organisation, timeZone: timeZone))
        }
    }
}

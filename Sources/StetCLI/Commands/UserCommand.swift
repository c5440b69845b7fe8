import ArgumentParser
import StetCore

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Enrol, list and revoke users.",
        subcommands: [Add.self, Confirm.self, List.self, Revoke.self, RequireConfirmation.self])

    struct Add: StetCommand {
        static let configuration = CommandConfiguration(abstract: "Enrol a user (controllers only).")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The new user's id.") var id: String
        @Option(help: "Their full printed name, shown with every signature.") var name: String
        @Option(help: "A role: author, reviewer, approver, controller, auditor, reader (repeatable).")
        var role: [Role] = []
        @Option(help: "Their public key, as 'stet keygen' printed it.") var key: String

        func execute() throws(StetError) {
            let user = NewUser(id: try UserID(id), name: name, roles: role, key: try PublicKey(openSSH: key))
            try options.record(.addUser(user))
        }
    }

    struct Confirm: StetCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm another controller's enrolment of a user, where the store requires it.")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The user whose enrolment to confirm.") var id: String

        func execute() throws(StetError) {
            try options.record(.confirmUser(id: try UserID(id)))
        }
    }

    struct RequireConfirmation: StetCommand {
        static let configuration = CommandConfiguration(
            commandName: "require-confirmation",
            abstract: "From now on, each enrolment needs a second controller's confirmation (cannot be undone).")

        @OptionGroup var options: StoreOptions

        func execute() throws(StetError) {
            try options.record(.requireEnrolmentConfirmation)
        }
    }

    struct List: StetCommand {
        static let configuration = CommandConfiguration(abstract: "List the store's users.")

        @OptionGroup var location: StoreLocation
        @Option(help: "text or json.") var format: OutputFormat = .text

        func execute() throws(StetError) {
            let users = try location.snapshot().users()
            if format == .json { return Terminal.json(users) }
            Terminal.table(
                ["ID", "NAME", "ROLES", "STATUS", "KEY"],
                users.map { user in
                    let key = user.keys.last.flatMap { try? PublicKey(openSSH: $0.key) }?.fingerprint ?? "-"
                    return [
                        user.id, user.name, user.roles.map(\.rawValue).joined(separator: ","), user.standing, key,
                    ]
                })
        }
    }

    struct Revoke: StetCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a user: they can no longer sign; their past signatures stay valid.")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The user to revoke.") var id: String
        @Option(help: "Why access is withdrawn.") var reason: String = "Access withdrawn by a controller"

        func execute() throws(StetError) {
            try options.record(.revokeUser(id: try UserID(id), reason: reason))
        }
    }
}

extension Role: ExpressibleByArgument {}

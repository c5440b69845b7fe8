import ArgumentParser
import StetCore

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Enrol, list and revoke users; change their keys and roles.",
        subcommands: [
            Add.self, Confirm.self, List.self, Revoke.self, Rekey.self, Roles.self, RequireConfirmation.self,
        ])

    struct Rekey: StetCommand {
        static let configuration = CommandConfiguration(
            commandName: "rekey",
            abstract: "Give a user a new signing key from now on; what they signed before stays valid.",
            discussion: """
                Without a user id and --key: makes you a new key, sealed under a new passphrase \
                (--new-passphrase-file, $STET_NEW_PASSPHRASE or a prompt), records it signed with your \
                current key, then puts it in your current key's place. A controller replaces another user's \
                key (lost, or feared known) with one they made: stet user rekey <id> --key <public key>.
                """)

        @OptionGroup var options: StoreOptions
        @Argument(help: "The user whose key changes (default: you).") var id: String?
        @Option(help: "Their new public key, as 'stet keygen' printed it (default: a new key made here).")
        var key: String?
        @Option(help: "Why the key changes.") var reason: String
        @Option(help: "With a new key made here: read its passphrase from this file's first line.")
        var newPassphraseFile: String?

        func execute() throws(StetError) {
            let acting = try options.userID()
            let subject = try id.map { text throws(StetError) in try UserID(text) } ?? acting
            if let key {
                return try options.record(.rekeyUser(id: subject, key: try PublicKey(openSSH: key), reason: reason))
            }
            guard subject == acting else {
                throw .invalidText(
                    field: "key", problem: "a new key for \(subject) must be made by them: give it with --key")
            }
            let home = options.home
            try KeyFile.whileRekeying(user: acting.text, home: home) { () throws(StetError) in
                // A re-keying stopped after the store recorded its key (a crash, a kill) is finished
                // by running it again: the recorded key is put in place, and never written over.
                if let pending = try KeyFile.pendingKey(user: acting.text, home: home) {
                    let recorded = try options.snapshot().user(acting)?.currentKey
                    if pending == recorded {
                        try KeyFile.adoptPending(user: acting.text, home: home)
                        return Terminal.note(
                            "An earlier re-keying of \(acting) was recorded but not finished: its new key "
                                + "(\(pending.fingerprint)) is now in place; sign with the passphrase you gave it.")
                    }
                    guard recorded == (try KeyFile.publicKey(user: acting.text, home: home)) else {
                        throw .invalidText(
                            field: "key",
                            problem: "the store records for \(acting) neither the key in your key file nor the new "
                                + "one beside it (\(KeyFile.pendingPath(forUser: acting.text, home: home))); ask a "
                                + "controller which key the store holds for you")
                    }
                    let aside = try KeyFile.setAsideUnrecordedPending(user: acting.text, home: home)
                    Terminal.note("A new key from an earlier re-keying was never recorded; set aside as \(aside).")
                }
                // The current key signs the change; the new one waits beside it until the store has it.
                let passphrase = try newPassphrase(for: acting, file: newPassphraseFile)
                let newKey = try KeyFile.generatePending(
                    user: acting.text, passphrase: passphrase, home: home,
                    derivation: Invocation.current.keyDerivation)
                try options.record(.rekeyUser(id: acting, key: newKey, reason: reason))
                try KeyFile.adoptPending(user: acting.text, home: home)
                Terminal.note(
                    "New key for \(acting) in place (\(newKey.fingerprint)); sign with your new passphrase from now on."
                )
            }
        }
    }

    struct Roles: StetCommand {
        static let configuration = CommandConfiguration(
            commandName: "roles",
            abstract: "Set a user's roles (controllers only); what they signed before is unchanged.")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The user whose roles change.") var id: String
        @Option(
            help:
                "Their roles from now on: author, reviewer, approver, controller, auditor, reader (comma-separated or repeated)."
        )
        var roles: [String]
        @Option(help: "Why the roles change.") var reason: String

        func execute() throws(StetError) {
            try options.record(
                .setRoles(id: try UserID(id), roles: try listValues(roles).map(Role.parse), reason: reason))
        }
    }

    struct Add: StetCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Enrol a user (controllers only).")

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
            commandName: "confirm",
            abstract: "Confirm another controller's enrolment of a user, where the store requires it.")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The user whose enrolment to confirm.") var id: String

        func execute() throws(StetError) {
            // What is confirmed is what this controller sees now, and the prompt names it: a key
            // or roles changed before the event is recorded are refused, not confirmed.
            let user = try UserID(id)
            guard let record = try options.snapshot().user(user) else { throw .unknownUser(id) }
            try options.record(
                .confirmUser(
                    id: user, key: record.keys.last.flatMap { try? PublicKey(openSSH: $0.key) }, roles: record.roles))
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
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the store's users.")

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
            commandName: "revoke",
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

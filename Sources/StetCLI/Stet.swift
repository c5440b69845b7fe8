import ArgumentParser
import StetCore

/// The `stet` command: its subcommands, and `run`, which the executable and in-process tests call.
public struct Stet: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "stet",
        abstract: "Document control for SOPs and policies: a signed, versioned store in plain git.",
        discussion: """
            A store is a bare git repository. Every event (create, edit, submit, review, approve, reject, \
            issue, retire, user and type changes) is one commit signed by its actor.

            Acting needs a user id (--user or STET_USER) and that user's passphrase (prompt, \
            --passphrase-file or STET_PASSPHRASE). Keys live in $STET_HOME (default ~/.stet). \
            The store is --store, STET_STORE, or the current folder.
            """,
        version: Stet.version,
        subcommands: [
            InitCommand.self, KeygenCommand.self, SignersCommand.self, UserCommand.self, TypeCommand.self,
            NewCommand.self, EditCommand.self, SubmitCommand.self, ReviewCommand.self, ApproveCommand.self,
            RejectCommand.self, ReassignCommand.self, WithdrawCommand.self, IssueCommand.self, RetireCommand.self,
            UpdateCommand.self, PassphraseCommand.self,
            ShowCommand.self, StatusCommand.self, ListCommand.self, LogCommand.self, HistoryCommand.self,
            DiffCommand.self,
            SearchCommand.self, RenderCommand.self, CheckCopyCommand.self, ReaffirmCommand.self,
            DistributeCommand.self, AcknowledgeCommand.self, AcknowledgementsCommand.self, ImportCommand.self,
            TodoCommand.self, CopiesCommand.self, SettingsCommand.self, AuditCommand.self, VerifyCommand.self,
        ])
}

extension Stet {
    /// This release, and the store format it reads and writes.
    public static let version = "stet 0.12 (store format \(StoreConfiguration.currentFormat))"

    /// Parses `arguments`, runs the command they name with `invocation`, and returns the exit
    /// status; what a failure prints goes to the invocation's console, as `stet` prints it.
    public static func run(_ arguments: [String], in invocation: Invocation = .process) -> Int32 {
        Invocation.$current.withValue(invocation) {
            do {
                var command = try parseAsRoot(arguments)
                try command.run()
                return 0
            } catch {
                let status = exitCode(for: error)
                let message = fullMessage(for: error)
                if !message.isEmpty {
                    invocation.console.write(
                        Array((message + "\n").utf8), to: status == .success ? .output : .error)
                }
                return status.rawValue
            }
        }
    }
}

/// A subcommand whose failures are Stet's own errors: printed as one line, exit status 1.
protocol StetCommand: ParsableCommand {
    func execute() throws(StetError)
}

extension StetCommand {
    func run() throws {
        do {
            try execute()
        } catch {
            Terminal.error(ErrorMessage.text(for: error))
            throw ExitCode(1)
        }
    }
}

import ArgumentParser
import StetCore

@main
struct Stet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stet",
        abstract: "Document control for SOPs and policies: a signed, versioned store in plain git.",
        discussion: """
            A store is a bare git repository. Every event (create, edit, submit, review, approve, reject, \
            issue, retire, user and type changes) is one commit signed by its actor.

            Acting needs a user id (--user or STET_USER) and that user's passphrase (prompt, \
            --passphrase-file or STET_PASSPHRASE). Keys live in $STET_HOME (default ~/.stet). \
            The store is --store, STET_STORE, or the current folder.
            """,
        subcommands: [
            InitCommand.self, KeygenCommand.self, SignersCommand.self, UserCommand.self, TypeCommand.self,
            NewCommand.self, EditCommand.self, SubmitCommand.self, ReviewCommand.self, ApproveCommand.self,
            RejectCommand.self, IssueCommand.self, RetireCommand.self,
            ShowCommand.self, StatusCommand.self, ListCommand.self, LogCommand.self, DiffCommand.self,
            SearchCommand.self, RenderCommand.self, CheckCopyCommand.self, ReaffirmCommand.self,
            DistributeCommand.self, AcknowledgeCommand.self, AcknowledgementsCommand.self, ImportCommand.self,
            AuditCommand.self, VerifyCommand.self,
        ])
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
            Terminal.error(error.errorDescription ?? "\(error)")
            throw ExitCode(1)
        }
    }
}

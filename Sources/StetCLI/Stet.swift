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
            ServeCommand.self,
        ])
}

extension Stet {
    /// This release, and the store format it reads and writes.
    public static let version =
        "stet 0.15 (new stores: format \(StoreConfiguration.currentFormat); reads and writes formats "
        + "\(StoreConfiguration.supportedFormats.lowerBound) to \(StoreConfiguration.supportedFormats.upperBound))"

    /// Parses `arguments`, runs the command they name with `invocation`, and returns the exit
    /// status; what a failure prints goes to the invocation's console, as `stet` prints it.
    public static func run(_ arguments: [String], in invocation: Invocation = .process) -> Int32 {
        run(arguments, in: invocation, shortcuts: true)
    }

    /// `run`, optionally without `ReadShortcuts`: tests compare the two.
    static func run(_ arguments: [String], in invocation: Invocation, shortcuts: Bool) -> Int32 {
        Invocation.$current.withValue(invocation) {
            do {
                let original = arguments
                let arguments = hoistingStoreOptions(arguments)
                if shortcuts, var command = ReadShortcuts.command(arguments), (try? command.validate()) != nil {
                    try command.run()
                    return 0
                }
                var command: ParsableCommand
                do { command = try parseAsRoot(arguments) } catch {
                    // Who acts, given before the subcommand (`stet --user dana list`, as a shell
                    // alias would), means nothing to a command that only reads: it is left out.
                    let reading = withoutLeadingIdentity(original)
                    guard reading != arguments, let parsed = try? parseAsRoot(reading) else { throw error }
                    command = parsed
                }
                try command.run()
                return 0
            } catch {
                let status = exitCode(for: error)
                let message = fullMessage(for: error)
                if status == .validationFailure, let line = usageError(message) {
                    // A usage error reads like any other error, and exits as one.
                    invocation.console.write(Array(("stet: error: " + line + "\n").utf8), to: .error)
                    return 1
                }
                if !message.isEmpty {
                    invocation.console.write(
                        Array((message + "\n").utf8), to: status == .success ? .output : .error)
                }
                return status.rawValue
            }
        }
    }
}

extension Stet {
    /// The options that say where the store is and who acts, as `git -C` does, are taken before
    /// the subcommand too: `stet --store X list` is `stet list --store X`.
    static let storeOptions = ["--store", "--user", "--passphrase-file"]

    /// `given`, hoisted, without the `--user` and `--passphrase-file` it had before its subcommand.
    static func withoutLeadingIdentity(_ given: [String]) -> [String] {
        var kept: [String] = []
        var rest = given[...]
        while let first = rest.first, let name = first.split(separator: "=").first.map(String.init),
            storeOptions.contains(name)
        {
            let taken = first.contains("=") ? 1 : min(2, rest.count)
            if name == "--store" { kept += rest.prefix(taken) }
            rest = rest.dropFirst(taken)
        }
        return hoistingStoreOptions(kept + rest)
    }

    static func hoistingStoreOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first, let name = first.split(separator: "=").first.map(String.init),
            storeOptions.contains(name)
        {
            if first.contains("=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else if rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var result = Array(rest)
        result.insert(contentsOf: leading, at: result.firstIndex(of: "--") ?? result.endIndex)
        return result
    }

    /// ArgumentParser's usage message as one line: what is wrong, and where help is.
    static func usageError(_ message: String) -> String? {
        let lines = message.split(separator: "\n").map(String.init)
        guard let first = lines.first, first.hasPrefix("Error: ") else { return nil }
        var statement = String(first.dropFirst("Error: ".count))
        if statement.hasSuffix("Please provide one of the following:") {
            let choices = lines.dropFirst().prefix { $0.hasPrefix("  - ") }.map { $0.dropFirst(4) }
            statement =
                statement.replacingOccurrences(of: " Please provide one of the following:", with: "")
                + " Give one of: " + choices.joined(separator: ", ") + "."
        }
        statement = statement.prefix(1).lowercased() + statement.dropFirst()
        if statement.hasSuffix(".") { statement.removeLast() }
        let help = lines.last { $0.contains("See '") }.flatMap { line -> String? in
            guard let start = line.range(of: "'"), let end = line.range(of: "'", options: .backwards),
                start.upperBound < end.lowerBound
            else { return nil }
            return String(line[start.upperBound..<end.lowerBound])
        }
        let command = help?.replacingOccurrences(of: " --help", with: "")
        for option in ["--user", "--passphrase-file"] where statement.hasPrefix("unknown option '\(option)'") {
            if let command, command != "stet" {
                return "\(command) only reads the store, so it takes no \(option): nothing is signed"
            }
        }
        return statement + (help.map { "; see '\($0)'" } ?? "")
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
            // A hint names only options the command being run has: its own name and options.
            let options = Set(
                Mirror(reflecting: self).children.compactMap { $0.label?.drop { $0 == "_" } }.map(String.init))
            Terminal.error(
                ErrorMessage.text(for: error, command: Self.configuration.commandName ?? "", options: options))
            throw ExitCode(1)
        }
    }
}

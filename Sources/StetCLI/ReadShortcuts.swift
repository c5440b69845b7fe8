import StetCore

/// The everyday reads (`show`, `list`, `log`) in their plain forms, parsed without
/// ArgumentParser.
///
/// ArgumentParser finds a command's options by reflection, and the Swift runtime resolves each
/// reflected type on first use: over 4 ms of a `stet show` that must answer within 10 ms of
/// `git cat-file`. A shortcut takes only `--name value`, `--name=value`, known flags and the
/// expected positional arguments, fills the same command type ArgumentParser would, and runs it
/// the same way; anything else (help, an unknown or repeated option, a value that does not parse,
/// `--`) goes to ArgumentParser, so every message and refusal stays its.
enum ReadShortcuts {
    /// The command `arguments` name, ready to run; nil when ArgumentParser should parse them.
    static func command(_ arguments: [String]) -> (any StetCommand)? {
        guard let name = arguments.first else { return nil }
        let rest = Array(arguments.dropFirst())
        switch name {
        case "show":
            guard
                let parsed = Parsed(
                    rest, options: ["--store", "--version", "--as-of", "--format"], flags: ["--draft", "--details"],
                    positionals: 1)
            else { return nil }
            var command = ShowCommand()
            guard let format = parsed.format, let version = parsed.integer("--version") else { return nil }
            command.location = parsed.location
            command.id = parsed.positionals[0]
            command.version = version
            command.draft = parsed.flags.contains("--draft")
            command.details = parsed.flags.contains("--details")
            command.asOf = parsed.values["--as-of"]
            command.format = format
            return command
        case "list":
            guard
                let parsed = Parsed(
                    rest, options: ["--store", "--state", "--type", "--as-of", "--within", "--clause", "--format"],
                    flags: ["--due"], positionals: 0)
            else { return nil }
            var command = ListCommand()
            guard let format = parsed.format, let within = parsed.integer("--within") else { return nil }
            command.location = parsed.location
            if let state = parsed.values["--state"] {
                guard let known = DocumentState(rawValue: state) else { return nil }
                command.state = known
            } else {
                command.state = nil
            }
            command.type = parsed.values["--type"]
            command.asOf = parsed.values["--as-of"]
            command.due = parsed.flags.contains("--due")
            command.within = within ?? 0
            command.clause = parsed.values["--clause"]
            command.format = format
            return command
        case "log":
            guard let parsed = Parsed(rest, options: ["--store", "--format"], flags: [], positionals: 1),
                let format = parsed.format
            else { return nil }
            var command = LogCommand()
            command.location = parsed.location
            command.id = parsed.positionals[0]
            command.format = format
            return command
        default:
            return nil
        }
    }

    /// Arguments split into options with values, flags and positionals; nil at anything else.
    struct Parsed {
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []

        init?(_ arguments: [String], options: Set<String>, flags known: Set<String>, positionals count: Int) {
            var index = 0
            while index < arguments.count {
                let argument = arguments[index]
                index += 1
                guard argument.hasPrefix("-") else {
                    positionals.append(argument)
                    continue
                }
                let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                if known.contains(name), parts.count == 1, !flags.contains(name) {
                    flags.insert(name)
                } else if options.contains(name), values[name] == nil {
                    if parts.count == 2 {
                        values[name] = String(parts[1])
                    } else {
                        guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                        values[name] = arguments[index]
                        index += 1
                    }
                } else {
                    return nil
                }
            }
            guard positionals.count == count else { return nil }
        }

        var location: StoreLocation {
            var location = StoreLocation()
            location.store = values["--store"]
            return location
        }

        var format: OutputFormat? {
            guard let text = values["--format"] else { return .text }
            return OutputFormat(rawValue: text)
        }

        /// The option's whole number: .some(nil) when absent, nil when it does not parse.
        func integer(_ name: String) -> Int?? {
            guard let text = values[name] else { return .some(nil) }
            guard let number = Int(text) else { return nil }
            return .some(number)
        }
    }
}

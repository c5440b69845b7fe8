import Foundation
import StetCore

/// What one run of `stet` is given besides its arguments: the environment, a console, a clock,
/// the folder relative paths start from, and how a key is unlocked.
///
/// The executable runs with the process's own (`Invocation.process`); tests run commands in
/// process with their own, many at once, since each run reads only the invocation it was given.
public struct Invocation: Sendable {
    public var environment: Environment
    /// Where relative paths on the command line start; nil: the process's working folder.
    public var currentDirectory: String?
    public var console: any Console
    public var now: @Sendable () -> Timestamp
    /// How a passphrase becomes the key that seals a key file: scrypt, which tests may memoise.
    public var keyDerivation: KeyDerivation

    public init(
        environment: [String: String], currentDirectory: String?, console: any Console,
        now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }, keyDerivation: KeyDerivation = .scrypt
    ) {
        self.init(
            environment: Environment(variables: environment), currentDirectory: currentDirectory, console: console,
            now: now, keyDerivation: keyDerivation)
    }

    init(
        environment: Environment, currentDirectory: String?, console: any Console,
        now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }, keyDerivation: KeyDerivation = .scrypt
    ) {
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.console = console
        self.now = now
        self.keyDerivation = keyDerivation
    }

    /// The process's environment, standard streams and terminal, and the system clock.
    public static var process: Invocation {
        Invocation(environment: Environment(variables: nil), currentDirectory: nil, console: ProcessConsole())
    }

    /// Environment variables by name: a test's own, or the process's, looked up one at a time
    /// (copying the whole environment into a dictionary through `ProcessInfo` was a measurable
    /// part of a command that takes milliseconds).
    public struct Environment: Sendable {
        let variables: [String: String]?

        public subscript(name: String) -> String? {
            guard let variables else { return getenv(name).map { String(cString: $0) } }
            return variables[name]
        }
    }

    /// The invocation the running command was given.
    @TaskLocal static var current = Invocation.process

    /// A path from the command line, made absolute against the working folder as the user sees it.
    func path(_ given: String) -> String {
        given.hasPrefix("/") ? given : workingFolder + "/" + given
    }

    /// The working folder, the default store, as the user sees it: `$PWD` (links kept, as `pwd`
    /// shows it) when it is this process's folder, else the folder with every link resolved. A
    /// store is known by the name the user gives it (see `VerifiedHeads`): a link on the way to it
    /// re-pointed at another store must not change that name without notice.
    var workingFolder: String {
        if let currentDirectory { return currentDirectory }
        var logical = stat()
        var physical = stat()
        if let shown = environment["PWD"], shown.hasPrefix("/"), stat(shown, &logical) == 0, stat(".", &physical) == 0,
            logical.st_dev == physical.st_dev, logical.st_ino == physical.st_ino
        {
            return shown
        }
        return FileManager.default.currentDirectoryPath
    }
}

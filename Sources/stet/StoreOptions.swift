import ArgumentParser
import Foundation
import StetCore

/// Where the store is: `--store`, else `$STET_STORE`, else the current folder.
struct StoreLocation: ParsableArguments {
    @Option(name: .long, help: "The store's folder (default: $STET_STORE, else the current folder).")
    var store: String?

    var path: String {
        store ?? ProcessInfo.processInfo.environment["STET_STORE"] ?? FileManager.default.currentDirectoryPath
    }

    /// The key folder: $STET_HOME, else ~/.stet.
    var home: String {
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["STET_HOME"], !home.isEmpty { return home }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.stet"
    }

    /// Opens the store and fixes the head this command reads, once the history up to it verifies.
    func openStore() throws(StetError) -> Store {
        let store = try openUnverified()
        try store.pinVerifiedHead()
        return store
    }

    /// Opens the store without checking its history first: for `verify`, which does nothing else.
    func openUnverified() throws(StetError) -> Store {
        let store = try Store.open(at: path)
        store.verifiedHeads = VerifiedHeads(home: home)
        return store
    }
}

/// The options every command that touches a store takes: where it is, and who is acting.
struct StoreOptions: ParsableArguments {
    @OptionGroup var location: StoreLocation

    @Option(name: .long, help: "Who is acting (default: $STET_USER).")
    var user: String?

    @Option(
        name: .long, help: "Read the passphrase from this file's first line (default: $STET_PASSPHRASE, else a prompt)."
    )
    var passphraseFile: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var home: String { location.home }

    func openStore() throws(StetError) -> Store {
        try location.openStore()
    }

    func userID() throws(StetError) -> String {
        guard let id = user ?? environment["STET_USER"], !id.isEmpty else { throw .noUser }
        return try Identifier.user(id)
    }

    /// The acting user's passphrase: the second of the two components a signature needs.
    func passphrase(for user: String, confirm: Bool = false) throws(StetError) -> String {
        if let passphraseFile {
            // A pipe such as <(pass show stet) is fine; only the first line, so the first 4 KiB, is read.
            guard let handle = FileHandle(forReadingAtPath: passphraseFile),
                let data = try? handle.read(upToCount: 4096)
            else {
                throw .fileUnreadable(path: passphraseFile, reason: "no such file, or not readable")
            }
            try? handle.close()
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .first
            return line.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) } ?? ""
        }
        if let passphrase = environment["STET_PASSPHRASE"] { return passphrase }
        guard let typed = Terminal.readSecret(prompt: "Passphrase for \(user): ") else {
            throw .noPassphrase(user: user)
        }
        if confirm {
            guard Terminal.readSecret(prompt: "Repeat the passphrase: ") == typed else {
                throw .invalidText(field: "passphrase", problem: "the two entries differ")
            }
        }
        return typed
    }

    /// Unlocks the acting user's key: user id and passphrase, both required (21 CFR 11.200).
    func signingKey() throws(StetError) -> SigningKey {
        let user = try userID()
        return try KeyFile.unlock(user: user, passphrase: passphrase(for: user), home: home)
    }

    /// Opens the store, unlocks the actor's key, records `action`, and prints what was recorded.
    func record(_ action: Action) throws(StetError) {
        let store = try location.openUnverified()
        // Check the user exists before asking for a passphrase they cannot use here.
        let user = try userID()
        guard try store.user(user) != nil else { throw .unknownUser(user) }
        let key = try signingKey()
        let recorded = try store.record(action, signedBy: key)
        Terminal.print(recorded.event.summary + " [\(recorded.commit.short)]")
    }
}

/// `--format text|json`, for commands a script may read.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

import ArgumentParser
import Foundation
import StetCore

/// Where the store is: `--store`, else `$STET_STORE`, else the current folder.
struct StoreLocation: ParsableArguments {
    @Option(name: .long, help: "The store's folder (default: $STET_STORE, else the current folder).")
    var store: String?

    var path: String {
        let invocation = Invocation.current
        return invocation.path(store ?? invocation.environment["STET_STORE"] ?? invocation.workingFolder)
    }

    /// The key folder: $STET_HOME, else ~/.stet.
    var home: String {
        let environment = Invocation.current.environment
        if let home = environment["STET_HOME"], !home.isEmpty { return Invocation.current.path(home) }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.stet"
    }

    /// The state this command reads: the head, once the history up to it verifies.
    func snapshot() throws(StetError) -> Snapshot {
        try openStore().snapshot()
    }

    /// Opens the store and fixes the head this command reads, once the history up to it verifies.
    func openStore() throws(StetError) -> Store {
        let store = try openUnverified()
        try store.pinVerifiedHead()
        return store
    }

    /// The document a person named: matched without regard to case; an id that matches none is
    /// refused with the nearest ones.
    func documentID(_ text: String) throws(StetError) -> DocumentID {
        try openUnverified().snapshot().documentID(named: text)
    }

    /// Opens the store without checking its history first: for `verify`, which does nothing
    /// else, and for writes, which check it before they sign.
    func openUnverified() throws(StetError) -> Store {
        let store = try Store.open(at: path, now: Invocation.current.now)
        store.verifiedHeads = VerifiedHeads(home: home)
        store.signatureCache = SignatureCache(home: home)
        store.registerCache = RegisterCache(home: home)
        store.auditCache = AuditCache(home: home)
        store.onNotice = { Terminal.note("stet: " + $0) }
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

    var home: String { location.home }

    func snapshot() throws(StetError) -> Snapshot {
        try location.snapshot()
    }

    func documentID(_ text: String) throws(StetError) -> DocumentID {
        try location.documentID(text)
    }

    func userID() throws(StetError) -> UserID {
        try actingUser(user)
    }

    /// The acting user's passphrase: the second of the two components a signature needs.
    func passphrase(
        for user: UserID, confirm: Bool = false, signing statement: String? = nil
    ) throws(StetError)
        -> String
    {
        if let passphraseFile {
            // A pipe such as <(pass show stet) is fine; only the first line, so the first 4 KiB, is read.
            let path = Invocation.current.path(passphraseFile)
            try requirePrivate(passphraseFile)
            guard let handle = FileHandle(forReadingAtPath: path),
                let data = try? handle.read(upToCount: Limits.passphraseLine)
            else {
                throw .fileUnreadable(path: passphraseFile, reason: "no such file, or not readable")
            }
            try? handle.close()
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .first
            return line.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) } ?? ""
        }
        if let passphrase = Invocation.current.environment["STET_PASSPHRASE"] { return passphrase }
        // What is about to be signed, said before the passphrase is asked for (21 CFR 11.50).
        let prompt = (statement.map { "Sign as \($0)\n" } ?? "") + "Passphrase for \(user): "
        guard let typed = Terminal.readSecret(prompt: prompt) else {
            throw .noPassphrase(user: user.text)
        }
        if confirm {
            guard Terminal.readSecret(prompt: "Repeat the passphrase: ") == typed else {
                throw .invalidText(field: "passphrase", problem: "the two entries differ")
            }
        }
        return typed
    }

    /// Unlocks `user`'s key: user id and passphrase, both required (21 CFR 11.200).
    func signingKey(for user: UserID, signing statement: String? = nil) throws(StetError) -> SigningKey {
        try KeyFile.unlock(
            user: user.text, passphrase: try passphrase(for: user, signing: statement), home: home,
            derivation: Invocation.current.keyDerivation)
    }

    /// Records `action` as the acting user and prints what was recorded.
    func record(_ action: Action) throws(StetError) {
        let recorded = try recordQuietly(action)
        Terminal.print(recorded.event.summary + " [\(recorded.commit.short)]")
    }

    /// Records `action` as the acting user; their passphrase is asked for only once the store knows them.
    func recordQuietly(_ action: Action) throws(StetError) -> RecordedEvent {
        let user = try userID()
        return try location.openUnverified().record(action, as: user) { record, snapshot throws(StetError) in
            try signingKey(for: user, signing: "\(record.name) (\(user)): \(snapshot.signingStatement(for: action))")
        }
    }
}

/// `--format text|json`, for commands a script may read.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Who is acting: `given` (`--user`), else `$STET_USER`.
func actingUser(_ given: String?) throws(StetError) -> UserID {
    guard let id = given ?? Invocation.current.environment["STET_USER"], !id.isEmpty else { throw .noUser }
    return try UserID(id)
}

/// `html` printed to PDF by headless Chromium: `$STET_CHROMIUM`, else the first on `PATH`.
func printedPDF(_ html: [UInt8]) throws(StetError) -> [UInt8] {
    let environment = Invocation.current.environment
    let chromium = try PDFPrinter.chromium(explicit: environment["STET_CHROMIUM"], path: environment["PATH"])
    return try PDFPrinter.pdf(html, chromium: chromium)
}

/// Refuses a passphrase file that others may read (a regular file with any group or other
/// permission): half of a signature, it must be as private as the key it unlocks. A pipe such
/// as `<(pass show stet)` has no such file.
func requirePrivate(_ given: String) throws(StetError) {
    var status = stat()
    guard stat(Invocation.current.path(given), &status) == 0, status.st_mode & S_IFMT == S_IFREG,
        status.st_mode & 0o077 != 0
    else { return }
    throw .passphraseFileExposed(path: given, mode: String(status.st_mode & 0o777, radix: 8))
}

/// The pdftotext on `PATH`, which reads a PDF copy's text to check it.
func pdftotext() throws(StetError) -> String {
    try ControlledCopy.pdftotext(path: Invocation.current.environment["PATH"])
}

/// The values of a list option given comma-separated, repeated, or both.
func listValues(_ values: [String]) -> [String] {
    values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
        !$0.isEmpty
    }
}

/// A file named on the command line, read whole up to `limit` bytes.
func readInput(_ path: String, limit: Int) throws(StetError) -> [UInt8] {
    try InputFile.read(Invocation.current.path(path), limit: limit)
}

/// Writes `bytes` to a file named on the command line (see `OutputFile`).
func writeOutput(_ bytes: [UInt8], to path: String) throws(StetError) {
    try OutputFile(path).write(bytes)
}

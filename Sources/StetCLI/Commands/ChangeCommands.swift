import ArgumentParser
import Foundation
import StetCore

struct UpdateCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract:
            "Change a document's title, owner, department or what it is part of, by a signed event (its owner or a controller).",
        discussion: "Copies and the register show the new details from now on; copies made before keep theirs.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "The new title.") var title: String?
    @Option(help: "The new owner, an author answerable for its periodic review.") var owner: String?
    @Option(help: "The department it belongs to.") var department: String?
    @Option(help: "A document it is part of (a form's procedure); repeatable. Replaces those recorded.")
    var partOf: [String] = []
    @Flag(help: "Record that it is part of no other document.") var partOfNone = false
    @Option(help: "Why the details change.") var reason: String

    func validate() throws {
        if partOfNone && !partOf.isEmpty { throw ValidationError("give --part-of or --part-of-none, not both") }
    }

    func execute() throws(StetError) {
        try options.record(
            .updateDocument(
                document: try options.documentID(id), title: title,
                owner: try owner.map { text throws(StetError) in try UserID(text) },
                department: department,
                partOf: partOfNone
                    ? []
                    : partOf.isEmpty ? nil : try partOf.map { text throws(StetError) in try options.documentID(text) },
                reason: reason))
    }
}

struct ReassignCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Name other reviewers or approvers for a revision in review (an author or a controller).",
        discussion: """
            A list not given stays as it is. Those who stay keep the signatures they gave; those replaced \
            take theirs with them. Use it to replace a reviewer or approver who has left or been revoked.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "The reviewers, comma-separated or repeated.") var reviewers: [String] = []
    @Option(help: "The approvers, comma-separated or repeated.") var approvers: [String] = []
    @Option(help: "Why they change.") var reason: String

    func execute() throws(StetError) {
        try options.record(
            .reassign(
                document: try options.documentID(id), reviewers: try UserID.list(listValues(reviewers)),
                approvers: try UserID.list(listValues(approvers)), reason: reason))
    }
}

struct WithdrawCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract:
            "Take a revision in review, or approved and not yet issued, back to draft (an author or a controller).",
        discussion: "Every review and approval on it lapses; submitting it again starts review afresh.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "Why it is withdrawn.") var reason: String

    func execute() throws(StetError) {
        try options.record(.withdraw(document: try options.documentID(id), reason: reason))
    }
}

struct PassphraseCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "passphrase",
        abstract: "Change the passphrase your key is sealed under; the key, and the store, stay as they are.")

    @OptionGroup var options: StoreOptions
    @Option(help: "Read the new passphrase from this file's first line (default: $STET_NEW_PASSPHRASE, else a prompt).")
    var newPassphraseFile: String?

    func execute() throws(StetError) {
        let user = try options.userID()
        let old = try options.passphrase(for: user)
        let new = try newPassphrase(for: user, file: newPassphraseFile)
        try KeyFile.changePassphrase(
            user: user.text, from: old, to: new, home: options.home, derivation: Invocation.current.keyDerivation)
        Terminal.print("The key of \(user) is now sealed under the new passphrase.")
    }
}

/// A new passphrase: from `file`, else `$STET_NEW_PASSPHRASE`, else typed twice.
func newPassphrase(for user: UserID, file: String?) throws(StetError) -> String {
    if let file {
        try requirePrivate(file)
        let bytes = try readInput(file, limit: Limits.passphraseLine)
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .first
        return line.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) } ?? ""
    }
    if let passphrase = Invocation.current.environment["STET_NEW_PASSPHRASE"] { return passphrase }
    guard let typed = Terminal.readSecret(prompt: "New passphrase for \(user): ") else {
        throw .noPassphrase(user: user.text)
    }
    guard Terminal.readSecret(prompt: "Repeat the new passphrase: ") == typed else {
        throw .invalidText(field: "passphrase", problem: "the two entries differ")
    }
    return typed
}

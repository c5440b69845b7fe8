import ArgumentParser
import Foundation
import StetCore

/// Reads a Markdown file given on the command line, and the files beside it that it links to.
private func readMarkdown(_ path: String) throws(StetError) -> (text: [UInt8], files: [String: [UInt8]]) {
    let text = try readInput(path, limit: Limits.documentSize)
    return (text, try LinkedFiles.read(linkedFrom: text, file: Invocation.current.path(path)))
}

struct NewCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create a document as revision 1 draft; prints its new id.",
        discussion:
            "Without --file the draft starts from the type's template. The title may come from the file's front matter. "
            + "Images and files the Markdown links to by relative path are stored with it."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document type, e.g. sop, policy, work-instruction, form.") var type: String
    @Option(help: "The document's title.") var title: String?
    @Option(help: "A Markdown file with the first draft.") var file: String?
    @Option(help: "Why the document is created.") var reason: String = "New document"

    func execute() throws(StetError) {
        let read = try file.map(readMarkdown)
        let action = try Action.newDocument(
            type: type, title: title, content: read?.text, reason: reason, attachments: read?.files ?? [:])
        let recorded = try options.recordQuietly(action)
        Terminal.print(recorded.event.document ?? "")
        Terminal.note(recorded.event.summary + " [\(recorded.commit.short)]")
    }
}

struct EditCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Record new draft content: revises the draft, or starts a new revision of an issued document.",
        discussion: "Images and files the Markdown links to by relative path are stored with it.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "The Markdown file with the new content.") var file: String
    @Option(help: "Why it changes.") var reason: String

    func execute() throws(StetError) {
        let read = try readMarkdown(file)
        try options.record(
            .edit(document: try options.documentID(id), content: read.text, reason: reason, attachments: read.files))
    }
}

struct SubmitCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Send a draft for review and approval by named users.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "Reviewer ids, comma-separated or repeated (resubmitting: the same as before unless given).")
    var reviewers: [String] = []
    @Option(help: "Approver ids, comma-separated or repeated (resubmitting: the same as before unless given).")
    var approvers: [String] = []

    func execute() throws(StetError) {
        try options.record(
            .submit(
                document: try options.documentID(id), reviewers: try UserID.list(listValues(reviewers)),
                approvers: try UserID.list(listValues(approvers))))
    }
}

struct ReviewCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Sign your review of a revision: accept it, or reject it back to draft.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Flag(help: "Accept the revision.") var accept = false
    @Flag(help: "Reject it back to its authors (needs --comment).") var reject = false
    @Option(help: "Your comment; required to reject.") var comment: String?

    func validate() throws {
        guard accept != reject else { throw ValidationError("give exactly one of --accept or --reject") }
    }

    func execute() throws(StetError) {
        try options.record(.review(document: try options.documentID(id), accept: accept, comment: comment))
    }
}

struct ApproveCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Sign your approval of a reviewed revision.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "An optional comment.") var comment: String?

    func execute() throws(StetError) {
        try options.record(.approve(document: try options.documentID(id), comment: comment))
    }
}

struct RejectCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "As an assigned approver, send a revision back to draft.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "Why it is rejected.") var reason: String

    func execute() throws(StetError) {
        try options.record(.reject(document: try options.documentID(id), reason: reason))
    }
}

struct IssueCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue", abstract: "Issue an approved revision as the next version (controllers only).")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "The day it takes effect, YYYY-MM-DD (default: today, UTC).") var effective: String?

    func execute() throws(StetError) {
        let id = try options.documentID(id)
        let recorded = try options.recordQuietly(.issue(document: id, effective: try effective.map(Day.parse)))
        Terminal.print(recorded.event.summary + " [\(recorded.commit.short)]")
        let recall = try options.snapshot().copiesToRecall(of: id, keeping: recorded.event.version ?? 0)
        if !recall.isEmpty {
            Terminal.print(
                Terminal.safe(
                    "Copies to recall once v\(recorded.event.version ?? 0) is in force: "
                        + recall.map { "\($0.name) (\($0.holder))" }.joined(separator: ", ")))
        }
    }
}

struct RetireCommand: StetCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Withdraw a document from use; its versions stay in history (controllers only).")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The document id.") var id: String
    @Option(help: "Why it is retired.") var reason: String

    func execute() throws(StetError) {
        try options.record(.retire(document: try options.documentID(id), reason: reason))
    }
}

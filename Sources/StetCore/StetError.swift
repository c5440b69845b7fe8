import Foundation
import StetGit

/// Everything Stet refuses or fails at, each with a one-line message that names the problem
/// and what to do about it.
public enum StetError: Error, LocalizedError, Equatable, Sendable, GitFailure {
    // Store and repository
    case storeNotFound(path: String)
    case storeExists(path: String)
    case notAStore(path: String, detail: String)
    /// A libgit2 call failed, with libgit2's own code and message.
    case git(GitError)
    /// The operating system or a library refused something Stet needed (a lock, a signature, a write).
    case system(String)
    case concurrentUpdate(attempts: Int)
    case storeLocked(lockFile: String)
    case storeCorrupt(String)
    /// The store is of a format this Stet does not know (a later Stet wrote it).
    case unsupportedFormat(Int)
    case clockBehind(last: String, now: String)
    /// The head (or a commit before it) fails verification: nothing is served or signed on it.
    case untrustedHistory(commit: String, problem: String)
    /// The head no longer descends from the one this user verified before: rolled back or replaced.
    case historyRewound(verified: String, head: String, record: String)
    case storeReplaced(path: String, verified: String, record: String)
    case copyBehind(newest: String, record: String)
    case nothingToCompare(document: String, version: Int)
    case passphraseFileExposed(path: String, mode: String)

    // Input
    case invalidDocumentID(String)
    case invalidUserID(String)
    case invalidTypeName(String)
    case invalidText(field: String, problem: String)
    case invalidDate(String)
    case invalidContent(String)
    case invalidFrontMatter(String)
    case invalidPublicKey(String)
    case keyInUse(owner: String)
    case fileUnreadable(path: String, reason: String)
    case fileTooLarge(path: String, size: Int, limit: Int)
    /// What was being written (an export, a copy) could not be: the disk is full, the pipe closed.
    case outputFailed(String)
    /// No Chromium to print a PDF with: nil when none was found, else the path given.
    case chromiumMissing(String?)
    case chromiumFailed(String)
    case pdfTextMissing
    case pdfTextFailed(String)

    // Identity
    case noUser
    case unknownUser(String)
    case userExists(String)
    case userRevoked(String)
    /// The store needs a second controller to confirm this user's enrolment, and none has.
    case enrolmentUnconfirmed(String)
    case selfConfirmation(user: String, controller: String)
    case missingRole(user: String, role: Role, action: String)
    case notOwnerOrController(user: String, document: String, owner: String, action: String)
    case keyMismatch(user: String)
    case keyExists(path: String)
    case keyMissing(user: String, path: String)
    case keyFileInvalid(path: String, reason: String)
    case keyFileExposed(path: String, mode: String)
    case wrongPassphrase(user: String)
    case weakPassphrase(minimum: Int)
    /// Long enough, but guessable: `reason` says why.
    case guessablePassphrase(reason: String)
    /// The key folder can be written by others, who could swap keys or caches in it.
    case keyFolderExposed(path: String, mode: String)
    case keyFolderNotOwned(path: String, owner: Int)
    case noPassphrase(user: String)

    // Documents and lifecycle
    case unknownType(String, known: [String])
    case newTypeIncomplete(String)
    /// No document has the id a person typed; `nearest` are those it may have meant.
    case noSuchDocument(String, nearest: [String])
    case noEffectiveVersion(String)
    case noSuchVersion(document: String, version: Int)
    case nothingInForce(document: String, day: String)
    case noDraft(String)
    case invalidTransition(document: String, state: String, action: String, allowed: String)
    case notAssigned(user: String, document: String, duty: String)
    case selfReview(user: String, document: String, duty: String)
    case reviewerApproves(user: String, document: String, type: String)
    case alreadySigned(user: String, document: String, duty: String)
    case tooFewApprovers(document: String, required: Int, given: Int)
    case reviewsOutstanding(document: String, pending: [String])
    case missingReason(action: String)
    case noReviewers(document: String)
    case noTitle
    case emptyDistribution(document: String)
    case noRoles(user: String)
    case signatureStale(document: String, user: String)
    case backdatedEffectiveDate(document: String, date: String, earliest: String)
    case unchangedContent(document: String)
    case copyNumberTaken(document: String, number: Int)
    case unknownCopy(document: String, number: Int)

    public var errorDescription: String? {
        switch self {
        case .storeNotFound(let path):
            "no Stet store at \(path)"
        case .storeExists(let path):
            "\(path) already exists: choose a new folder for the store"
        case .notAStore(let path, let detail):
            "\(path) is not a Stet store (\(detail))"
        case .git(let error):
            "the store could not be read or written: \(error.description)"
        case .system(let message):
            message
        case .concurrentUpdate(let attempts):
            "the store kept changing under this command (\(attempts) attempts): nothing was recorded; run it again"
        case .clockBehind(let last, let now):
            "the store's last event is dated \(last), later than this computer's clock (\(now)): if the clock is right, "
                + "that event is future-dated; verify the store and tell your document controller"
        case .storeReplaced(let path, let verified, let record):
            "\(path) is not the store you verified there before: it does not hold \(verified.prefix(12)), the head "
                + "verified under that name (a link or folder pointed at another store?); nothing is served or signed "
                + "on it: tell your document controller (only if the store was deliberately moved or re-created, delete \(record))"
        case .passphraseFileExposed(let path, let mode):
            "the passphrase file \(path) can be read by others (mode \(mode)): make it private (chmod 600 \(path)), "
                + "or give the passphrase through a pipe such as <(pass show stet)"
        case .nothingToCompare(let document, let version):
            "\(document) has no version before version \(version) and no draft: there is nothing to compare it with"
        case .copyBehind(let newest, let record):
            "this copy of the store does not hold \(newest.prefix(12)), the newest head you verified on it by another "
                + "path: it is behind (a mirror or backup not yet updated) or was rolled back; nothing is served or signed "
                + "on it: bring it up to date or use the store itself (only if it was deliberately restored, delete \(record))"
        case .historyRewound(let verified, let head, let record):
            "the store's head \(head.prefix(12)) does not descend from \(verified.prefix(12)), the head you verified "
                + "before: its history was rolled back or replaced; nothing is served or signed on it: tell your document "
                + "controller (only if the store was deliberately re-created or restored, delete \(record))"
        case .untrustedHistory(let commit, let problem):
            "the store fails verification at commit \(commit.prefix(12)) (\(problem)): nothing is served or signed on it; "
                + "verify the store and tell your document controller"
        case .storeLocked(let lockFile):
            "the store stayed locked by other writers (\(lockFile)) through every retry; nothing was recorded: try again"
        case .storeCorrupt(let message):
            "the store is damaged: \(message)"
        case .unsupportedFormat(let format):
            "the store is of format \(format), and this stet knows formats "
                + "\(StoreConfiguration.supportedFormats.lowerBound) to \(StoreConfiguration.supportedFormats.upperBound): "
                + "nothing was read or recorded; use a newer stet"
        case .invalidDocumentID(let id):
            "invalid document id '\(Text.printable(id))': ids are letters, digits, '.', '_' and '-', like SOP-0001"
        case .invalidUserID(let id):
            "invalid user id '\(Text.printable(id))': use 1-32 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"
        case .invalidTypeName(let name):
            "invalid document type '\(Text.printable(name))': use lowercase letters, digits and '-'"
        case .invalidText(let field, let problem):
            "invalid \(field): \(problem)"
        case .invalidDate(let text):
            "invalid date '\(Text.printable(text))': write it as YYYY-MM-DD"
        case .invalidContent(let problem):
            "invalid document content: \(problem)"
        case .invalidFrontMatter(let problem):
            "malformed front matter: \(problem); fix the YAML between the '---' lines"
        case .invalidPublicKey(let text):
            "invalid public key '\(Text.printable(String(text.prefix(40))))': give an OpenSSH Ed25519 key ('ssh-ed25519 AAAA...')"
        case .keyInUse(let owner):
            "that public key is already registered to \(owner): each person signs with their own key (21 CFR 11.100)"
        case .fileUnreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .chromiumMissing(let path):
            (path.map { "\($0) is not an executable program" } ?? "no Chromium found")
                + ": a PDF is printed by headless Chromium; install it (Debian: apt-get install chromium)"
        case .chromiumFailed(let reason):
            "Chromium could not print the PDF: \(reason)"
        case .pdfTextMissing:
            "no pdftotext found: a PDF copy is checked by its text, read with pdftotext; install it (Debian: apt-get install poppler-utils)"
        case .pdfTextFailed(let reason):
            "pdftotext could not read the PDF: \(reason)"
        case .outputFailed(let reason):
            "the output could not be written: \(reason)"
        case .fileTooLarge(let path, let size, let limit):
            "\(path) is \(size) bytes; the limit is \(limit) bytes (see SECURITY.md)"
        case .noUser:
            "no user given: say who is acting"
        case .unknownUser(let id):
            "unknown user '\(Text.printable(id))': a controller must enrol them first"
        case .userExists(let id):
            "user '\(id)' already exists"
        case .userRevoked(let id):
            "user '\(id)' has been revoked and can no longer sign"
        case .enrolmentUnconfirmed(let id):
            "\(id)'s enrolment waits for a second controller's confirmation: another controller must confirm it"
        case .selfConfirmation(let user, let controller):
            "\(controller) enrolled \(user) or gave them their key, and cannot also confirm that while another controller can: another controller must confirm it"
        case .missingRole(let user, let role, let action):
            "\(user) cannot \(action): it needs the \(role.rawValue) role"
        case .notOwnerOrController(let user, let document, let owner, let action):
            "\(user) cannot \(action) \(document): only its owner (\(owner)) or a controller can"
        case .keyMismatch(let user):
            "the key unlocked for \(user) is not the key the store has registered for them: use their current key file (after a re-keying that stopped, run stet user rekey again to put the recorded key in place)"
        case .keyExists(let path):
            "a key already exists at \(path): move it away first if you really mean to replace it"
        case .keyMissing(let user, let path):
            "no key for \(user) at \(path): create one first, or use the key folder that holds it"
        case .keyFileInvalid(let path, let reason):
            "key file \(path) is not usable: \(reason)"
        case .keyFileExposed(let path, let mode):
            "key file \(path) is accessible by others (mode \(mode)): run 'chmod 600 \(path)'"
        case .wrongPassphrase(let user):
            "wrong passphrase for \(user): nothing was signed"
        case .weakPassphrase(let minimum):
            "passphrase too short: use at least \(minimum) characters"
        case .guessablePassphrase(let reason):
            "passphrase too easy to guess (\(reason)): choose a few unrelated words"
        case .keyFolderExposed(let path, let mode):
            "\(path) can be written by others (mode \(mode)): run 'chmod go-w \(path)'; Stet keeps keys only where nobody else can replace them"
        case .keyFolderNotOwned(let path, let owner):
            "\(path) belongs to another user (uid \(owner)): use a key folder of your own"
        case .noPassphrase(let user):
            "no passphrase for \(user), and no terminal to ask for it on"
        case .unknownType(let type, let known):
            "unknown document type '\(Text.printable(type))': this store has \(known.joined(separator: ", "))"
        case .newTypeIncomplete(let name):
            "\(name) is a new document type: give its title and its id prefix"
        case .noSuchDocument(let id, let nearest):
            "no document \(id) in this store"
                + (nearest.isEmpty ? "" : "; did you mean \(nearest.joined(separator: ", "))?")
        case .noEffectiveVersion(let id):
            "\(id) has no effective version"
        case .noSuchVersion(let id, let version):
            "\(id) has no version \(version)"
        case .nothingInForce(let id, let day):
            "no version of \(id) was in force on \(day)"
        case .noDraft(let id):
            "\(id) has no working revision: an author starts one by recording new content"
        case .invalidTransition(let id, let state, let action, let allowed):
            "cannot \(action) \(id): it is \(state); from there \(allowed)"
        case .notAssigned(let user, let id, let duty):
            "\(user) is not an assigned \(duty) of \(id)"
        case .selfReview(let user, let id, let duty):
            "\(user) authored this revision of \(id) and cannot act as its \(duty)"
        case .reviewerApproves(let user, let id, let type):
            "\(user) cannot both review and approve \(id): documents of type \(type) need a reviewer and an approver who differ"
        case .alreadySigned(let user, let id, let duty):
            "\(user) has already signed the \(duty) of this revision of \(id)"
        case .tooFewApprovers(let id, let required, let given):
            "\(id) needs \(required) distinct approver(s), \(given) given"
        case .reviewsOutstanding(let id, let pending):
            "\(id) still waits for review by \(pending.joined(separator: ", "))"
        case .missingReason(let action):
            "\(action) needs a reason"
        case .noTitle:
            "a new document needs a title"
        case .noReviewers(let id):
            "\(id) needs at least one reviewer"
        case .emptyDistribution(let id):
            "the distribution of \(id) names nobody: name at least one user or role"
        case .noRoles(let user):
            "\(user) needs at least one role"
        case .signatureStale(let id, let user):
            "the signature of \(user) on \(id) was made on different content: the revision must be reviewed and approved again"
        case .backdatedEffectiveDate(let id, let date, let earliest):
            "\(id) cannot take effect on \(date): the earliest allowed date is \(earliest)"
        case .copyNumberTaken(let id, let number):
            "copy \(number) of \(id) has been issued meanwhile by another controller: issue the copy again"
        case .unknownCopy(let id, let number):
            "\(id) has no registered copy \(number)"
        case .unchangedContent(let id):
            "the new content of \(id) is identical to the current one: nothing to record"
        }
    }

    public init(_ error: GitError) {
        self = .git(error)
    }

    /// Any error met while reading or writing a store, as a Stet error: its own errors as they
    /// are, libgit2's and any other as a repository error naming what failed.
    init(from error: any Error) {
        switch error {
        case let error as StetError: self = error
        case let error as GitError: self.init(error)
        default: self = .system(String(describing: error))
        }
    }
}

import StetCore

/// What `stet` prints for an error: the domain's statement of the problem, and where the fix
/// is a command or an option, which one: an option only of the command that failed, by its
/// `command` name and the property names of its `options`.
enum ErrorMessage {
    static func text(for error: StetError, command: String = "", options: Set<String> = []) -> String {
        let statement = error.errorDescription ?? "\(error)"
        switch error {
        case .storeNotFound:
            return statement + ": give --store or STET_STORE, or create one with 'stet init'"
        case .notAStore:
            return statement + ": give the path of a store made by 'stet init'"
        case .clockBehind, .untrustedHistory:
            return statement + " ('stet verify' reports every problem)"
        case .storeCorrupt:
            return statement + "; run 'stet verify' for a full report"
        case .invalidTransition:
            return statement.replacingOccurrences(
                of: "an author can start a new revision,", with: "an author can start a new revision with 'stet edit',")
        case .invalidPublicKey:
            return statement + ", as 'stet keygen' prints"
        case .noUser:
            return "no user given: pass --user or set STET_USER"
        case .unknownUser:
            return statement + " with 'stet user add'"
        case .enrolmentUnconfirmed(let id):
            return statement + " ('stet user confirm \(id)')"
        case .keyMissing(let user, _):
            return statement + " ('stet keygen --user \(user)', or set STET_HOME)"
        case .keyFolderNotOwned:
            return statement + " (STET_HOME)"
        case .noPassphrase(let user):
            return "no passphrase for \(user): type it at the prompt, or give --passphrase-file or STET_PASSPHRASE"
        case .noSuchDocument(_, nearest: []):
            return statement + ": 'stet list' shows the register"
        case .noEffectiveVersion(let id):
            guard options.isSuperset(of: ["draft", "version"]) else {
                return statement + ": 'stet status \(id)' shows where it stands"
            }
            return statement
                + ": 'stet \(command) \(id) --draft' gives the working copy, 'stet \(command) \(id) --version N' an issued one"
        case .noSuchVersion(let id, _):
            return statement + ": 'stet log \(id)' shows its versions"
        case .noDraft:
            return statement + " ('stet edit')"
        case .missingReason:
            return statement + ": give one with --comment"
        case .chromiumMissing:
            return statement + ", or name it with STET_CHROMIUM"
        case .noTitle:
            return statement
                + (options.contains("title")
                    ? ": give --title (or a 'title:' in the file's front matter)"
                    : ": give it a 'title:' in its front matter")
        case .newTypeIncomplete:
            return statement + " with --title and --prefix"
        case .reviewerApproves(_, _, let type):
            return statement + " (name another, or allow it with 'stet type set \(type) --reviewer-may-approve yes')"
        case .noReviewers:
            return statement + ": name them with --reviewers"
        case .emptyDistribution:
            return statement + " with --users or --roles"
        case .noRoles:
            return statement + ": give at least one (--role when enrolling, --roles when changing them)"
        default:
            return statement
        }
    }
}

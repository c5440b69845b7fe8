import StetGit

/// Whether an event commit carries a good signature by the key its actor held at the time.
public enum SignatureStatus: Equatable, Sendable {
    case valid
    case unsigned
    /// The `gpgsig` header is not an SSHSIG in the git namespace that Stet can check.
    case unreadable
    /// The signature does not match the commit's content.
    case altered
    /// A good signature, but by a key that was not the actor's valid key at that time.
    case wrongKey(fingerprint: String)

    public var isValid: Bool { self == .valid }

    /// The problem, in words, for a verification report.
    func problem(actor: String, time: Timestamp) -> String? {
        switch self {
        case .valid: nil
        case .unsigned: "it is not signed"
        case .unreadable: "its signature is not an SSH signature in the git namespace"
        case .altered: "its signature does not match its content (altered after signing)"
        case .wrongKey(let fingerprint):
            "it is signed with key \(fingerprint), which was not \(actor)'s valid key at \(time)"
        }
    }

    /// Checks the signature of `commit`; `expectedKey` is the key its actor held at the time, if any.
    static func of(_ commit: ObjectID, in repository: Repository, expectedKey: PublicKey?) throws -> SignatureStatus {
        try SignatureChecker.result(of: commit, known: [:], in: repository).status(expecting: expectedKey)
    }
}

extension Event {
    /// The key the actor had to sign with, per the user files of the state before the event.
    /// `keys`: lines parsed before, as a replay keeps them.
    func expectedKey(
        before: some StateReader, at time: Timestamp, keys: ParsedKeys = ParsedKeys()
    ) throws
        -> PublicKey?
    {
        if case .initialize(let controller, _) = payload { return keys.key(controller.key) }
        return try before.user(actor)?.keyPeriod(at: time).flatMap { keys.key($0.key) }
    }
}

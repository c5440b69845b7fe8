/// A person enrolled in a store: `config/users/<id>.json`.
public struct User: Codable, Equatable, Sendable {
    public var id: String
    /// The printed name shown with every signature (21 CFR 11.50).
    public var name: String
    public var roles: [Role]
    /// Every key the user has had, oldest first; at most one is valid at any moment.
    public var keys: [KeyPeriod]
    public var added: Timestamp
    public var addedBy: String
    public var revocation: Revocation?
    /// Set while the store requires a second controller to confirm enrolments and none has yet:
    /// the user can neither sign nor be assigned until then.
    public var awaitsConfirmation: Bool?
    /// The second controller who confirmed the enrolment, when the store requires one.
    public var confirmation: Confirmation?
    /// The controller who last gave the user a key they did not sign for themselves, or more
    /// roles: with four eyes required, another controller confirms that before the user signs.
    public var changedBy: String?

    /// A public key and the period in which signatures made with it are valid.
    public struct KeyPeriod: Codable, Equatable, Sendable {
        public var key: String
        public var validFrom: Timestamp
        /// The first moment the key is no longer valid; nil while it still is.
        public var validUntil: Timestamp?
    }

    /// Why and when a user lost the right to sign.
    public struct Revocation: Codable, Equatable, Sendable {
        public var at: Timestamp
        public var by: String
        public var reason: String
    }

    /// Who confirmed an enrolment, and when.
    public struct Confirmation: Codable, Equatable, Sendable {
        public var at: Timestamp
        public var by: String
        /// Set when the enroller confirmed as the only active controller: four eyes were not possible.
        public var alone: Bool?
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }

    /// Whether the user still waits for a second controller's confirmation.
    public var isPending: Bool { awaitsConfirmation == true }

    /// Who may not confirm what a pending user waits for: whoever changed their key or roles, and
    /// their enroller while the enrolment was never confirmed.
    public var pendingChangeMakers: [String] {
        guard isPending else { return [] }
        return [changedBy, confirmation == nil ? addedBy : nil].compactMap { $0 }
    }

    /// The key the user signs with from now on: the one no event has ended.
    public var currentKey: PublicKey? {
        keys.last(where: { $0.validUntil == nil }).flatMap { try? PublicKey(openSSH: $0.key) }
    }

    /// The key valid at `time`, if any.
    public func key(at time: Timestamp) -> PublicKey? {
        keyPeriod(at: time).flatMap { try? PublicKey(openSSH: $0.key) }
    }

    /// The period of the key valid at `time`, if any.
    public func keyPeriod(at time: Timestamp) -> KeyPeriod? {
        // In the second of a key change both periods include the moment: the newer key is the
        // one valid from the change on (the change itself was checked against the state before it).
        keys.last { $0.validFrom <= time && ($0.validUntil.map { time < $0 } ?? true) }
    }

    public var isRevoked: Bool { revocation != nil }
}

/// What a controller gives to enrol a user.
extension User {
    /// Whether and since when the user may sign, and who enrolled and confirmed them.
    public var standing: String {
        if let revocation { return "revoked \(revocation.at)" }
        if isPending { return "awaits confirmation (enrolled by \(addedBy))" }
        return "active since \(added)"
            + (confirmation.map { " (enrolled by \(addedBy), confirmed by \($0.by))" } ?? "")
    }
}

public struct NewUser: Sendable, Equatable {
    public var id: UserID
    public var name: String
    public var roles: [Role]
    public var key: PublicKey

    public init(id: UserID, name: String, roles: [Role], key: PublicKey) {
        self.id = id
        self.name = name
        self.roles = roles
        self.key = key
    }
}

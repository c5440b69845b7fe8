import Foundation

/// Users (enrol, revoke, confirm) and the store's configuration (enrolment rule, document types).
extension Rules {
    func newUserRecord(_ user: NewUser, roles extra: [Role] = []) throws(StetError) -> User {
        let id = user.id.text
        let name = try Text.singleLine(user.name, field: "name")
        let roles = Array(Set(user.roles + extra)).sorted()
        guard !roles.isEmpty else { throw .noRoles(user: id) }
        var record = User(
            id: id, name: name, roles: roles, keys: [.init(key: user.key.openSSH, validFrom: time, validUntil: nil)],
            added: time, addedBy: context.actor, revocation: nil)
        if context.parent != nil, try state.configuration().requiresEnrolmentConfirmation {
            record.awaitsConfirmation = true
        }
        return record
    }

    mutating func initialize(controller: NewUser, configuration: StoreConfiguration) throws(StetError) -> Event {
        guard context.parent == nil else { throw .storeCorrupt("a store can only be created once") }
        guard controller.id.text == context.actor else { throw .keyMismatch(user: context.actor) }
        let user = try newUserRecord(controller, roles: [.controller])
        // The first event's settings pass the checks later changes to them pass: a store must not
        // start with a type no `type set` could make (a review interval of Int64.max months).
        try Self.checkInitial(configuration)
        let configurationBytes = StateCoding.encode(configuration)
        writes.append((Layout.configuration, configurationBytes))
        writes.append((Layout.user(user.id), StateCoding.encode(user)))
        return administration(
            .initialize(
                .init(user: user.id, name: user.name, roles: user.roles, key: controller.key.openSSH),
                configurationHash: StateCoding.contentHash(configurationBytes)),
            actor: user)
    }

    mutating func addUser(_ newUser: NewUser) throws(StetError) -> Event {
        let controller = try actor(.controller, to: "add users")
        let user = try newUserRecord(newUser)
        guard try state.user(user.id) == nil else { throw .userExists(user.id) }
        // Two accounts must never pass as one person on a signature.
        let key = Text.nameKey(user.name)
        for other in try state.users() where Text.nameKey(other.name) == key {
            throw .invalidText(
                field: "name",
                problem: "'\(user.name)' is already the printed name of \(other.id); add what tells them apart "
                    + "(a middle initial, a department)")
        }
        for other in try state.users() where other.keys.contains(where: { $0.key == newUser.key.openSSH }) {
            throw .keyInUse(owner: other.id)
        }
        writes.append((Layout.user(user.id), StateCoding.encode(user)))
        return administration(
            .addUser(.init(user: user.id, name: user.name, roles: user.roles, key: newUser.key.openSSH)),
            actor: controller)
    }

    mutating func revokeUser(id userID: UserID, reason rawReason: String) throws(StetError) -> Event {
        let controller = try actor(.controller, to: "revoke users")
        let id = userID.text
        guard var user = try state.user(id) else { throw .unknownUser(id) }
        guard !user.isRevoked else { throw .userRevoked(id) }
        let reason = try Text.singleLine(rawReason, field: "reason")
        if user.has(.controller) && !user.isPending {
            let others = try state.users().filter {
                $0.id != id && $0.has(.controller) && !$0.isRevoked && !$0.isPending
            }
            guard !others.isEmpty else {
                throw .invalidText(
                    field: "revocation", problem: "\(id) is the last controller; add another controller first")
            }
        }
        user.revocation = .init(at: time, by: controller.id, reason: reason)
        // Valid up to the end of this second: anything the user signed before this event, in
        // the same second, stays valid; the chain order already shuts them out after it.
        for index in user.keys.indices where user.keys[index].validUntil == nil {
            user.keys[index].validUntil = Timestamp(seconds: time.seconds + 1)
        }
        writes.append((Layout.user(id), StateCoding.encode(user)))
        return administration(.revokeUser(user: id, reason: reason), actor: controller)
    }

    mutating func confirmUser(id userID: UserID, key: PublicKey?, roles: [Role]?) throws(StetError) -> Event {
        let controller = try actor(.controller, to: "confirm enrolments")
        let id = userID.text
        guard var user = try state.user(id) else { throw .unknownUser(id) }
        guard user.isPending else {
            throw .invalidText(field: "confirmation", problem: "\(id) does not wait for a confirmation")
        }
        guard !user.isRevoked else { throw .userRevoked(id) }
        // What the confirming controller checked must be what is confirmed: a key or roles
        // changed meanwhile (another controller's re-keying) are not confirmed by mistake.
        let current = user.keys.last.flatMap { try? PublicKey(openSSH: $0.key) }
        if let key, key != current {
            throw .invalidText(
                field: "confirmation",
                problem: "\(id)'s key is now \(current?.fingerprint ?? "none"), not \(key.fingerprint): check it again")
        }
        if let roles, Set(roles) != Set(user.roles) {
            throw .invalidText(
                field: "confirmation",
                problem: "\(id)'s roles are now \(user.roles.map(\.rawValue).joined(separator: ", ")): check them again"
            )
        }
        // Whoever changed the user's key or roles, and the enroller of a user never confirmed,
        // cannot confirm it too (but see the one controller left, below).
        let makers = user.pendingChangeMakers
        // The enroller confirms only as the one controller left, so a store that lost its other
        // controllers (or one who will not confirm, and was revoked) can still go on; the
        // confirmation says so, and verify shows it.
        var alone = false
        if makers.contains(controller.id) || (user.changedBy == nil && user.addedBy == controller.id) {
            guard try activeControllers().map(\.id) == [controller.id] else {
                throw .selfConfirmation(user: id, controller: controller.id)
            }
            alone = true
        }
        user.awaitsConfirmation = nil
        user.confirmation = .init(at: time, by: controller.id, alone: alone ? true : nil)
        writes.append((Layout.user(id), StateCoding.encode(user)))
        return administration(
            .confirmUser(
                user: id, name: user.name, key: key?.openSSH, roles: roles.map { Array(Set($0)).sorted() }),
            actor: controller)
    }

    mutating func requireEnrolmentConfirmation() throws(StetError) -> Event {
        let controller = try actor(.controller, to: "change enrolment rules")
        var configuration = try state.configuration()
        guard !configuration.requiresEnrolmentConfirmation else {
            throw .invalidText(field: "enrolment confirmation", problem: "it is already required")
        }
        guard try activeControllers().count >= 2 else {
            throw .invalidText(
                field: "enrolment confirmation",
                problem: "it needs a second controller to confirm; enrol another controller first")
        }
        configuration.enrolmentConfirmation = true
        writes.append((Layout.configuration, StateCoding.encode(configuration)))
        return administration(.requireEnrolmentConfirmation, actor: controller)
    }

    mutating func configureStore(organisation: String?, timeZone: String?) throws(StetError) -> Event {
        let controller = try actor(.controller, to: "change the store's settings")
        var configuration = try state.configuration()
        if let organisation { configuration.organisation = try Text.singleLine(organisation, field: "organisation") }
        if let timeZone {
            try Self.checkTimeZone(timeZone)
            configuration.timeZone = timeZone
        }
        guard organisation != nil || timeZone != nil else {
            throw .invalidText(field: "settings", problem: "nothing to change")
        }
        writes.append((Layout.configuration, StateCoding.encode(configuration)))
        return administration(
            .configureStore(organisation: configuration.organisation, timeZone: configuration.timeZone),
            actor: controller)
    }

    mutating func changeType(
        name rawName: String, changes: StoreConfiguration.TypeChanges
    ) throws(StetError)
        -> Event
    {
        _ = try actor(.controller, to: "configure document types")
        let name = try Identifier.type(rawName)
        let existing = try state.configuration().types[name]
        // Asked for more approvals than there are approvers, no revision of the type could be
        // issued. Said when the change is asked for (the replay takes the settings as recorded:
        // approvers come and go).
        if let required = changes.approvalsRequired, required > (existing?.approvalsRequired ?? 1) {
            let approvers = try state.users().filter { !$0.isRevoked && !$0.isPending && $0.roles.contains(.approver) }
            guard required <= approvers.count else {
                throw .invalidText(
                    field: "approvals",
                    problem:
                        "\(required) approvals would be needed for each revision and \(approvers.count) approver\(approvers.count == 1 ? " is" : "s are") enrolled"
                        + (approvers.isEmpty ? "" : " (\(approvers.map(\.id).sorted().joined(separator: ", ")))")
                        + ": enrol more approvers first, or give at most \(approvers.count)")
            }
        }
        return try setType(
            name: name, settings: try StoreConfiguration.DocumentType.updating(existing, name: name, changes))
    }

    mutating func setType(name rawName: String, settings: StoreConfiguration.DocumentType) throws(StetError) -> Event {
        let controller = try actor(.controller, to: "configure document types")
        let name = try Identifier.type(rawName)
        var configuration = try state.configuration()
        let settings = try Self.checked(settings, for: name, among: configuration)
        configuration.types[name] = settings
        writes.append((Layout.configuration, StateCoding.encode(configuration)))
        return administration(
            .setType(
                name: name,
                .init(
                    title: settings.title, prefix: settings.prefix, digits: settings.digits,
                    reviewMonths: settings.reviewIntervalMonths, approvals: settings.approvalsRequired,
                    reviewerMayApprove: settings.reviewerMayApprove)),
            actor: controller)
    }

    /// The store's first settings, checked as `type set` and `settings` check later changes.
    static func checkInitial(_ configuration: StoreConfiguration) throws(StetError) {
        guard StoreConfiguration.supportedFormats.contains(configuration.format) else {
            throw .unsupportedFormat(configuration.format)
        }
        for (name, settings) in configuration.types {
            guard (try? Identifier.type(name)) == name else {
                throw .invalidText(field: "type", problem: "'\(Text.printable(name))' is not a type name")
            }
            guard try checked(settings, for: name, among: configuration) == settings else {
                throw .invalidText(field: "type title", problem: "the title of \(name) is not in its written form")
            }
        }
        if let organisation = configuration.organisation {
            guard try Text.singleLine(organisation, field: "organisation") == organisation else {
                throw .invalidText(field: "organisation", problem: "it is not in its written form")
            }
        }
        if let timeZone = configuration.timeZone { try checkTimeZone(timeZone) }
    }

    static func checkTimeZone(_ timeZone: String) throws(StetError) {
        guard TimeZone(identifier: timeZone) != nil, timeZone.contains("/") || timeZone == "UTC" else {
            throw .invalidText(
                field: "time zone", problem: "'\(Text.printable(timeZone))' is not a time zone name like Europe/London")
        }
    }

    /// A type's settings as `type set` accepts them: every number within its range, a prefix no
    /// other type uses, a one-line title.
    static func checked(
        _ settings: StoreConfiguration.DocumentType, for name: String, among configuration: StoreConfiguration
    ) throws(StetError) -> StoreConfiguration.DocumentType {
        var settings = settings
        settings.title = try Text.singleLine(settings.title, field: "type title")
        guard !settings.prefix.isEmpty, settings.prefix.count <= 16,
            settings.prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }),
            settings.prefix.first?.isLetter == true
        else {
            throw .invalidText(
                field: "prefix", problem: "use 1-16 ASCII letters, digits, '.', '_' or '-', starting with a letter")
        }
        if let other = configuration.types.first(where: { $0.key != name && $0.value.prefix == settings.prefix }) {
            throw .invalidText(field: "prefix", problem: "'\(settings.prefix)' is already used by type \(other.key)")
        }
        guard (1...9).contains(settings.digits) else { throw .invalidText(field: "digits", problem: "use 1 to 9") }
        guard (1...120).contains(settings.reviewIntervalMonths) else {
            throw .invalidText(field: "review interval", problem: "use 1 to 120 months")
        }
        guard (1...9).contains(settings.approvalsRequired) else {
            throw .invalidText(field: "approvals", problem: "use 1 to 9")
        }
        // Written only as true: absent is the one way to say "must differ".
        if settings.reviewerMayApprove == false { settings.reviewerMayApprove = nil }
        if settings.reviewerMayApprove != nil, configuration.format < 3 {
            throw .invalidText(
                field: "reviewer may approve",
                problem: "a store of format \(configuration.format) has no such setting (stores of format 3 on do)")
        }
        return settings
    }
}

/// A user's key and roles, changed after enrolment.
extension Rules {
    mutating func rekeyUser(id userID: UserID, key: PublicKey, reason rawReason: String) throws(StetError) -> Event {
        let actor = try state.activeUser(context.actor)
        let id = userID.text
        guard actor.has(.controller) || actor.id == id else {
            throw .missingRole(user: actor.id, role: .controller, action: "give another user a new key")
        }
        guard var user = try state.user(id) else { throw .unknownUser(id) }
        guard !user.isRevoked else { throw .userRevoked(id) }
        try requireNoOtherPendingChange(to: user, by: actor.id)
        let reason = try Text.singleLine(rawReason, field: "reason")
        for other in try state.users() where other.keys.contains(where: { $0.key == key.openSSH }) {
            throw .keyInUse(owner: other.id)
        }
        // The old key stays valid for what was signed with it, up to the end of this second; the
        // new one is valid from this event on (`User.key(at:)` prefers it within that second).
        for index in user.keys.indices where user.keys[index].validUntil == nil {
            user.keys[index].validUntil = Timestamp(seconds: time.seconds + 1)
        }
        user.keys.append(.init(key: key.openSSH, validFrom: time, validUntil: nil))
        // A key one controller gives another user could let that controller sign as them: where
        // enrolments need a second controller, so does such a key.
        if actor.id != id, try state.configuration().requiresEnrolmentConfirmation {
            try requireConfirmer(besides: actor.id, and: id)
            user.awaitsConfirmation = true
            user.changedBy = actor.id
        } else if actor.id == id {
            user.changedBy = nil
        }
        writes.append((Layout.user(id), StateCoding.encode(user)))
        let role: Role = actor.has(.controller) ? .controller : actor.roles.first ?? .reader
        return administration(
            .rekeyUser(user: id, name: user.name, key: key.openSSH, reason: reason), actor: actor, role: role)
    }

    mutating func setRoles(
        id userID: UserID, roles newRoles: [Role], reason rawReason: String
    ) throws(StetError)
        -> Event
    {
        let controller = try actor(.controller, to: "change users' roles")
        let id = userID.text
        guard var user = try state.user(id) else { throw .unknownUser(id) }
        guard !user.isRevoked else { throw .userRevoked(id) }
        try requireNoOtherPendingChange(to: user, by: controller.id)
        let reason = try Text.singleLine(rawReason, field: "reason")
        let roles = Array(Set(newRoles)).sorted()
        guard !roles.isEmpty else { throw .noRoles(user: id) }
        guard roles != user.roles else {
            throw .invalidText(field: "roles", problem: "\(id) already has exactly these roles")
        }
        if user.has(.controller) && !roles.contains(.controller) && !user.isPending {
            guard try activeControllers().contains(where: { $0.id != id }) else {
                throw .invalidText(
                    field: "roles", problem: "\(id) is the last controller; give another user the controller role first"
                )
            }
        }
        // More power given by one controller waits for another's confirmation, as an enrolment
        // does; taking roles away does not.
        if !Set(roles).isSubset(of: user.roles), try state.configuration().requiresEnrolmentConfirmation {
            try requireConfirmer(besides: controller.id, and: id)
            user.awaitsConfirmation = true
            user.changedBy = controller.id
        }
        user.roles = roles
        writes.append((Layout.user(id), StateCoding.encode(user)))
        return administration(
            .setRoles(user: id, name: user.name, roles: roles, reason: reason), actor: controller)
    }

    /// Whoever made any part of a pending change can never confirm it, and the record names one
    /// maker (`changedBy`): so while a change waits, only its maker may add to it. Another
    /// controller's key or roles on top would make them the maker, and free the first maker to
    /// confirm a key they hold (or a role they gave). Confirm or revoke it first.
    private func requireNoOtherPendingChange(to user: User, by actor: String) throws(StetError) {
        guard user.isPending else { return }
        // The maker of what waits: whoever changed the key or roles, else the enroller.
        guard let maker = user.changedBy ?? (user.confirmation == nil ? user.addedBy : nil), maker != actor else {
            return
        }
        throw .invalidText(
            field: "change",
            problem: "\(user.id) waits for confirmation of a change by \(maker): another controller confirms it "
                + "(stet user confirm \(user.id)) or revokes it before anyone else changes \(user.id)")
    }

    /// A change that waits for a second controller needs one who could give it: active, and
    /// neither the one who makes the change nor the user it changes. Without one, the change
    /// could never be confirmed, or would leave its maker the only controller able to act.
    private func requireConfirmer(besides maker: String, and subject: String) throws(StetError) {
        guard try activeControllers().contains(where: { $0.id != maker && $0.id != subject }) else {
            throw .invalidText(
                field: "change",
                problem: "no other active controller could confirm it, and the store requires a second "
                    + "controller's confirmation; enrol or confirm another controller first")
        }
    }
}

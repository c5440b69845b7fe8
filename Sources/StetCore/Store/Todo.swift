/// One thing waiting for a user: a signature they owe, or upkeep they answer for.
public struct TodoItem: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case review, approve, acknowledge
        case periodicReview = "periodic-review"
        case issue, recall
        /// A revision in review waits on someone who can no longer sign.
        case reassign
        /// A revision sent back to draft, not yet changed by its authors.
        case revise
        /// A user waits for a second controller's confirmation of their enrolment, key or roles.
        case confirm
        /// A recalled copy whose destruction is not yet confirmed.
        case destroy
    }

    public var kind: Kind
    public var document: String
    /// What to do, in a phrase.
    public var detail: String
}

extension Snapshot {
    /// What waits for `user` today, by urgency of kind then document: reviews and approvals
    /// assigned to them, acknowledgements due, periodic reviews of documents they own (due within
    /// `reviewWindow` days), rejected revisions they wrote, and, for a controller, revisions to
    /// issue, users to confirm and copies to recall or confirm destroyed.
    public func todo(for userID: UserID, reviewWindow: Int = 30) throws(StetError) -> [TodoItem] {
        guard let user = try user(userID) else { throw .unknownUser(userID.text) }
        let configuration = try configuration()
        var items: [TodoItem] = []
        for document in try documents() {
            if let working = document.working, working.state == .inReview {
                if working.reviewers.contains(user.id), !working.reviews.contains(where: { $0.by == user.id }) {
                    items.append(
                        .init(
                            kind: .review, document: document.id,
                            detail: "review revision \(working.number) of \(document.title)"))
                }
                let reviewed = working.reviewers.allSatisfy { reviewer in working.reviews.contains { $0.by == reviewer }
                }
                if working.approvers.contains(user.id), !working.approvals.contains(where: { $0.by == user.id }) {
                    items.append(
                        .init(
                            kind: .approve, document: document.id,
                            detail: "approve revision \(working.number) of \(document.title)"
                                + (reviewed ? "" : " (once its reviews are in)")))
                }
            }
            if let working = document.working, working.state == .inReview,
                user.has(.controller) || working.authors.contains(user.id)
            {
                let stuck = try status(of: document.documentID).mustBeReplaced
                if !stuck.isEmpty {
                    items.append(
                        .init(
                            kind: .reassign, document: document.id,
                            detail: "replace \(stuck.joined(separator: ", ")) on revision \(working.number) of "
                                + "\(document.title): they can no longer sign"))
                }
            }
            if let working = document.working, working.state == .draft, working.authors.contains(user.id),
                let rejection = working.rejection, rejection.contentHash == working.contentHash
            {
                items.append(
                    .init(
                        kind: .revise, document: document.id,
                        detail: "revise revision \(working.number) of \(document.title): rejected by \(rejection.by) "
                            + "on \(rejection.at.day)" + (rejection.comment.map { ": \($0)" } ?? "")))
            }
            if let working = document.working, working.state == .approved, user.has(.controller) {
                items.append(
                    .init(
                        kind: .issue, document: document.id,
                        detail: "issue approved revision \(working.number) of \(document.title)"))
            }
            if let version = document.effectiveVersion(on: today), document.distribution?.includes(user) == true,
                try state.file(Layout.acknowledgement(document.id, version: version.version, user: user.id)) == nil
            {
                items.append(
                    .init(
                        kind: .acknowledge, document: document.id,
                        detail: "read and acknowledge v\(version.version) of \(document.title)"))
            }
            // A version issued for later is read ahead of go-live, once staff are told to.
            if document.retirement == nil, document.distribution?.includes(user) == true,
                let upcoming = document.versions.first(where: { $0.effective > today }),
                try state.file(Layout.acknowledgement(document.id, version: upcoming.version, user: user.id)) == nil
            {
                items.append(
                    .init(
                        kind: .acknowledge, document: document.id,
                        detail: "read and acknowledge v\(upcoming.version) of \(document.title) before it takes effect "
                            + "on \(upcoming.effective)"))
            }
            if document.owner == user.id, let next = document.nextReview(on: today, configuration: configuration),
                next.daysSinceEpoch <= today.daysSinceEpoch + reviewWindow
            {
                items.append(
                    .init(
                        kind: .periodicReview, document: document.id,
                        detail: "periodic review of \(document.title), due \(next)" + (next < today ? " (OVERDUE)" : "")
                    ))
            }
        }
        if user.has(.controller) {
            // What this controller may confirm: never a change they made part of.
            for waiting in try state.users() where waiting.isPending && !waiting.isRevoked {
                let makers = waiting.pendingChangeMakers
                guard !makers.contains(user.id) else { continue }
                items.append(
                    .init(
                        kind: .confirm, document: waiting.id,
                        detail:
                            "confirm \(waiting.id) (\(waiting.name)), changed by \(makers.joined(separator: " and "))"))
            }
            for copy in try copies() where copy.recall != nil && copy.destroyed == nil {
                items.append(
                    .init(
                        kind: .destroy, document: copy.document,
                        detail:
                            "confirm the destruction of \(copy.name), recalled \(copy.recall?.at.day.description ?? "")"
                    ))
            }
            for copy in try copies() where copy.isOutstanding {
                let document = try self.document(DocumentID(recorded: copy.document))
                guard let version = document.versions.first(where: { $0.version == copy.version }) else { continue }
                switch document.standing(of: version, on: today) {
                case .inForce, .takesEffect: continue
                case .superseded, .retired:
                    items.append(
                        .init(kind: .recall, document: copy.document, detail: "recall \(copy.name) from \(copy.holder)")
                    )
                }
            }
        }
        let order: [TodoItem.Kind] = [
            .review, .approve, .revise, .reassign, .issue, .confirm, .acknowledge, .periodicReview, .recall, .destroy,
        ]
        return items.sorted {
            (order.firstIndex(of: $0.kind)!, $0.document) < (order.firstIndex(of: $1.kind)!, $1.document)
        }
    }
}

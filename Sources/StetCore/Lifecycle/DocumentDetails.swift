/// A document's details (title, owner, department, the documents it is part of), changed by a
/// signed event of their own.
extension Rules {
    mutating func updateDocument(
        id: DocumentID, title rawTitle: String?, owner newOwner: UserID?, department rawDepartment: String?,
        partOf newPartOf: [DocumentID]? = nil, reason rawReason: String
    ) throws(StetError) -> Event {
        var document = try load(id)
        let (user, role) = try ownerOrController(of: document, to: "change the details of")
        if document.retirement != nil {
            throw .invalidTransition(
                document: document.id, state: "retired", action: "change the details of",
                allowed: "nothing can change it")
        }
        let reason = try Text.singleLine(rawReason, field: "reason")
        var changed = false
        if let rawTitle {
            let title = try Text.singleLine(rawTitle, field: "title")
            changed = changed || title != document.title
            document.title = title
        }
        // The owner as it stands needs no check (the event records it, and its replay gives it
        // again, even if they have since lost the author role); a new owner must be an author.
        if let newOwner, newOwner.text != document.owner {
            let owner = try state.activeUser(newOwner.text, role: .author, to: "own documents")
            changed = true
            document.owner = owner.id
        }
        if let rawDepartment {
            let department = try Text.singleLine(rawDepartment, field: "department")
            guard department.count <= 100 else {
                throw .invalidText(field: "department", problem: "it is longer than 100 characters")
            }
            changed = changed || department != document.department
            document.department = department
        }
        if let newPartOf {
            let partOf = try partOf(newPartOf.map(\.text), for: document.id)
            changed = changed || partOf != document.partOf
            document.partOf = partOf
        }
        guard changed else {
            throw .invalidText(field: "details", problem: "they are already as given; nothing would change")
        }
        let before = EventState(document.workflowState(on: today))
        return try record(document, role: role, meaning: .administration, actor: user, before: before) {
            var header = $0
            header.contentHash = nil
            let details = Event.Details(
                title: document.title, owner: document.owner, department: document.department,
                partOf: document.partOf)
            return .updateDocument(header, details, reason: reason)
        }
    }
}

/// The register of numbered controlled copies: issue, recall, and confirmation of destruction,
/// each signed by a controller.
extension Rules {
    mutating func issueCopy(
        id: DocumentID, version: Int, number: Int, holder rawHolder: String, file: String
    ) throws(StetError) -> Event {
        var document = try load(id)
        let controller = try actor(.controller, to: "issue controlled copies")
        guard !document.isRetired(on: today) else {
            throw .invalidTransition(
                document: document.id, state: "retired", action: "issue a copy of",
                allowed: "no copy of it may be issued")
        }
        guard let issued = document.versions.first(where: { $0.version == version }) else {
            throw .noSuchVersion(document: document.id, version: version)
        }
        guard number == (document.lastCopy ?? 0) + 1 else {
            throw .copyNumberTaken(document: document.id, number: number)
        }
        let holder = try Text.singleLine(rawHolder, field: "holder")
        guard file.hasPrefix("sha256:"), file.count == 71,
            file.dropFirst(7).allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { throw .invalidText(field: "copy file hash", problem: "it is not a SHA-256 (sha256:<64 hex digits>)") }
        let before = EventState(document.workflowState(on: today))
        let copy = CopyRecord(
            document: document.id, number: number, version: version, holder: holder, issued: time,
            issuedBy: controller.id, file: file, recall: nil, destroyed: nil)
        writes.append((Layout.copy(document.id, number: number), StateCoding.encode(copy)))
        document.lastCopy = number
        return try record(document, role: .controller, meaning: .issue, actor: controller, before: before) {
            var header = $0
            header.revision = nil
            header.contentHash = issued.contentHash
            return .issueCopy(header, .init(version: version, number: number), holder: holder, file: file)
        }
    }

    mutating func recallCopy(id: DocumentID, number: Int, reason rawReason: String) throws(StetError) -> Event {
        let document = try load(id)
        let controller = try actor(.controller, to: "recall controlled copies")
        var copy = try registered(document, number)
        guard copy.isOutstanding else {
            throw .invalidText(field: "recall", problem: "\(copy.name) is already \(copy.standing)")
        }
        let reason = try Text.singleLine(rawReason, field: "reason")
        copy.recall = .init(at: time, by: controller.id, reason: reason)
        return try rewrite(copy, of: document, by: controller) { .recallCopy($0, $1, reason: reason) }
    }

    mutating func destroyCopy(id: DocumentID, number: Int) throws(StetError) -> Event {
        let document = try load(id)
        let controller = try actor(.controller, to: "confirm the destruction of controlled copies")
        var copy = try registered(document, number)
        guard copy.recall != nil, copy.destroyed == nil else {
            throw .invalidText(
                field: "destruction",
                problem: copy.destroyed == nil
                    ? "\(copy.name) has not been recalled: recall it first" : "\(copy.name) is already destroyed")
        }
        copy.destroyed = .init(at: time, by: controller.id)
        return try rewrite(copy, of: document, by: controller) { .destroyCopy($0, $1) }
    }

    /// Writes a copy's changed record and the controller's event about it.
    private mutating func rewrite(
        _ copy: CopyRecord, of document: Document, by controller: User,
        _ payload: (Event.DocumentHeader, Event.Copy) -> Event.Payload
    ) throws(StetError) -> Event {
        writes.append((Layout.copy(document.id, number: copy.number), StateCoding.encode(copy)))
        let before = EventState(document.workflowState(on: today))
        return try record(document, role: .controller, meaning: .administration, actor: controller, before: before) {
            var header = $0
            header.revision = nil
            header.contentHash = nil
            return payload(header, .init(version: copy.version, number: copy.number))
        }
    }

    private func registered(_ document: Document, _ number: Int) throws(StetError) -> CopyRecord {
        guard let copy = try state.decoded(CopyRecord.self, at: Layout.copy(document.id, number: number)) else {
            throw .unknownCopy(document: document.id, number: number)
        }
        return copy
    }
}

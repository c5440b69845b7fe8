/// Bringing a document from an existing QMS into the store, as in force or as a draft.
extension Rules {
    mutating func importDocument(_ imported: ImportedDocument) throws(StetError) -> Event {
        let controller = try actor(.controller, to: "import documents")
        let id = try Identifier.document(imported.id)
        if let existing = try state.documentIDs(matchingIgnoringCase: id).first {
            throw .invalidText(
                field: "document id",
                problem: existing == id
                    ? "\(id) already exists in the store" : "\(id) differs from \(existing) only in case")
        }
        let type = try Identifier.type(imported.type)
        let configuration = try state.configuration()
        guard let settings = configuration.types[type] else {
            throw .unknownType(type, known: configuration.types.keys.sorted())
        }
        let title = try Text.singleLine(imported.title, field: "title")
        let source = try Text.singleLine(imported.source, field: "source file name")
        try DocumentContent.validate(imported.content)
        if let version = imported.version, !(1...9999).contains(version) {
            throw .invalidText(field: "version", problem: "\(version) is not between 1 and 9999")
        }
        let label = try imported.versionLabel.map { label throws(StetError) in
            guard label.count <= 64 else {
                throw StetError.invalidText(field: "version label", problem: "it is longer than 64 characters")
            }
            return try Text.singleLine(label, field: "version label")
        }
        let attachmentHashes = try storeAttachments(imported.attachments, of: id)
        // Keep numbering ahead of imported ids, so new documents never collide with them.
        if id.hasPrefix(settings.prefix), let number = Int(id.dropFirst(settings.prefix.count)),
            id.count == settings.prefix.count + settings.digits, number > (try state.counter(type))
        {
            writes.append((Layout.counter(type), Array("\(number)\n".utf8)))
        }
        let hash = StateCoding.contentHash(imported.content)
        var document = Document(
            id: id, type: type, title: title, owner: controller.id, created: time, previousEvent: nil, lastRevision: 1,
            working: nil, versions: [], retirement: nil)
        document.partOf = try partOf(imported.partOf, for: id)
        document.attachments = attachmentHashes.isEmpty ? nil : attachmentHashes
        if let version = imported.version {
            let effective = imported.effective ?? today
            document.versions = [
                .init(
                    version: version, revision: 1, effective: effective, issued: time, issuedBy: controller.id,
                    contentHash: hash, authors: [], reviews: [], approvals: [], label: label)
            ]
            writes.append((Layout.version(id, version), imported.content))
            if effective <= today { writes.append((Layout.effective(id), imported.content)) }
        } else {
            document.working = .init(
                number: 1, state: .draft, authors: [controller.id], reason: "Imported from \(source)",
                contentHash: hash,
                reviewers: [], approvers: [], reviews: [], approvals: [], rejection: nil, drafted: time)
            writes.append((Layout.draft(id), imported.content))
        }
        let effectiveDay = imported.version == nil ? nil : (imported.effective ?? today)
        let clauses = try clauseTrailer(imported.content)
        return try record(
            document, role: .controller, meaning: imported.asDraft ? .authorship : .issue, actor: controller,
            before: .none
        ) {
            var header = $0
            header.contentHash = hash
            let record = Event.Import(
                type: type, title: title, version: imported.version,
                versionLabel: imported.version == nil ? nil : label, effective: effectiveDay, source: source,
                attachments: attachmentHashes.isEmpty ? nil : attachmentHashes.keys.sorted(),
                partOf: document.partOf, clauses: clauses)
            return .importDocument(header, record)
        }
    }
}

import StetGit

/// Types proposed for documents no type numbers, and numbers for files with no id.
extension FolderImport {
    /// A type for each prefix no type has, numbered as the documents are; by prefix.
    static func proposedTypes(
        for matches: [NumberingScheme.Match], taken: inout Set<String>
    ) -> [String: ProposedType] {
        var proposals: [String: ProposedType] = [:]
        for match in matches where proposals[match.prefix] == nil {
            let (name, title) = NumberingScheme.proposeType(for: match, taken: taken)
            taken.insert(name)
            let covered = matches.filter { $0.prefix == match.prefix }
            proposals[match.prefix] = ProposedType(
                name: name,
                settings: .init(
                    title: title, prefix: match.prefix, digits: covered.map(\.digits).max() ?? match.digits,
                    reviewIntervalMonths: NumberingScheme.reviewMonths(forTypeNamed: name),
                    approvalsRequired: StoreConfiguration.DocumentType.defaultApprovalsRequired),
                documents: covered.count)
        }
        return proposals
    }

    /// A type for each kind of document a file to number says it is and no type has, with a
    /// prefix none of `prefixes` is; by kind.
    static func proposedTypes(
        forKindsOf documents: [ImportedDocument], taken: inout Set<String>, prefixes: Set<String>
    ) -> [String: ProposedType] {
        var proposals: [String: ProposedType] = [:]
        var prefixes = prefixes
        for document in documents where document.type.isEmpty {
            guard let kind = NumberingScheme.kinds.first(where: { $0.name == document.numbered?.kind }) else {
                continue
            }
            if var proposal = proposals[kind.name] {
                proposal.documents += 1
                proposals[kind.name] = proposal
                continue
            }
            var name = kind.name
            var counter = 2
            while taken.contains(name) {
                name = kind.name + "-\(counter)"
                counter += 1
            }
            taken.insert(name)
            var prefix = kind.prefix
            counter = 2
            while prefixes.contains(prefix) {
                prefix = String(kind.prefix.dropLast()) + "\(counter)-"
                counter += 1
            }
            prefixes.insert(prefix)
            proposals[kind.name] = ProposedType(
                name: name,
                settings: .init(
                    title: kind.title, prefix: prefix, digits: StoreConfiguration.DocumentType.defaultDigits,
                    reviewIntervalMonths: NumberingScheme.reviewMonths(forTypeNamed: name),
                    approvalsRequired: StoreConfiguration.DocumentType.defaultApprovalsRequired),
                documents: 1)
        }
        return proposals
    }

    /// Files with no id, numbered in file order: each the next number of its type, past the
    /// type's counter and every id `taken`; those of a kind with only a proposed type are left
    /// out unless the import creates types.
    static func numbered(
        _ documents: [ImportedDocument], configuration: StoreConfiguration, proposed: [String: ProposedType],
        createTypes: Bool, taken: Set<String>, counters: [String: Int]
    ) -> (numbered: [ImportedDocument], skipped: [(file: String, reason: ImportSkip)]) {
        var numbered: [ImportedDocument] = []
        var skipped: [(file: String, reason: ImportSkip)] = []
        var next: [String: Int] = [:]
        var taken = taken
        for var document in documents.sorted(by: { $0.source < $1.source }) {
            var settings = configuration.types[document.type]
            if document.type.isEmpty {
                guard let kind = document.numbered?.kind, let proposal = proposed[kind] else { continue }
                guard createTypes else {
                    skipped.append((document.source, .noTypeForKind(kind: kind, proposed: proposal.name)))
                    continue
                }
                document.type = proposal.name
                settings = proposal.settings
            }
            guard let settings else { continue }
            var number = next[document.type] ?? (counters[document.type] ?? 0) + 1
            while taken.contains(settings.documentID(number: number).uppercased()) { number += 1 }
            document.id = settings.documentID(number: number)
            taken.insert(document.id.uppercased())
            next[document.type] = number + 1
            document.warnings.insert(
                "numbered \(document.id), having no id; type \(document.type) told by \(document.numbered?.toldBy ?? "")",
                at: 0)
            numbered.append(document)
        }
        return (numbered, skipped)
    }
}

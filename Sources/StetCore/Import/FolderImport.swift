import Foundation
import StetGit

/// Reads an existing quality system from a folder and plans what to import.
///
/// Each document's id comes from its front matter (`id`, `doc_id`, `sop_id`, …), else from its
/// file name, else from a document-control table near its top, in any of the numbering schemes
/// `NumberingScheme` knows (or through a pattern the controller gives). The title comes from the
/// front matter, else the first heading, else the file name. Files a document links to (images,
/// forms) travel with it; Word and OpenDocument files are converted with pandoc when it is
/// installed; folders of records are left out unless named.
public struct FolderImport {
    /// A regular expression over the file name without extension, with named groups among
    /// `id`, `title`, `type` and `version`; nil recognises the usual numbering schemes.
    public var pattern: String?
    /// The type to use when neither front matter nor the id's prefix tells.
    public var defaultType: String?
    /// Whether to create the types proposed for prefixes no type has.
    public var createTypes: Bool
    /// Folders of records (by path in the imported folder) to import as documents all the same.
    public var include: [String]
    /// The pandoc program that converts Word and OpenDocument files; nil when there is none.
    public var pandoc: String?
    /// Whether a file with no id gets the next number of its type, the type told by its name.
    public var number: Bool

    public init(
        pattern: String? = nil, defaultType: String? = nil, createTypes: Bool = false, include: [String] = [],
        pandoc: String? = nil, number: Bool = false
    ) {
        self.number = number
        self.pattern = pattern
        self.defaultType = defaultType
        self.createTypes = createTypes
        self.include = include.map { $0.split(separator: "/").joined(separator: "/") }
        self.pandoc = pandoc
    }

    /// Folder names under which a quality system keeps records (filled-in forms, logs): not
    /// controlled documents.
    static let recordFolders: Set<String> = [
        "records", "record", "completed-forms", "completed forms", "completed_forms", "filled-forms", "filled forms",
        "logs", "training-records", "training records", "training_records",
    ]

    /// What an import would do: the types to create, the documents to record, and the files
    /// left out with the reason.
    public struct Plan: Sendable {
        public var types: [ProposedType] = []
        public var documents: [ImportedDocument] = []
        public var skipped: [(file: String, reason: ImportSkip)] = []
    }

    /// A document type proposed for a prefix no type has: its settings and the documents it covers.
    public struct ProposedType: Sendable, Equatable {
        public var name: String
        public var settings: StoreConfiguration.DocumentType
        public var documents: Int
    }

    /// What numbering files with no id needs to know of the store: each type's counter, and
    /// the documents by the hash of their content (a numbered file imported before is one of them).
    public struct StoreNumbers: Sendable {
        public var counters: [String: Int] = [:]
        public var contentHashes: [String: String] = [:]

        public init(counters: [String: Int] = [:], contentHashes: [String: String] = [:]) {
            self.counters = counters
            self.contentHashes = contentHashes
        }
    }

    /// Plans the import of `folder` into a store with `configuration` that already holds `existing` ids.
    public func plan(
        folder: String, configuration: StoreConfiguration, existing: Set<String>, asDrafts: Bool,
        numbers: StoreNumbers = StoreNumbers()
    )
        throws(StetError) -> Plan
    {
        let expression = try compiledPattern()
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .fileUnreadable(path: folder, reason: "not a folder")
        }
        let (files, links) = Self.files(under: root)
        var plan = Plan()
        for link in links {
            let target = InputFile.realPath(root.path + "/" + link)
            let outside = target.map { !$0.hasPrefix(root.resolvingSymlinksInPath().path + "/") } ?? true
            plan.skipped.append((link, .symbolicLink(outside: outside)))
        }
        // Ids compare without case, as people type them.
        let stored = existing
        let existing = Set(existing.map { $0.uppercased() })
        var seen: [String: String] = [:]
        var linked: Set<String> = []
        var handled: Set<String> = []
        var unresolved: [(document: ImportedDocument, match: NumberingScheme.Match)] = []
        var accepted: [ImportedDocument] = []
        var toNumber: [ImportedDocument] = []
        for file in files {
            if let records = recordFolder(of: file) {
                plan.skipped.append((file, .record(folder: records)))
                handled.insert(file)
                continue
            }
            let lowered = file.lowercased()
            let kind: DocumentKind
            if lowered.hasSuffix(".md") || lowered.hasSuffix(".markdown") {
                kind = .markdown
            } else if lowered.hasSuffix(".docx") {
                kind = .converted(format: "docx", name: "Word")
            } else if lowered.hasSuffix(".odt") {
                kind = .converted(format: "odt", name: "OpenDocument text")
            } else {
                continue
            }
            handled.insert(file)
            if case .converted(_, let name) = kind, pandoc == nil {
                plan.skipped.append((file, .needsConverter(kind: name)))
                continue
            }
            do {
                var (document, sources) = try read(
                    file, kind: kind, root: root, expression: expression, configuration: configuration)
                if asDrafts {
                    document.version = nil
                    document.versionLabel = nil
                }
                if document.numbered != nil {
                    // Imported before, it carries no id to know it by: its content does.
                    if let earlier = numbers.contentHashes[StateCoding.contentHash(document.content)] {
                        plan.skipped.append((file, .alreadyInStore(id: earlier)))
                    } else {
                        linked.formUnion(sources)
                        toNumber.append(document)
                    }
                    continue
                }
                let key = document.id.uppercased()
                if let earlier = seen[key] {
                    plan.skipped.append((file, .duplicate(id: document.id, takenBy: earlier)))
                    continue
                }
                if existing.contains(key) {
                    plan.skipped.append((file, .alreadyInStore(id: document.id)))
                    continue
                }
                seen[key] = file
                linked.formUnion(sources)
                if document.type.isEmpty, let match = NumberingScheme.match(document.id) {
                    unresolved.append((document, match))
                } else {
                    accepted.append(document)
                }
            } catch {
                switch error {
                case .noIdentifier: plan.skipped.append((file, .noIdentifier))
                case .noKind: plan.skipped.append((file, .noKind))
                case .refused(let refusal): plan.skipped.append((file, .refused(refusal)))
                }
            }
        }
        // A type for each prefix no type has, numbered as the documents are.
        var taken = Set(configuration.types.keys)
        var proposals: [String: ProposedType] = [:]
        for (_, match) in unresolved where proposals[match.prefix] == nil {
            let (name, title) = NumberingScheme.proposeType(for: match, taken: taken)
            taken.insert(name)
            let covered = unresolved.filter { $0.match.prefix == match.prefix }
            proposals[match.prefix] = ProposedType(
                name: name,
                settings: .init(
                    title: title, prefix: match.prefix, digits: covered.map(\.match.digits).max() ?? match.digits,
                    reviewIntervalMonths: NumberingScheme.reviewMonths(forTypeNamed: name),
                    approvalsRequired: StoreConfiguration.DocumentType.defaultApprovalsRequired),
                documents: covered.count)
        }
        // A type for each kind of document a numbered file's name says it is and no type has.
        var kindProposals: [String: ProposedType] = [:]
        for document in toNumber where document.type.isEmpty {
            guard let kind = NumberingScheme.kinds.first(where: { $0.name == document.numbered?.kind }) else {
                continue
            }
            if var proposal = kindProposals[kind.name] {
                proposal.documents += 1
                kindProposals[kind.name] = proposal
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
            let prefixes = Set(configuration.types.values.map(\.prefix) + proposals.values.map(\.settings.prefix))
            counter = 2
            while prefixes.contains(prefix) {
                prefix = String(kind.prefix.dropLast()) + "\(counter)-"
                counter += 1
            }
            kindProposals[kind.name] = ProposedType(
                name: name,
                settings: .init(
                    title: kind.title, prefix: prefix, digits: StoreConfiguration.DocumentType.defaultDigits,
                    reviewIntervalMonths: NumberingScheme.reviewMonths(forTypeNamed: name),
                    approvalsRequired: StoreConfiguration.DocumentType.defaultApprovalsRequired),
                documents: 1)
        }
        plan.types = (Array(proposals.values) + Array(kindProposals.values)).sorted { $0.name < $1.name }
        // The next numbers of each type, past its counter and every id taken, in file order.
        var next: [String: Int] = [:]
        var takenIDs = Set(existing).union(accepted.map { $0.id.uppercased() })
        for var document in toNumber.sorted(by: { $0.source < $1.source }) {
            if document.type.isEmpty {
                guard let kind = document.numbered?.kind, let proposal = kindProposals[kind] else { continue }
                guard createTypes else {
                    plan.skipped.append((document.source, .noTypeForKind(kind: kind, proposed: proposal.name)))
                    continue
                }
                document.type = proposal.name
            }
            let settings =
                configuration.types[document.type]
                ?? plan.types.first { $0.name == document.type }!.settings
            var number = next[document.type] ?? (numbers.counters[document.type] ?? 0) + 1
            while takenIDs.contains(settings.documentID(number: number).uppercased()) { number += 1 }
            document.id = settings.documentID(number: number)
            takenIDs.insert(document.id.uppercased())
            next[document.type] = number + 1
            document.warnings.insert(
                "numbered \(document.id), having no id; type \(document.type) told by \(document.numbered?.toldBy ?? "")",
                at: 0)
            accepted.append(document)
        }
        for (document, match) in unresolved {
            guard let proposal = proposals[match.prefix] else { continue }
            if createTypes {
                var typed = document
                typed.type = proposal.name
                accepted.append(typed)
            } else {
                plan.skipped.append(
                    (document.source, .unknownPrefix(id: document.id, prefix: match.prefix, proposed: proposal.name)))
            }
        }
        plan.documents = Self.linked(accepted, stored: stored, format: configuration.format)
        for file in files where !handled.contains(file) && !linked.contains(file) {
            plan.skipped.append((file, .notDocument))
        }
        plan.skipped.sort { $0.file < $1.file }
        return plan
    }

    /// The documents with the links to the documents they belong to (each parent in the store
    /// or in the folder, under its id as recorded), parents ordered before their parts, else by
    /// file. A parent found in neither, or a store of a format without links, is said per file.
    static func linked(_ documents: [ImportedDocument], stored: Set<String>, format: Int) -> [ImportedDocument] {
        var canonical: [String: String] = [:]
        for id in stored { canonical[id.uppercased()] = id }
        for document in documents { canonical[document.id.uppercased()] = document.id }
        var linked = documents
        for index in linked.indices {
            var partOf: [String] = []
            for parent in linked[index].parents {
                guard let found = canonical[parent.uppercased()], found.uppercased() != linked[index].id.uppercased()
                else {
                    linked[index].warnings.append(
                        "names \(parent) as the document it belongs to, which is neither in the store nor in the folder: no link recorded"
                    )
                    continue
                }
                if !partOf.contains(found) { partOf.append(found) }
            }
            if !partOf.isEmpty, format < 3 {
                linked[index].warnings.append(
                    "belongs to \(partOf.joined(separator: ", ")), but a store of format \(format) records no links between documents (format 3 does)"
                )
                partOf = []
            }
            linked[index].partOf = partOf.sorted()
        }
        // How many links up within the folder: a parent is recorded before its parts.
        let byID = Dictionary(linked.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Each depth worked out once (links may branch and rejoin); a loop counts as no depth.
        var depths: [String: Int] = [:]
        func depth(_ id: String, _ visiting: Set<String> = []) -> Int {
            if let known = depths[id] { return known }
            guard let document = byID[id], !visiting.contains(id) else { return 0 }
            let found =
                document.partOf.map { byID[$0] == nil ? 0 : 1 + depth($0, visiting.union([id])) }.max() ?? 0
            depths[id] = found
            return found
        }
        for document in linked { _ = depth(document.id) }
        return linked.sorted { (depths[$0.id]!, $0.source) < (depths[$1.id]!, $1.source) }
    }

    private enum DocumentKind {
        case markdown
        case converted(format: String, name: String)
    }

    private func compiledPattern() throws(StetError) -> NSRegularExpression? {
        guard let pattern else { return nil }
        do { return try NSRegularExpression(pattern: pattern) } catch {
            throw .invalidText(field: "pattern", problem: "it is not a regular expression")
        }
    }

    /// The records folder `file` lies in, unless the file lies under a folder the import names
    /// to include (`records`, or `records/training` for that folder only).
    private func recordFolder(of file: String) -> String? {
        let lowered = file.lowercased()
        if include.contains(where: { lowered.hasPrefix($0.lowercased() + "/") }) { return nil }
        let folders = file.split(separator: "/").dropLast().map(String.init)
        for index in folders.indices where Self.recordFolders.contains(folders[index].lowercased()) {
            return folders[...index].joined(separator: "/")
        }
        return nil
    }

    /// One file's document with its linked files, and the paths (in the folder) of those files.
    private func read(
        _ file: String, kind: DocumentKind, root: URL, expression: NSRegularExpression?,
        configuration: StoreConfiguration
    )
        throws(ImportFailure) -> (ImportedDocument, Set<String>)
    {
        var bytes: [UInt8]
        var converted: [String: [UInt8]] = [:]
        var notes: [String] = []
        do throws(StetError) {
            switch kind {
            case .markdown:
                bytes = try InputFile.read(
                    root.path + "/" + file, limit: Limits.documentSize, within: root.path, followingLinks: false)
            case .converted(let format, let name):
                guard let pandoc else { throw StetError.invalidContent("no converter") }
                (bytes, converted) = try DocumentConversion.markdown(
                    from: root.path + "/" + file, format: format, pandoc: pandoc)
                notes.append("converted from \(name) to Markdown with pandoc")
            }
        } catch .fileTooLarge(_, let size, let limit) {
            throw .refused(.invalidContent("it is \(size) bytes; the limit is \(limit) bytes"))
        } catch .fileUnreadable(_, let reason) {
            throw .refused(.fileUnreadable(path: file, reason: reason))
        } catch {
            throw .refused(error)
        }
        var document = try self.document(file: file, bytes: bytes, expression: expression, configuration: configuration)
        document.warnings = notes + document.warnings
        document.attachments = converted
        var sources: Set<String> = []
        var text = String(decoding: document.content, as: UTF8.self)
        var rewritten = false
        for link in Self.links(in: text) where !converted.keys.contains(link) {
            let lowered = link.lowercased()
            // A link to another Markdown document is a cross-reference, imported in its own right.
            if lowered.hasSuffix(".md") || lowered.hasSuffix(".markdown") { continue }
            let path = Self.join(Self.folder(of: file), link)
            guard !path.hasPrefix("../"), path != "..", (try? Identifier.attachmentPath(path)) != nil else {
                document.warnings.append("links to \(link), outside the imported folder: not stored")
                continue
            }
            // The store keeps a document's files beside it: a link up and across (`../assets/x.png`)
            // is stored, and rewritten, by its path in the folder (`assets/x.png`).
            let key = (try? Identifier.attachmentPath(link)) != nil ? link : path
            let data: [UInt8]
            do {
                data = try InputFile.read(
                    root.path + "/" + path, limit: Limits.attachmentSize, within: root.path, followingLinks: false)
            } catch .fileTooLarge(_, let size, let limit) {
                // Imported without it, the document would point at a file the store does not hold.
                throw .refused(.invalidContent("its linked file \(link) is \(size) bytes; the limit is \(limit) bytes"))
            } catch {
                document.warnings.append("links to \(link), which is not in the imported folder")
                continue
            }
            // Two links to different files must not come to name one stored file.
            if let stored = document.attachments[key], stored != data {
                throw .refused(
                    .invalidContent(
                        "its links \(link) and \(key) name different files that would be stored under one path; rename one"
                    ))
            }
            if key != link {
                // As written: `../assets/x.png` or `./../assets/x.png`.
                for written in [link, "./" + link] {
                    text = text.replacingOccurrences(of: "](\(written)", with: "](\(key)")
                }
                rewritten = true
                document.warnings.append("the link to \(link) now names \(key), where the store keeps the file")
            }
            document.attachments[key] = data
            sources.insert(path)
        }
        if rewritten { document.content = Array(text.utf8) }
        return (document, sources)
    }

    /// Why a file yields no document: no id at all (worth its own advice), or anything else.
    enum ImportFailure: Error {
        case noIdentifier
        /// No id, and (numbering) no kind of document in its name or type in its front matter.
        case noKind
        case refused(StetError)
    }

    /// The document one Markdown file describes, without its attachments; `file` is its path in
    /// the folder. A type no prefix names is an error here (planning proposes one instead).
    public func document(
        file: String, bytes: [UInt8], configuration: StoreConfiguration
    ) throws(StetError)
        -> ImportedDocument
    {
        let expression = try compiledPattern()
        do throws(ImportFailure) {
            let document = try document(
                file: file, bytes: bytes, expression: expression, configuration: configuration)
            if document.type.isEmpty {
                throw ImportFailure.refused(
                    .invalidText(
                        field: "type", problem: "none in its front matter, and no type's prefix numbers \(document.id)")
                )
            }
            return document
        } catch {
            switch error {
            case .noIdentifier:
                throw .invalidText(
                    field: "document id", problem: "none in its front matter, file name or document table")
            case .noKind:
                throw .invalidText(
                    field: "type", problem: "no id to number it by, and no kind of document in its name")
            case .refused(let refusal): throw refusal
            }
        }
    }

    /// The document `bytes` describes; its type is empty when only a new type would fit its id.
    private func document(
        file: String, bytes: [UInt8], expression: NSRegularExpression?, configuration: StoreConfiguration
    ) throws(ImportFailure) -> ImportedDocument {
        var warnings: [String] = []
        let (fields, content) = try Self.frontMatter(of: bytes, warnings: &warnings)
        let text = String(decoding: content, as: UTF8.self)
        let body = DocumentContent.withoutFrontMatter(text)
        let name = Self.baseName(of: file)
        var fromName: [String: String] = [:]
        if let expression {
            if let match = expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) {
                for group in ["id", "title", "type", "version"] {
                    let range = match.range(withName: group)
                    if range.location != NSNotFound, let swiftRange = Range(range, in: name) {
                        fromName[group] = String(name[swiftRange]).trimmingCharacters(in: .whitespaces)
                    }
                }
            }
        } else if let match = NumberingScheme.match(name) {
            fromName["id"] = match.id
            if !match.rest.isEmpty { fromName["title"] = Self.words(match.rest) }
        }
        // Numbering, a form's `sop_id` names its procedure, never the form; a procedure's names it.
        let kindTold = fields["type"]?.lowercased() ?? NumberingScheme.kind(ofName: name)?.kind.name
        let parentNamesItself =
            !number || kindTold.map { ["sop", "procedure", "policy", "work-instruction"].contains($0) } ?? true
        // An empty id: numbered once the plan knows every id; its type is what it needs now.
        let (id, parents, identityNotes) = try Self.identity(
            fields: fields, fromName: fromName["id"], patternGiven: expression != nil, body: body,
            parentNamesItself: parentNamesItself, numbering: number)
        warnings += identityNotes
        let heading = Self.firstHeading(body).map { heading in
            NumberingScheme.match(heading).flatMap {
                $0.id.uppercased() == id.uppercased() && !$0.rest.isEmpty ? $0.rest : nil
            }
                ?? heading
        }
        let fileTitle = fromName["title"] ?? (fromName["id"] == nil ? Self.words(name) : nil)
        guard let title = fields["title"].flatMap({ $0.isEmpty ? nil : $0 }) ?? heading ?? fileTitle, !title.isEmpty
        else {
            throw .refused(
                .invalidText(field: "title", problem: "none in its front matter, first heading or file name"))
        }
        var type = ""
        var numbered: ImportedDocument.Numbering?
        if id.isEmpty {
            if let named = fields["type"]?.lowercased() {
                guard configuration.types[named] != nil else {
                    throw .refused(.unknownType(named, known: configuration.types.keys.sorted()))
                }
                type = named
                numbered = .init(kind: named, toldBy: "its front matter")
            } else if let (kind, word) = NumberingScheme.kind(ofName: name) {
                type = NumberingScheme.type(for: kind, in: configuration) ?? ""
                numbered = .init(
                    kind: kind.name,
                    toldBy: "the word '\(word)' in its name (a 'type:' in its front matter chooses another)")
            } else if let defaultType {
                guard configuration.types[defaultType] != nil else {
                    throw .refused(.unknownType(defaultType, known: configuration.types.keys.sorted()))
                }
                type = defaultType
                numbered = .init(kind: defaultType, toldBy: "the type given for files whose type nothing tells")
            } else {
                throw .noKind
            }
        } else if let named = fields["type"] ?? fromName["type"] {
            type = named.lowercased()
            guard configuration.types[type] != nil else {
                throw .refused(.unknownType(type, known: configuration.types.keys.sorted()))
            }
        } else if let byPrefix = Self.type(numbering: id, in: configuration) {
            type = byPrefix
        } else if let defaultType {
            type = defaultType
            guard configuration.types[type] != nil else {
                throw .refused(.unknownType(type, known: configuration.types.keys.sorted()))
            }
        } else if NumberingScheme.match(id) == nil {
            throw .refused(
                .invalidText(field: "type", problem: "none in its front matter, and \(id) matches no type's prefix"))
        }
        var version = 1
        var label: String?
        // The document's own version: an empty field is no version, and the version of a parent the
        // front matter names (a form's `sop_version`) is not the form's.
        let parentVersions = Set(parents.keys.compactMap { NumberingScheme.parentVersionKeys[$0] })
        let ownVersion = NumberingScheme.versionKeys.lazy.filter { !parentVersions.contains($0) }
            .compactMap { fields[$0]?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        if let written = fromName["version"].flatMap({ expression != nil ? $0 : nil }) ?? ownVersion
            ?? fromName["version"]
        {
            // "3", "v3" and "3.0" are version 3; "2.1.2" is version 2, labelled as it was written.
            let digits = written.drop { !$0.isNumber }.prefix { $0.isNumber }
            guard let number = Int(digits), number >= 1 else {
                throw .refused(
                    .invalidText(field: "version", problem: "'\(Text.printable(written))' is not a version number"))
            }
            version = number
            let trimmed = written.trimmingCharacters(in: .whitespaces)
            if trimmed != String(number) { label = trimmed }
        }
        var effective: Day?
        if let written = fields["effective"] ?? fields["effective-date"] ?? fields["effective_date"] {
            guard let day = Day(written) else { throw .refused(.invalidDate(written)) }
            effective = day
        }
        var document = ImportedDocument(
            id: id, type: type, title: title, content: content, version: version, effective: effective, source: file,
            attachments: [:], versionLabel: label)
        document.parents = parents.values.sorted()
        document.numbered = numbered
        document.warnings = warnings
        return document
    }

    /// The document's own id, the documents its front matter names as its parents (by key), and
    /// notes on how the id was chosen. The rule, which the README states:
    /// - a file-name pattern the controller gives decides over everything;
    /// - an id the file name and the front matter agree on is the id;
    /// - else the front matter's own id (a template's or form's id, else `id`, `document_id`, …)
    ///   decides over the file name's, and the import says they differ;
    /// - else the file name's id;
    /// - else a parent key (`sop_id`) names the document itself, else a document-control table.
    /// A parent key that does not name the document is a link to its parent.
    /// With `numbering`, a document with no id of its own gets the empty id (the plan numbers
    /// it), and a parent key names the document itself only where `parentNamesItself`.
    static func identity(
        fields: [String: String], fromName: String?, patternGiven: Bool, body: String,
        parentNamesItself: Bool = true, numbering: Bool = false
    ) throws(ImportFailure) -> (id: String, parents: [String: String], notes: [String]) {
        func spelled(_ raw: String) -> String {
            NumberingScheme.match(raw).flatMap { $0.rest.isEmpty ? $0.id : nil } ?? raw
        }
        func values(_ keys: [String]) -> [(key: String, id: String)] {
            keys.compactMap { key in
                guard let value = fields[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
                return (key, spelled(value))
            }
        }
        let own = values(NumberingScheme.identifierKeys)
        let parentFields = values(NumberingScheme.parentKeys)
        let name = fromName.map(spelled)
        var notes: [String] = []
        let chosen: String
        if patternGiven, let name {
            chosen = name
        } else if let name, (own + parentFields).contains(where: { $0.id.uppercased() == name.uppercased() }) {
            chosen = name
        } else if let first = own.first {
            chosen = first.id
            if let name {
                notes.append(
                    "its file name says \(name), its front matter's \(first.key) \(first.id): \(first.id) is used "
                        + "(a file-name pattern given to the import reads the file name instead)")
            }
        } else if let name {
            chosen = name
        } else if let first = parentFields.first, parentNamesItself {
            chosen = first.id
        } else if let table = NumberingScheme.tableIdentifier(in: body).flatMap({ NumberingScheme.match($0)?.id }) {
            chosen = table
        } else if numbering {
            var parents: [String: String] = [:]
            for field in parentFields where (try? Identifier.document(field.id)) != nil {
                parents[field.key] = field.id
            }
            return ("", parents, notes)
        } else {
            throw .noIdentifier
        }
        let id: String
        do { id = try Identifier.document(chosen) } catch { throw .refused(error) }
        var parents: [String: String] = [:]
        for field in parentFields where field.id.uppercased() != id.uppercased() {
            guard (try? Identifier.document(field.id)) != nil else { continue }
            parents[field.key] = field.id
        }
        return (id, parents, notes)
    }

    /// The type whose prefix numbers `id`: the one whose prefix is all of it but the number,
    /// else the longest prefix it starts with.
    static func type(numbering id: String, in configuration: StoreConfiguration) -> String? {
        let upper = id.uppercased()
        let exact = configuration.types.first {
            upper.dropFirst($0.value.prefix.count).allSatisfy(\.isNumber)
                && upper.hasPrefix($0.value.prefix.uppercased()) && !$0.value.prefix.isEmpty
        }
        if let exact { return exact.key }
        return configuration.types.filter { !$0.value.prefix.isEmpty && upper.hasPrefix($0.value.prefix.uppercased()) }
            .max { $0.value.prefix.count < $1.value.prefix.count }?.key
    }

    /// A file name's words: `Document-and-Record_Control` → `Document and Record Control`.
    static func words(_ name: String) -> String {
        let words = name.split(whereSeparator: { "-_ ".contains($0) }).map(String.init)
        // A name all in small letters (`sop-document-record-control`) reads as a title once
        // its words are capitalised, and `sop` is written as people write it.
        guard words.allSatisfy({ $0 == $0.lowercased() }) else { return words.joined(separator: " ") }
        return words.enumerated().map { index, word in
            if ["sop", "capa", "qms", "it", "mdr", "ivdr"].contains(word) { return word.uppercased() }
            if index > 0, ["a", "an", "and", "of", "on", "or", "the", "to", "for", "in", "with"].contains(word) {
                return word
            }
            return word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }

    /// The front matter's fields and the content to store. Front matter that is not YAML is
    /// read leniently where that is unambiguous (`key:value` with no space is repaired); else its
    /// plain `key: value` lines still give the id and title, and it is kept, visibly, as text.
    static func frontMatter(
        of bytes: [UInt8], warnings: inout [String]
    ) throws(ImportFailure) -> (
        [String: String], [UInt8]
    ) {
        do {
            return (try DocumentContent.validate(bytes).fields, bytes)
        } catch .invalidFrontMatter(let problem) {
            let text = String(decoding: bytes, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let closing = lines.dropFirst().firstIndex(where: { ["---", "---\r", "..."].contains($0) }) else {
                // An opening line with no closing one: a thematic break, not front matter.
                lines[0] = "***"
                warnings.append("its first line '---' opens no front matter: kept as a horizontal rule")
                return ([:], Array(lines.joined(separator: "\n").utf8))
            }
            var repaired = lines
            var changed = 0
            for index in 1..<closing {
                let line = repaired[index]
                guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                    line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "_-".contains($0) }),
                    line.index(after: colon) < line.endIndex, !line[line.index(after: colon)].isWhitespace,
                    line[line.index(after: colon)] != ":"
                else { continue }
                repaired[index] = line[...colon] + " " + line[line.index(after: colon)...]
                changed += 1
            }
            let candidate = Array(repaired.joined(separator: "\n").utf8)
            if changed > 0, let fields = try? DocumentContent.validate(candidate).fields {
                warnings.append(
                    "its front matter was not valid YAML: a space was added after ':' on \(changed) line(s)")
                return (fields, candidate)
            }
            var fields: [String: String] = [:]
            for line in lines[1..<closing] {
                guard let colon = line.firstIndex(of: ":"), !line.hasPrefix(" ") else { continue }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                    value = String(value.dropFirst().dropLast())
                }
                guard !key.isEmpty, fields[key] == nil, !value.isEmpty, !"[{|>&*!%@`\"'".contains(value.first!) else {
                    continue
                }
                fields[key] = value
            }
            lines[0] = "```yaml"
            lines[closing] = "```"
            warnings.append(
                "its front matter is not valid YAML (\(problem)): kept as text at the top; id and title read from its plain lines, file name and heading"
            )
            return (fields, Array(lines.joined(separator: "\n").utf8))
        } catch {
            throw .refused(error)
        }
    }

    /// Every regular file under `root`, as sorted relative paths, and the symbolic links found
    /// there (never followed: one could bring a file from anywhere into the store). Hidden files
    /// and folders are passed over.
    static func files(under root: URL) -> (files: [String], links: [String]) {
        var files: [String] = []
        var links: [String] = []
        func walk(_ relative: String, depth: Int) {
            let folder = relative.isEmpty ? root.path : root.path + "/" + relative
            guard depth < 32, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : relative + "/" + name
                var status = stat()
                guard lstat(root.path + "/" + path, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFLNK: links.append(path)
                case S_IFDIR: walk(path, depth: depth + 1)
                case S_IFREG: files.append(path)
                default: continue
                }
            }
        }
        walk("", depth: 0)
        return (files.sorted(), links.sorted())
    }

    /// Relative link targets in Markdown and HTML image tags; web links and anchors are not files.
    public static func links(in text: String) -> [String] {
        var targets: [String] = []
        // Markdown links and images only: raw HTML (an `<img src>`, a comment) never brings a file
        // in; a raw image shows only a file a Markdown link stored.
        for pattern in [#"\]\(([^)\s]+)(?:\s+"[^"]*")?\)"#] {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                let target = String(text[range])
                if target.contains(":") || target.hasPrefix("#") || target.hasPrefix("/") { continue }
                let path = String(target.prefix { $0 != "#" && $0 != "?" })
                let normalised = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
                if !normalised.isEmpty && !targets.contains(normalised) { targets.append(normalised) }
            }
        }
        return targets
    }

    // NSString's path methods trap on some runs of slashes (found by FuzzImport), so paths are
    // split here by hand.
    static func folder(of file: String) -> String {
        file.split(separator: "/").dropLast().joined(separator: "/")
    }

    /// The file name without its folder and its last extension: `a/SOP-0001 Title.md` → `SOP-0001 Title`.
    static func baseName(of file: String) -> String {
        let last = file.split(separator: "/").last ?? ""
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return String(last) }
        return String(last[..<dot])
    }

    /// `folder/link`, with `.` and `..` resolved; a result starting `../` lies outside the imported folder.
    static func join(_ folder: String, _ link: String) -> String {
        var parts: [Substring] = []
        for part in (folder.isEmpty ? link : folder + "/" + link).split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    /// The text of the first top-level heading, with Markdown's backslash escapes read as the
    /// characters they stand for (`\\<Software Title\\>` is `<Software Title>`).
    /// The document's first top-level heading, unless it numbers a section (`# 1. General`).
    static func firstHeading(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("# ") }.flatMap { line in
            line.dropFirst(2).trimmingCharacters(in: .whitespaces).firstMatch(of: /^[0-9]+(\.[0-9]+)*\.?\s/) == nil
                ? line : nil
        }.map {
            $0.dropFirst(2).trimmingCharacters(in: .whitespaces).replacingOccurrences(
                of: #"\\([!-/:-@\[-`{-~])"#, with: "$1", options: .regularExpression)
        }
    }

}

/// What an import did with one file, or with a type it needed.
public enum ImportOutcome: Sendable {
    /// Created as `commit`; in a dry run (no commit), proposed.
    case type(FolderImport.ProposedType, commit: ObjectID?)
    /// Recorded as `commit`; in a dry run (no commit), would be.
    case imported(ImportedDocument, commit: ObjectID?)
    case skipped(file: String, reason: ImportSkip)
}

/// Who signs an import: a controller, and how to unlock their key once there is something to sign.
public struct ImportSigner {
    public var user: UserID
    public var unlock: () throws(StetError) -> SigningKey

    public init(user: UserID, unlock: @escaping () throws(StetError) -> SigningKey) {
        self.user = user
        self.unlock = unlock
    }
}

extension Store {
    /// Imports the documents in `folder`, one event signed by `signer` each (after one for each
    /// type it creates), and tells `report` of every type and file as it goes; without a signer,
    /// a dry run that records nothing.
    ///
    /// Only a controller imports: that is checked before anything is read. A document the rules
    /// refuse is reported as skipped and the rest go on; a refusal of the signer, or a history
    /// that fails verification, stops the import.
    @discardableResult
    public func importFolder(
        _ folder: String, using importer: FolderImport, asDrafts: Bool, signer: ImportSigner?,
        report: (ImportOutcome) -> Void
    ) throws(StetError) -> (imported: Int, skipped: Int) {
        let snapshot = try snapshot()
        if let signer {
            _ = try snapshot.state.activeUser(signer.user.text, role: .controller, to: "import documents")
        }
        let documents = try snapshot.documents()
        var numbers = FolderImport.StoreNumbers()
        if importer.number {
            let configuration = try snapshot.configuration()
            for type in configuration.types.keys { numbers.counters[type] = try snapshot.state.counter(type) }
            for document in documents {
                for hash in document.versions.map(\.contentHash) + [document.working?.contentHash].compactMap({ $0 }) {
                    numbers.contentHashes[hash] = document.id
                }
            }
        }
        let plan = try importer.plan(
            folder: folder, configuration: try snapshot.configuration(), existing: Set(documents.map(\.id)),
            asDrafts: asDrafts, numbers: numbers)
        // Proposed types are created, before the documents they number, only when asked for.
        let created = importer.createTypes ? plan.types : []
        var imported = 0
        var skipped = plan.skipped
        guard let signer else {
            for type in plan.types { report(.type(type, commit: nil)) }
            for document in plan.documents { report(.imported(document, commit: nil)) }
            for entry in skipped { report(.skipped(file: entry.file, reason: entry.reason)) }
            return (plan.documents.count, skipped.count)
        }
        if !plan.documents.isEmpty || !created.isEmpty {
            let key = try signer.unlock()
            for type in created {
                let recorded = try record(.setType(name: type.name, settings: type.settings), signedBy: key)
                report(.type(type, commit: recorded.commit))
            }
            var recordedIDs = Set(try snapshot.documents().map(\.id))
            for var document in plan.documents {
                // A parent in the folder that could not be imported: the part comes in unlinked.
                let missing = document.partOf.filter { !recordedIDs.contains($0) }
                if !missing.isEmpty {
                    document.partOf.removeAll(where: missing.contains)
                    document.warnings.append(
                        "belongs to \(missing.joined(separator: ", ")), which was not imported: no link recorded")
                }
                do {
                    let recorded = try record(.importDocument(document), signedBy: key)
                    recordedIDs.insert(document.id)
                    imported += 1
                    report(.imported(document, commit: recorded.commit))
                } catch .missingRole(let user, let role, let action) {
                    throw .missingRole(user: user, role: role, action: action)
                } catch .untrustedHistory(let commit, let problem) {
                    throw .untrustedHistory(commit: commit, problem: problem)
                } catch {
                    skipped.append((document.source, .refused(error)))
                }
            }
        }
        for entry in skipped { report(.skipped(file: entry.file, reason: entry.reason)) }
        return (imported, skipped.count)
    }
}

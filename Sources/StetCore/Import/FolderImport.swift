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
        var taken = Set(configuration.types.keys)
        let proposals = Self.proposedTypes(for: unresolved.map(\.match), taken: &taken)
        let kindProposals = Self.proposedTypes(
            forKindsOf: toNumber, taken: &taken,
            prefixes: Set(configuration.types.values.map(\.prefix) + proposals.values.map(\.settings.prefix)))
        plan.types = (Array(proposals.values) + Array(kindProposals.values)).sorted { $0.name < $1.name }
        let (numbered, unnumbered) = Self.numbered(
            toNumber, configuration: configuration, proposed: kindProposals, createTypes: createTypes,
            taken: Set(existing).union(accepted.map { $0.id.uppercased() }), counters: numbers.counters)
        accepted += numbered
        plan.skipped += unnumbered
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
}

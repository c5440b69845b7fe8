import Foundation
import StetGit

/// Reading one file of an imported folder into the document it describes.
extension FolderImport {
    enum DocumentKind {
        case markdown
        case converted(format: String, name: String)
    }

    func compiledPattern() throws(StetError) -> NSRegularExpression? {
        guard let pattern else { return nil }
        do { return try NSRegularExpression(pattern: pattern) } catch {
            throw .invalidText(field: "pattern", problem: "it is not a regular expression")
        }
    }

    /// The records folder `file` lies in, unless the file lies under a folder the import names
    /// to include (`records`, or `records/training` for that folder only).
    func recordFolder(of file: String) -> String? {
        let lowered = file.lowercased()
        if include.contains(where: { lowered.hasPrefix($0.lowercased() + "/") }) { return nil }
        let folders = file.split(separator: "/").dropLast().map(String.init)
        for index in folders.indices where Self.recordFolders.contains(folders[index].lowercased()) {
            return folders[...index].joined(separator: "/")
        }
        return nil
    }

    /// One file's document with its linked files, and the paths (in the folder) of those files.
    func read(
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
    func document(
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
}

import Foundation
import StetGit

/// Reads an existing Markdown quality system from a folder and plans what to import.
///
/// Id, title, type and version come from each file's YAML front matter, else from its file name
/// (through a pattern the controller can give), else the first heading gives the title and the
/// id's prefix the type. Files a document links to (images, forms) travel with it.
public struct FolderImport {
    /// A regular expression over the file name without extension, with named groups among
    /// `id`, `title`, `type` and `version`.
    public var pattern: String
    /// The type to use when neither front matter nor the id's prefix tells.
    public var defaultType: String?

    public static let defaultPattern = "^(?<id>[A-Za-z]+-[0-9]+)([ _.-]+(?<title>.+))?$"

    public init(pattern: String? = nil, defaultType: String? = nil) {
        self.pattern = pattern ?? Self.defaultPattern
        self.defaultType = defaultType
    }

    /// What an import would do: the documents to record, and the files left out with the reason.
    public struct Plan: Sendable {
        public var documents: [ImportedDocument] = []
        public var skipped: [(file: String, reason: String)] = []
    }

    /// Plans the import of `folder` into a store with `configuration` that already holds `existing` ids.
    public func plan(
        folder: String, configuration: StoreConfiguration, existing: Set<String>, asDrafts: Bool
    )
        throws(StetError) -> Plan
    {
        let expression: NSRegularExpression
        do { expression = try NSRegularExpression(pattern: pattern) } catch {
            throw .invalidText(field: "pattern", problem: "it is not a regular expression")
        }
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
            plan.skipped.append(
                (
                    link,
                    "a symbolic link" + (outside ? " to a place outside the imported folder" : "")
                        + ": Stet does not follow links in an imported folder; copy the real file in"
                ))
        }
        var seen: [String: String] = [:]
        var linked: Set<String> = []
        for file in files where [".md", ".markdown"].contains(where: file.lowercased().hasSuffix) {
            do {
                var document = try read(file, root: root, expression: expression, configuration: configuration)
                if asDrafts { document.version = nil }
                if let earlier = seen[document.id] {
                    plan.skipped.append((file, "duplicate id \(document.id) (already taken by \(earlier))"))
                    continue
                }
                if existing.contains(document.id) {
                    plan.skipped.append((file, "\(document.id) is already in the store"))
                    continue
                }
                seen[document.id] = file
                linked.formUnion(document.attachments.keys.map { Self.join(Self.folder(of: file), $0) })
                plan.documents.append(document)
            } catch {
                plan.skipped.append((file, Self.reason(error)))
            }
        }
        for file in files
        where !seen.values.contains(file) && !plan.skipped.contains(where: { $0.file == file })
            && !linked.contains(file)
        {
            plan.skipped.append((file, "not a Markdown document, and no document links to it"))
        }
        plan.skipped.sort { $0.file < $1.file }
        return plan
    }

    private func read(
        _ file: String, root: URL, expression: NSRegularExpression, configuration: StoreConfiguration
    )
        throws(StetError) -> ImportedDocument
    {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(
                root.path + "/" + file, limit: Limits.documentSize, within: root.path, followingLinks: false)
        } catch {
            if case .fileTooLarge(_, let size, let limit) = error {
                throw .invalidContent("it is \(size) bytes; the limit is \(limit) bytes")
            }
            if case .fileUnreadable(_, let reason) = error { throw .fileUnreadable(path: file, reason: reason) }
            throw .fileUnreadable(path: file, reason: "not readable")
        }
        var document = try self.document(file: file, bytes: bytes, expression: expression, configuration: configuration)
        for link in Self.links(in: String(decoding: document.content, as: UTF8.self)) {
            let path = Self.join(Self.folder(of: file), link)
            guard !path.hasPrefix("../"), (try? Identifier.attachmentPath(link)) != nil else { continue }
            let data: [UInt8]
            do {
                data = try InputFile.read(
                    root.path + "/" + path, limit: Limits.attachmentSize, within: root.path, followingLinks: false)
            } catch .fileTooLarge(_, let size, let limit) {
                // Imported without it, the document would point at a file the store does not hold.
                throw .invalidContent("its linked file \(link) is \(size) bytes; the limit is \(limit) bytes")
            } catch {
                continue
            }
            document.attachments[link] = data
        }
        return document
    }

    /// The document one Markdown file describes, without its attachments; `file` is its path in the folder.
    public func document(
        file: String, bytes: [UInt8], configuration: StoreConfiguration
    ) throws(StetError)
        -> ImportedDocument
    {
        let expression: NSRegularExpression
        do { expression = try NSRegularExpression(pattern: pattern) } catch {
            throw .invalidText(field: "pattern", problem: "it is not a regular expression")
        }
        return try document(file: file, bytes: bytes, expression: expression, configuration: configuration)
    }

    private func document(
        file: String, bytes: [UInt8], expression: NSRegularExpression, configuration: StoreConfiguration
    ) throws(StetError) -> ImportedDocument {
        let frontMatter = try DocumentContent.validate(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let name = Self.baseName(of: file)
        var fromName: [String: String] = [:]
        if let match = expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) {
            for group in ["id", "title", "type", "version"] {
                let range = match.range(withName: group)
                if range.location != NSNotFound, let swiftRange = Range(range, in: name) {
                    fromName[group] = String(name[swiftRange]).trimmingCharacters(in: .whitespaces)
                }
            }
        }
        let fields = frontMatter.fields
        guard let rawID = fields["id"] ?? fromName["id"], !rawID.isEmpty else {
            throw .invalidText(field: "document id", problem: "none in its front matter or file name")
        }
        let id = try Identifier.document(rawID)
        guard
            let title = fields["title"] ?? fromName["title"]?.replacingOccurrences(of: "_", with: " ")
                ?? Self.firstHeading(text)
        else { throw .invalidText(field: "title", problem: "none in its front matter, file name or first heading") }
        let type: String
        if let given = fields["type"] ?? fromName["type"] {
            type = given.lowercased()
        } else if let byPrefix = configuration.types.first(where: { id.hasPrefix($0.value.prefix) })?.key {
            type = byPrefix
        } else if let defaultType {
            type = defaultType
        } else {
            throw .invalidText(field: "type", problem: "none in its front matter, and \(id) matches no type's prefix")
        }
        guard configuration.types[type] != nil else {
            throw .unknownType(type, known: configuration.types.keys.sorted())
        }
        var version = 1
        if let text = fields["version"] ?? fromName["version"] {
            // "3", "v3" and "3.0" all mean version 3.
            let digits = text.drop { !$0.isNumber }.prefix { $0.isNumber }
            guard let number = Int(digits), number >= 1 else {
                throw .invalidText(field: "version", problem: "'\(Text.printable(text))' is not a version number")
            }
            version = number
        }
        var effective: Day?
        if let text = fields["effective"] ?? fields["effective-date"] ?? fields["effective_date"] {
            guard let day = Day(text) else { throw .invalidDate(text) }
            effective = day
        }
        return ImportedDocument(
            id: id, type: type, title: title, content: bytes, version: version, effective: effective, source: file,
            attachments: [:])
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
        // Markdown links and images only: raw HTML (an `<img src>`, a comment) is never shown in
        // a copy, so what it names is never stored.
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

    static func firstHeading(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("# ") }.map {
            $0.dropFirst(2).trimmingCharacters(in: .whitespaces)
        }
    }

    static func reason(_ error: any Error) -> String {
        (error as? StetError)?.errorDescription ?? "\(error)"
    }
}

/// What an import did with one file.
public enum ImportOutcome: Sendable {
    /// Recorded as `commit`; in a dry run (no commit), would be.
    case imported(ImportedDocument, commit: ObjectID?)
    case skipped(file: String, reason: String)
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
    /// Imports the Markdown documents in `folder`, one event signed by `signer` each, and tells
    /// `report` of every file as it goes; without a signer, a dry run that records nothing.
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
        let plan = try importer.plan(
            folder: folder, configuration: try snapshot.configuration(),
            existing: Set(try snapshot.documents().map(\.id)), asDrafts: asDrafts)
        var imported = 0
        var skipped = plan.skipped
        if let signer, !plan.documents.isEmpty {
            let key = try signer.unlock()
            for document in plan.documents {
                do {
                    let recorded = try record(.importDocument(document), signedBy: key)
                    imported += 1
                    report(.imported(document, commit: recorded.commit))
                } catch .missingRole(let user, let role, let action) {
                    throw .missingRole(user: user, role: role, action: action)
                } catch .untrustedHistory(let commit, let problem) {
                    throw .untrustedHistory(commit: commit, problem: problem)
                } catch {
                    skipped.append((document.source, error.errorDescription ?? "\(error)"))
                }
            }
        } else if signer == nil {
            for document in plan.documents { report(.imported(document, commit: nil)) }
            imported = plan.documents.count
        }
        for entry in skipped { report(.skipped(file: entry.file, reason: entry.reason)) }
        return (imported, skipped.count)
    }
}

import Foundation
import StetGit

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
        // One event a document, each derived from the last: folders and blobs kept between them.
        try repository.remembering { () throws(StetError) in
            try importEach(folder, using: importer, asDrafts: asDrafts, signer: signer, report: report)
        }
    }

    private func importEach(
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

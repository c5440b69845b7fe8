import StetGit

extension Snapshot {
    /// The unified diff of a document between two versions (or the draft, `to: nil` with `draft`).
    ///
    /// Default: the working draft against the version in force today, or else the version in force
    /// against the one before it.
    public func diff(of id: DocumentID, from: Int?, to: Int?) throws(StetError) -> String {
        let document = try self.document(id)
        func text(_ version: Int?) throws(StetError) -> ([UInt8], String) {
            if let version { return (try versionContent(of: id, version: version), "\(id) v\(version)") }
            return (try draftContent(of: id), "\(id) draft revision \(document.working?.number ?? 0)")
        }
        var old = from
        var new = to
        if from == nil && to == nil {
            let current = document.effectiveVersion(on: today)?.version ?? document.versions.last?.version
            if document.working != nil {
                guard let current else { throw .noEffectiveVersion(id.text) }
                old = current
                new = nil
            } else {
                guard let current else { throw .noEffectiveVersion(id.text) }
                guard let previous = document.versions.last(where: { $0.version < current })?.version else {
                    throw .nothingToCompare(document: id.text, version: current)
                }
                old = previous
                new = current
            }
        } else if old == nil {
            old = document.versions.last { $0.version < (new ?? Int.max) }?.version
            guard old != nil else { throw .nothingToCompare(document: id.text, version: new ?? 1) }
        }
        let (oldBytes, oldLabel) = try text(old)
        let (newBytes, newLabel) = try text(new)
        do { return try Patch.unified(old: oldBytes, oldLabel: oldLabel, new: newBytes, newLabel: newLabel) } catch {
            throw StetError(error)
        }
    }
}

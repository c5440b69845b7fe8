import StetGit

extension Store {
    /// Checks every signature and replays every event; see `Verifier`.
    ///
    /// `anchors` are heads written down earlier (an audit report, a mirror): each must still be in the history.
    public func verify(anchors: [String] = [], since: String? = nil) throws(StetError) -> VerificationReport {
        for anchor in anchors where ObjectID(hex: anchor.lowercased()) == nil {
            throw .invalidText(
                field: "anchor", problem: "'\(Text.printable(anchor))' is not a full 40-digit commit id")
        }
        var start: ObjectID?
        if let since {
            guard let id = ObjectID(hex: since.lowercased()), repository.commitID(matching: id.hex) != nil else {
                throw .invalidText(
                    field: "starting point",
                    problem: "'\(Text.printable(since))' is not the full 40-digit id of a commit of this store")
            }
            start = id
        }
        if let head = try headIfAny() { try requireKnownFormat(at: head) }
        let verifiedBefore = verifiedHeads?.newest(forStore: namedPath)?.head
        var verifier = Verifier(
            repository: repository, anchors: anchors.map { $0.lowercased() }, now: now(), since: start,
            verifiedBefore: verifiedBefore)
        verifier.signatureCache = signatureCache
        verifier.commitSource = commitSource
        var report = try verifier.run()
        // The same store verified here under another name: its head then must still be in the
        // history. A copy that does not hold that head at all (a mirror or backup not yet brought
        // up to date) cannot say whether it is behind or was rolled back: a note, for an anchor to settle.
        if start == nil, let head = report.head, let root = report.root,
            let other = verifiedHeads?.newest(forRoot: root), other != head,
            (try? repository.isAncestor(other, of: head)) != true
        {
            if repository.commitID(matching: other.hex) == other {
                report.problems.append(
                    .init(
                        commit: other.hex, document: nil,
                        message:
                            "this head was verified here before (under another path to this store) and is no longer in the history"
                    ))
            } else {
                report.notes.append(
                    .init(
                        commit: other.hex, document: nil,
                        message:
                            "this copy does not hold the newest head verified here on this store (under another path): "
                            + "it is behind it (a mirror or backup not yet updated) or was rolled back; an anchor tells which"
                    ))
            }
        }
        // Only a run from the first event vouches for the whole history.
        if report.isClean, let head = report.head, let root = report.root, start == nil {
            verifiedHeads?.record(head, root: root, forStore: namedPath, in: repository)
        }
        return report
    }
}

import Foundation
import StetGit

/// Naming how a commit differs from the one Stet writes for its event: the report a forged or
/// damaged commit gets.
extension Verifier {
    /// Names how a commit differs from the one Stet writes for its event.
    func differences(
        _ commit: Commit, expected: EventCommit, derived: DerivedTree, written: Set<String>, signatureText: String?,
        before: ObjectID?
    ) throws -> [String] {
        var list: [String] = []
        if commit.treeID != derived.id {
            try compareFolder(
                "", expected: derived.entries(ofFolder: "") ?? [], actual: commit.treeID, derived: derived,
                written: written,
                into: &list)
            if list.isEmpty { list.append("its tree is not the one its event produces") }
        }
        if commit.message != expected.event.message {
            let differing = Self.differingLines(commit.message, expected.event.message)
            list.append(
                "its message does not match the event it records (expected \"\(expected.event.summary)\")"
                    + (differing.isEmpty ? "" : ": it differs in \(differing.joined(separator: ", "))"))
        }
        let raw = try repository.rawObject(commit.id)
        let headers = ObjectEncoding.headerNames(ofCommit: raw)
        let person = ObjectEncoding.identity(expected.person)
        let lines = String(decoding: raw.prefix(ObjectEncoding.headerLength(ofCommit: raw)), as: UTF8.self)
            .split(separator: "\n")
        if !lines.contains(Substring("author " + person)) || !lines.contains(Substring("committer " + person)) {
            list.append("its author and committer are not the signer \(expected.event.actor) at the event's time")
        }
        let allowed: Set<String> = ["tree", "parent", "author", "committer", "gpgsig"]
        for name in headers where !allowed.contains(name) {
            list.append("it carries a '\(Text.printable(name))' header, which Stet never writes")
        }
        let wanted = ["tree"] + (expected.parent == nil ? [] : ["parent"]) + ["author", "committer", "gpgsig"]
        if list.isEmpty, headers != wanted {
            list.append(
                "its headers are not the ones Stet writes, in Stet's order (\(headers.joined(separator: ", ")))")
        }
        if list.isEmpty, let signatureText, let parsed = SSHSignature(armored: signatureText),
            parsed.armored != signatureText
        {
            list.append("its signature is not written in the exact form Stet writes")
        }
        if list.isEmpty { list.append("its commit object is not byte for byte the one Stet writes for its event") }
        return list
    }

    /// What differs between a message and the one its event writes, by trailer name (`the
    /// subject line` for the first line), in the order they first differ.
    static func differingLines(_ actual: String, _ expected: String) -> [String] {
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let only = Set(actualLines).symmetricDifference(expectedLines)
        var names: [String] = []
        for (index, line) in (actualLines + expectedLines).enumerated() where only.contains(line) {
            let name =
                index == 0 || index == actualLines.count
                ? "the subject line"
                : line.firstRange(of: ": ").map { Text.printable(String(line[..<$0.lowerBound])) } ?? "a line"
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Compares one folder of a commit's tree, entry by entry, with what the event should have made of it.
    private func compareFolder(
        _ path: String, expected: [TreeEntry], actual: ObjectID, derived: DerivedTree, written: Set<String>,
        into list: inout [String]
    ) throws {
        let shown = path.isEmpty ? "the top folder" : path
        guard let tree = try? repository.tree(actual) else {
            list.append("\(shown) is not a folder object")
            return
        }
        let entries = try tree.rawEntries()
        let count = list.count
        var seen: Set<String> = []
        for entry in entries where !seen.insert(entry.name).inserted {
            list.append("\(join(path, entry.name)) appears twice in its folder")
        }
        if entries != entries.sorted(by: ObjectEncoding.gitOrder), seen.count == entries.count {
            list.append("the entries of \(shown) are not in git's order")
        }
        let expectedByName = Dictionary(expected.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let actualByName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in Set(expectedByName.keys).union(actualByName.keys).sorted() {
            let full = join(path, name)
            switch (expectedByName[name], actualByName[name]) {
            case (let wanted?, nil):
                list.append("\(full) is missing")
                _ = wanted
            case (nil, let found?):
                for (path, entry) in files(under: found, at: full) {
                    list.append(
                        "it changes \(path), which its event does not touch"
                            + (entry.mode == TreeEntry.fileMode ? "" : " (\(entry.modeDescription))"))
                }
            case (let wanted?, let found?):
                if wanted.mode != found.mode {
                    list.append("\(full) is \(found.modeDescription) where Stet writes \(wanted.modeDescription)")
                } else if wanted.id != found.id {
                    if wanted.isFolder {
                        let inner = try derived.entries(ofFolder: full) ?? repository.tree(wanted.id).rawEntries()
                        try compareFolder(
                            full, expected: inner, actual: found.id, derived: derived, written: written, into: &list)
                    } else if written.contains(full) {
                        let sameMeaning = try sameJSON(wanted.id, found.id, path: full, derived: derived)
                        list.append(
                            "\(full) is not what the event wrote (changed outside Stet)"
                                + (sameMeaning ? "; it means the same, but is not the exact bytes Stet writes" : ""))
                    } else {
                        list.append("it changes \(full), which its event does not touch")
                    }
                }
            case (nil, nil):
                break
            }
        }
        if list.count == count, (try? ObjectID.hash(ObjectEncoding.tree(entries), kind: .tree)) != actual {
            list.append("the folder object of \(shown) is not in git's canonical form")
        }
    }

    /// The files in a folder a commit added (a few, for a report), or the entry itself when it is not a folder.
    private func files(
        under entry: TreeEntry, at path: String, limit: Int = 20, depth: Int = 0
    ) -> [(String, TreeEntry)] {
        // Bounded in depth as in breadth: a forged tree can nest folders without end.
        guard entry.isFolder, depth < 12, let tree = try? repository.tree(entry.id) else { return [(path, entry)] }
        var found: [(String, TreeEntry)] = []
        for inner in (try? tree.rawEntries()) ?? [] where found.count < limit {
            found += files(under: inner, at: join(path, inner.name), limit: limit - found.count, depth: depth + 1)
        }
        return found.isEmpty ? [(path, entry)] : found
    }

    private func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? Text.printable(name) : folder + "/" + Text.printable(name)
    }

    /// Whether a file the event wrote and the one the commit holds are JSON with the same meaning:
    /// said in the report, since a tolerant reader would take one for the other.
    private func sameJSON(_ expected: ObjectID, _ actual: ObjectID, path: String, derived: DerivedTree) throws -> Bool {
        guard Layout.isJSON(path), let wanted = derived.objects.first(where: { $0.id == expected })?.bytes,
            try repository.objectSize(actual) <= Limits.stateFileSize,
            let left = try? JSONSerialization.jsonObject(with: Data(wanted)) as? NSObject,
            let right = try? JSONSerialization.jsonObject(with: Data(try repository.blob(actual))) as? NSObject
        else { return false }
        return left.isEqual(right)
    }
}

import Foundation
import StetGit

/// Links from documents to the documents they belong to, found in the store or the folder.
extension FolderImport {
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
}

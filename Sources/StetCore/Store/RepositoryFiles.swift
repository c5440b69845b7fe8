import Foundation

/// The files of a store that libgit2 opens without asking what they are, checked before it does.
///
/// A FIFO put in place of one would hang every command, `verify` included (an open for reading
/// waits for a writer that never comes), and a link would read a file from elsewhere. Anyone who
/// can write the store's folder could do either, so a command refuses the store in one line
/// instead: what a store names is never waited on.
enum RepositoryFiles {
    /// Files libgit2 reads at a fixed place: configuration, references, the reflog, and what
    /// changes where objects come from.
    static let fixed = [
        "HEAD", "config", "packed-refs", "refs/heads/main", "logs/HEAD", "logs/refs/heads/main", "shallow",
        "objects/info/packs", "objects/info/commit-graph",
        "info/grafts", "info/exclude", "FETCH_HEAD", "ORIG_HEAD", "MERGE_HEAD",
    ]

    /// Folders whose every entry libgit2 may open: the references and reflogs it lists, and the
    /// packs it loads. Each holds a handful of entries in a Stet store, so reading them costs
    /// microseconds.
    static let listed = ["refs", "logs/refs", "objects/pack", "objects/info/commit-graphs"]

    /// Throws `notAStore` naming the first file that is not a regular file (or a folder where
    /// folders belong), or a configuration that includes another file.
    static func check(_ store: String) throws(StetError) {
        // libgit2 (and stock git) read a bare repository's configuration, references and objects
        // from the folder `commondir` names: none of the checks here would look there.
        // `objects/info/alternates` borrows objects from the folders it names, whose own files
        // libgit2 opens in turn: none of the checks here would look there either.
        for file in ["commondir", "gitdir", "objects/info/alternates"] {
            if FileSystem.status(of: store + "/" + file) != nil {
                throw .notAStore(
                    path: store,
                    detail: "it has \(file), which makes git read the store from another folder (changed outside Stet)")
            }
        }
        for file in fixed {
            try requireRegular(store, file)
        }
        for folder in listed {
            try walk(store, folder, depth: 0)
        }
        try checkConfiguration(store)
    }

    private static func requireRegular(_ store: String, _ file: String) throws(StetError) {
        guard let status = FileSystem.status(of: store + "/" + file) else { return }
        guard status.kind == .file else {
            throw .notAStore(path: store, detail: "its \(file) is not a regular file (changed outside Stet)")
        }
    }

    /// Every entry under `folder` must be a regular file or a folder; at most 12 folders deep.
    /// Paths are bytes, as the file system holds them: a name that is not UTF-8 is checked too.
    private static func walk(_ store: String, _ folder: String, depth: Int) throws(StetError) {
        try walk(store, Array(folder.utf8), depth: depth)
    }

    private static func walk(_ store: String, _ folder: [UInt8], depth: Int) throws(StetError) {
        let root = Array((store + "/").utf8)
        func printable(_ path: [UInt8]) -> String { Text.printable(String(decoding: path, as: UTF8.self)) }
        guard let status = FileSystem.status(ofBytes: root + folder) else { return }
        guard status.kind == .folder else {
            throw .notAStore(path: store, detail: "its \(printable(folder)) is not a folder (changed outside Stet)")
        }
        guard depth < 12 else {
            throw .notAStore(path: store, detail: "its \(printable(folder)) is nested too deep (changed outside Stet)")
        }
        for name in FileSystem.names(in: root + folder) {
            let path = folder + [UInt8(ascii: "/")] + name
            switch FileSystem.status(ofBytes: root + path)?.kind {
            case nil, .file: continue
            case .folder: try walk(store, path, depth: depth + 1)
            case .link, .other:
                throw .notAStore(
                    path: store, detail: "its \(printable(path)) is not a regular file (changed outside Stet)")
            }
        }
    }

    /// The largest `config` read; Stet writes a few hundred bytes.
    static let configurationLimit = 1 << 20

    /// A configuration that includes another file (`[include]`, `[includeIf …]`) is refused before
    /// libgit2 reads it: libgit2 would open the file it names, which may be anything anywhere (a
    /// FIFO hangs, a file elsewhere is read into the store's settings). Stet never writes one.
    static func checkConfiguration(_ store: String) throws(StetError) {
        // Not waited on: a FIFO in its place is refused as not regular (`fixed` names it).
        guard let file = ReadableFile(store + "/config", nonBlocking: true) else { return }
        // Sized to the file (a few hundred bytes), not to the limit: every command reads it.
        let bytes = file.contents(limit: configurationLimit)
        let count = bytes.count
        guard count <= configurationLimit else {
            throw .notAStore(path: store, detail: "its config is larger than 1 MiB (changed outside Stet)")
        }
        if let section = includingSection(in: bytes[..<count]) {
            throw .notAStore(
                path: store,
                detail: "its config includes another file ([\(Text.printable(section))]), which Stet never writes: "
                    + "remove that section (changed outside Stet)")
        }
    }

    /// The first section of a git configuration that names an include, as written. Every `[` is
    /// read as a possible section header, not only those at the start of a line: a value that
    /// merely looks like one is refused too, which costs nothing, as Stet never writes one.
    static func includingSection(in bytes: ArraySlice<UInt8>) -> String? {
        var rest = bytes[...]
        while let open = rest.firstIndex(of: UInt8(ascii: "[")) {
            rest = rest[(open + 1)...]
            let header = rest.prefix { $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "\n") }
            // The section's name, whatever spacing, case, subsection or dotted form it is written in.
            let name = String(decoding: header.prefix { $0 != UInt8(ascii: "\"") }, as: UTF8.self)
                .filter { !$0.isWhitespace }.lowercased()
            if name.hasPrefix("include") { return String(decoding: header, as: UTF8.self) }
        }
        return nil
    }
}

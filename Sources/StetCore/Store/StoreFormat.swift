import StetGit

/// The format a store declares, checked before any head of it is trusted.
///
/// The replay rebuilds every event in its store's format (`Lifecycle`), but a Stet that does not
/// know a newer format must not read one as if it were an older one, nor follow a head another
/// Stet verified: every reader and writer passes this gate first (`Store.trust`, `Store.verify`).
enum StoreFormat {
    /// The top-level `"format"` of a configuration file as Stet writes it (`  "format" : 2,`, keys
    /// sorted and indented by two); nil when it is not there in that form, which the replay
    /// then reports.
    static func declared(in bytes: [UInt8]) -> Int? {
        let key = Array("\n  \"format\" : ".utf8)
        guard let found = bytes.firstRange(of: key) else { return nil }
        let digits = bytes[found.upperBound...].prefix { (0x30...0x39).contains($0) }
        guard (1...9).contains(digits.count), digits.first != 0x30 else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }
}

extension Store {
    /// Refuses a head whose configuration declares a format this Stet does not know.
    func requireKnownFormat(at head: ObjectID) throws(StetError) {
        let bytes = try? TreeState(tree: repository.tree(repository.commit(head).treeID)).file(Layout.configuration)
        guard let format = bytes.flatMap(StoreFormat.declared(in:)) else { return }
        guard StoreConfiguration.supportedFormats.contains(format) else { throw .unsupportedFormat(format) }
    }
}

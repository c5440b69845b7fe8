import Foundation
import StetGit

/// The format a store declares, checked before any head of it is trusted.
///
/// The replay rebuilds every event in its store's format (`Lifecycle`), but a Stet that does not
/// know a newer format must not read one as if it were an older one, nor follow a head another
/// Stet verified: every reader and writer passes this gate first (`Store.trust`, `Store.verify`).
enum StoreFormat {
    /// The top-level `"format"` of a configuration file: read from its line as Stet writes it
    /// (`  "format" : 2,`, keys sorted and indented by two), else from the whole file decoded;
    /// nil when the file says none (the replay then reports it).
    static func declared(in bytes: [UInt8]) -> Int? {
        let key = Array("\n  \"format\" : ".utf8)
        if let found = bytes.firstRange(of: key) {
            var rest = bytes[found.upperBound...]
            let negative = rest.first == UInt8(ascii: "-")
            if negative { rest = rest.dropFirst() }
            let digits = rest.prefix { (0x30...0x39).contains($0) }
            if (1...18).contains(digits.count), let value = Int(String(decoding: digits, as: UTF8.self)) {
                return negative ? -value : value
            }
        }
        // A later Stet may lay the file out otherwise: read its format, whatever else it holds.
        return try? JSONDecoder().decode(Declared.self, from: Data(bytes)).format
    }

    private struct Declared: Decodable {
        var format: Int
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

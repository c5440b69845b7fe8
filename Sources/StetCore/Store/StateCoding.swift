/// How state files are written and read: pretty, key-sorted JSON ending in a newline, in Stet's
/// own codec (`StateJSON`).
enum StateCoding {
    static func encode(_ value: some Encodable) -> [UInt8] {
        // Encoding Stet's own plain records (text, whole numbers, lists, records) cannot fail.
        var bytes = try! StateJSON.encode(value)
        bytes.append(0x0a)
        return bytes
    }

    /// Reads a state file, refusing anything but the exact bytes `encode` writes for the value:
    /// duplicate or unknown keys, `null`s, other spacing or escapes. So no reader is ever shown
    /// a value that verification, which compares bytes, would see differently.
    ///
    /// `verified`: the file is in a tree whose history has verified, where every file was
    /// re-derived by encoding and compared by object id, so the check is already done.
    static func decode<T: Codable>(
        _ type: T.Type, from bytes: [UInt8], path: String, verified: Bool = false
    )
        throws(StetError) -> T
    {
        let value: T
        do { value = try StateJSON.decode(T.self, from: bytes) } catch {
            throw .storeCorrupt("\(path) cannot be read (\(error))")
        }
        guard verified || encode(value) == bytes else {
            throw .storeCorrupt("\(path) is not in the exact form Stet writes (changed outside Stet)")
        }
        return value
    }

    /// `sha256:<hex>` of `bytes`: how content is named in signatures and metadata.
    static func contentHash(_ bytes: [UInt8]) -> String {
        "sha256:" + SHA256Hex.of(bytes)
    }
}

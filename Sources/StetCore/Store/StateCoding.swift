import Foundation

/// How state files are written and read: pretty, key-sorted JSON ending in a newline.
enum StateCoding {
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding Stet's own plain records cannot fail.
        var data = try! encoder.encode(value)
        data.append(0x0a)
        return Array(data)
    }

    /// Reads a state file, refusing anything but the exact bytes `encode` writes for the value:
    /// duplicate or unknown keys, `null`s, other spacing or escapes. So no reader is ever shown
    /// a value that verification, which compares bytes, would see differently.
    static func decode<T: Codable>(_ type: T.Type, from bytes: [UInt8], path: String) throws(StetError) -> T {
        let value: T
        do { value = try JSONDecoder().decode(T.self, from: Data(bytes)) } catch {
            throw .storeCorrupt("\(path) cannot be read (\(error))")
        }
        guard encode(value) == bytes else {
            throw .storeCorrupt("\(path) is not in the exact form Stet writes (changed outside Stet)")
        }
        return value
    }

    /// `sha256:<hex>` of `bytes`: how content is named in signatures and metadata.
    static func contentHash(_ bytes: [UInt8]) -> String {
        "sha256:" + SHA256Hex.of(bytes)
    }
}

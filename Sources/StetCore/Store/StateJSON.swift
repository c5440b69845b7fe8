/// Stet's own JSON for state files: the one encoding Stet writes and reads them in.
///
/// It writes exactly what Foundation's `JSONEncoder` wrote for the same records with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` (two-space indents, `" : "`, keys in
/// UTF-8 byte order, `\b \f \n \r \t \" \\` and `\u00xx` escapes, empty containers as `[\n\n]`),
/// so every store written before reads and verifies unchanged. Foundation's coder was most of the
/// time of a `stet show` and of each replayed event; this one is a tree of plain values with a
/// `Codable` face, so the records keep their synthesized conformances.
enum StateJSON {
    indirect enum Value: Equatable {
        case object([(key: String, value: Value)])
        case array([Value])
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null

        static func == (left: Value, right: Value) -> Bool {
            switch (left, right) {
            case (.object(let a), .object(let b)):
                a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            case (.array(let a), .array(let b)): a == b
            case (.string(let a), .string(let b)): a == b
            case (.integer(let a), .integer(let b)): a == b
            case (.bool(let a), .bool(let b)): a == b
            case (.null, .null): true
            default: false
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    // MARK: Encoding

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        // Records that build their own tree (`StateRecord`) skip the `Encodable` machinery; found by
        // type, which costs a fresh process less than asking whether a value conforms to a protocol.
        if let document = value as? Document { return write(document.stateJSON) }
        if let configuration = value as? StoreConfiguration { return write(configuration.stateJSON) }
        return try encodeThroughEncodable(value)
    }

    /// `encode` by way of `Encodable`, even for a value that builds its own tree.
    static func encodeThroughEncodable(_ value: some Encodable) throws -> [UInt8] {
        let root = Builder()
        try value.encode(to: TreeEncoder(builder: root, codingPath: []))
        return write(root.value)
    }

    private static func write(_ value: Value) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2048)
        write(value, indent: 0, into: &bytes)
        return bytes
    }

    static func write(_ value: Value, indent: Int, into bytes: inout [UInt8]) {
        // Appended byte by byte rather than from array literals: every replayed event encodes a
        // document, and each literal would be an allocation.
        switch value {
        case .object(let pairs):
            bytes.append(UInt8(ascii: "{"))
            bytes.append(0x0a)
            if pairs.isEmpty { bytes.append(0x0a) }
            // Records list their keys in order already: sorted only when they are not.
            var inOrder = true
            for index in pairs.indices.dropFirst()
            where !pairs[index - 1].key.utf8.lexicographicallyPrecedes(pairs[index].key.utf8) {
                inOrder = false
                break
            }
            let sorted = inOrder ? pairs : pairs.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for index in sorted.indices {
                if index > 0 {
                    bytes.append(UInt8(ascii: ","))
                    bytes.append(0x0a)
                }
                spaces(indent + 1, into: &bytes)
                writeString(sorted[index].key, into: &bytes)
                bytes.append(0x20)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(0x20)
                write(sorted[index].value, indent: indent + 1, into: &bytes)
            }
            if !pairs.isEmpty { bytes.append(0x0a) }
            spaces(indent, into: &bytes)
            bytes.append(UInt8(ascii: "}"))
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            bytes.append(0x0a)
            if elements.isEmpty { bytes.append(0x0a) }
            for index in elements.indices {
                if index > 0 {
                    bytes.append(UInt8(ascii: ","))
                    bytes.append(0x0a)
                }
                spaces(indent + 1, into: &bytes)
                write(elements[index], indent: indent + 1, into: &bytes)
            }
            if !elements.isEmpty { bytes.append(0x0a) }
            spaces(indent, into: &bytes)
            bytes.append(UInt8(ascii: "]"))
        case .string(let text): writeString(text, into: &bytes)
        case .integer(let number): bytes += String(number).utf8
        case .bool(let flag): bytes += (flag ? "true" : "false").utf8
        case .null: bytes += "null".utf8
        }
    }

    private static func spaces(_ level: Int, into bytes: inout [UInt8]) {
        for _ in 0..<level * 2 { bytes.append(0x20) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escape: copied whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes += text.utf8
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            let escape: UInt8
            switch byte {
            case UInt8(ascii: "\""): escape = UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case 0x08: escape = UInt8(ascii: "b")
            case 0x0c: escape = UInt8(ascii: "f")
            case 0x0a: escape = UInt8(ascii: "n")
            case 0x0d: escape = UInt8(ascii: "r")
            case 0x09: escape = UInt8(ascii: "t")
            case 0..<0x20:
                bytes += "\\u00".utf8
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0f)])
                continue
            default:
                bytes.append(byte)
                continue
            }
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(escape)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

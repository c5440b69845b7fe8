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
        if let direct = value as? any StateJSONRepresentable { return write(direct.stateJSON) }
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

    /// A value under construction: containers hand out references so nested encoders fill them.
    final class Builder {
        enum Content {
            case unset
            case object([(key: String, builder: Builder)])
            case array([Builder])
            case leaf(Value)
        }
        var content: Content = .unset

        init() {}
        init(_ leaf: Value) { content = .leaf(leaf) }

        var value: Value {
            switch content {
            case .unset: .object([])
            case .object(let pairs): .object(pairs.map { ($0.key, $0.builder.value) })
            case .array(let elements): .array(elements.map(\.value))
            case .leaf(let leaf): leaf
            }
        }

        func set(_ key: String, _ child: Builder) {
            guard case .object(var pairs) = content else {
                content = .object([(key, child)])
                return
            }
            content = .unset
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].builder = child
            } else {
                pairs.append((key, child))
            }
            content = .object(pairs)
        }

        func append(_ child: Builder) {
            guard case .array(var elements) = content else {
                content = .array([child])
                return
            }
            content = .unset
            elements.append(child)
            content = .array(elements)
        }

        var count: Int {
            if case .array(let elements) = content { return elements.count }
            return 0
        }
    }

    struct TreeEncoder: Encoder {
        let builder: Builder
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .unset = builder.content { builder.content = .object([]) }
            return KeyedEncodingContainer(KeyedEncoder<Key>(builder: builder, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .unset = builder.content { builder.content = .array([]) }
            return UnkeyedEncoder(builder: builder, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleEncoder(builder: builder, codingPath: codingPath)
        }
    }

    static func leaf<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> Builder {
        switch value {
        case let text as String: return Builder(.string(text))
        case let number as Int: return Builder(.integer(Int64(number)))
        case let flag as Bool: return Builder(.bool(flag))
        default:
            let child = Builder()
            try value.encode(to: TreeEncoder(builder: child, codingPath: codingPath))
            return child
        }
    }

    static func integer<T: BinaryInteger>(_ value: T, codingPath: [any CodingKey]) throws -> Value {
        guard let number = Int64(exactly: value) else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: codingPath, debugDescription: "\(value) is out of range"))
        }
        return .integer(number)
    }

    struct KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let builder: Builder
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { builder.set(key.stringValue, Builder(.null)) }
        mutating func encode(_ value: Bool, forKey key: Key) throws {
            builder.set(key.stringValue, Builder(.bool(value)))
        }
        mutating func encode(_ value: String, forKey key: Key) throws {
            builder.set(key.stringValue, Builder(.string(value)))
        }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            throw EncodingError.invalidValue(
                value, .init(codingPath: codingPath + [key], debugDescription: "state files hold no fractions"))
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            throw EncodingError.invalidValue(
                value, .init(codingPath: codingPath + [key], debugDescription: "state files hold no fractions"))
        }
        mutating func encode(_ value: Int, forKey key: Key) throws {
            builder.set(key.stringValue, Builder(.integer(Int64(value))))
        }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeInteger(value, key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeInteger(value, key) }

        private func encodeInteger<T: BinaryInteger>(_ value: T, _ key: Key) throws {
            builder.set(key.stringValue, Builder(try StateJSON.integer(value, codingPath: codingPath + [key])))
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            builder.set(key.stringValue, try StateJSON.leaf(value, codingPath: codingPath + [key]))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let child = Builder()
            child.content = .object([])
            builder.set(key.stringValue, child)
            return KeyedEncodingContainer(KeyedEncoder<NestedKey>(builder: child, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Builder()
            child.content = .array([])
            builder.set(key.stringValue, child)
            return UnkeyedEncoder(builder: child, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            let child = Builder()
            builder.set("super", child)
            return TreeEncoder(builder: child, codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = Builder()
            builder.set(key.stringValue, child)
            return TreeEncoder(builder: child, codingPath: codingPath + [key])
        }
    }

    struct IndexKey: CodingKey {
        let intValue: Int?
        var stringValue: String { String(intValue ?? 0) }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    struct UnkeyedEncoder: UnkeyedEncodingContainer {
        let builder: Builder
        let codingPath: [any CodingKey]
        var count: Int { builder.count }

        private var nextPath: [any CodingKey] { codingPath + [IndexKey(count)] }

        mutating func encodeNil() throws { builder.append(Builder(.null)) }
        mutating func encode(_ value: Bool) throws { builder.append(Builder(.bool(value))) }
        mutating func encode(_ value: String) throws { builder.append(Builder(.string(value))) }
        mutating func encode(_ value: Double) throws {
            throw EncodingError.invalidValue(
                value, .init(codingPath: nextPath, debugDescription: "state files hold no fractions"))
        }
        mutating func encode(_ value: Float) throws {
            throw EncodingError.invalidValue(
                value, .init(codingPath: nextPath, debugDescription: "state files hold no fractions"))
        }
        mutating func encode(_ value: Int) throws { builder.append(Builder(.integer(Int64(value)))) }
        mutating func encode(_ value: Int8) throws { try encodeInteger(value) }
        mutating func encode(_ value: Int16) throws { try encodeInteger(value) }
        mutating func encode(_ value: Int32) throws { try encodeInteger(value) }
        mutating func encode(_ value: Int64) throws { try encodeInteger(value) }
        mutating func encode(_ value: UInt) throws { try encodeInteger(value) }
        mutating func encode(_ value: UInt8) throws { try encodeInteger(value) }
        mutating func encode(_ value: UInt16) throws { try encodeInteger(value) }
        mutating func encode(_ value: UInt32) throws { try encodeInteger(value) }
        mutating func encode(_ value: UInt64) throws { try encodeInteger(value) }

        private func encodeInteger<T: BinaryInteger>(_ value: T) throws {
            builder.append(Builder(try StateJSON.integer(value, codingPath: nextPath)))
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            builder.append(try StateJSON.leaf(value, codingPath: nextPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            let child = Builder()
            child.content = .object([])
            let path = nextPath
            builder.append(child)
            return KeyedEncodingContainer(KeyedEncoder<NestedKey>(builder: child, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Builder()
            child.content = .array([])
            let path = nextPath
            builder.append(child)
            return UnkeyedEncoder(builder: child, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder {
            let child = Builder()
            let path = nextPath
            builder.append(child)
            return TreeEncoder(builder: child, codingPath: path)
        }
    }

    struct SingleEncoder: SingleValueEncodingContainer {
        let builder: Builder
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { builder.content = .leaf(.null) }
        mutating func encode(_ value: Bool) throws { builder.content = .leaf(.bool(value)) }
        mutating func encode(_ value: String) throws { builder.content = .leaf(.string(value)) }
        mutating func encode(_ value: Double) throws {
            throw EncodingError.invalidValue(
                value, .init(codingPath: codingPath, debugDescription: "state files hold no fractions"))
        }
        mutating func encode(_ value: Float) throws {
            throw EncodingError.invalidValue(
                value, .init(codingPath: codingPath, debugDescription: "state files hold no fractions"))
        }
        mutating func encode(_ value: Int) throws { builder.content = .leaf(.integer(Int64(value))) }
        mutating func encode(_ value: Int8) throws { try encodeInteger(value) }
        mutating func encode(_ value: Int16) throws { try encodeInteger(value) }
        mutating func encode(_ value: Int32) throws { try encodeInteger(value) }
        mutating func encode(_ value: Int64) throws { try encodeInteger(value) }
        mutating func encode(_ value: UInt) throws { try encodeInteger(value) }
        mutating func encode(_ value: UInt8) throws { try encodeInteger(value) }
        mutating func encode(_ value: UInt16) throws { try encodeInteger(value) }
        mutating func encode(_ value: UInt32) throws { try encodeInteger(value) }
        mutating func encode(_ value: UInt64) throws { try encodeInteger(value) }

        private func encodeInteger<T: BinaryInteger>(_ value: T) throws {
            builder.content = .leaf(try StateJSON.integer(value, codingPath: codingPath))
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try value.encode(to: TreeEncoder(builder: builder, codingPath: codingPath))
        }
    }

    // MARK: Parsing

    /// The value `bytes` hold: strict JSON (no comments, no trailing commas), integers only.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> Value {
        var parser = Parser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == bytes.count else { throw parser.failure("text after the value") }
        return value
    }

    struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func failure(_ problem: String) -> Failure {
            Failure(description: "\(problem) at byte \(position)")
        }

        mutating func skipSpace() {
            while position < bytes.count,
                bytes[position] == 0x20 || bytes[position] == 0x0a || bytes[position] == 0x09 || bytes[position] == 0x0d
            {
                position += 1
            }
        }

        mutating func expect(_ byte: UInt8) throws(Failure) {
            skipSpace()
            guard position < bytes.count, bytes[position] == byte else {
                throw failure("expected '\(Character(Unicode.Scalar(byte)))'")
            }
            position += 1
        }

        mutating func value(depth: Int) throws(Failure) -> Value {
            guard depth < 64 else { throw failure("nesting too deep") }
            skipSpace()
            guard position < bytes.count else { throw failure("unexpected end") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var pairs: [(key: String, value: Value)] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return .object(pairs)
                }
                while true {
                    skipSpace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                        throw failure("expected a key")
                    }
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    pairs.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard position < bytes.count else { throw failure("unexpected end") }
                    if bytes[position] == UInt8(ascii: ",") {
                        position += 1
                        continue
                    }
                    try expect(UInt8(ascii: "}"))
                    return .object(pairs)
                }
            case UInt8(ascii: "["):
                position += 1
                var elements: [Value] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(elements)
                }
                while true {
                    elements.append(try value(depth: depth + 1))
                    skipSpace()
                    guard position < bytes.count else { throw failure("unexpected end") }
                    if bytes[position] == UInt8(ascii: ",") {
                        position += 1
                        continue
                    }
                    try expect(UInt8(ascii: "]"))
                    return .array(elements)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try word("true", .bool(true))
            case UInt8(ascii: "f"): return try word("false", .bool(false))
            case UInt8(ascii: "n"): return try word("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try integer()
            default: throw failure("unexpected character")
            }
        }

        mutating func word(_ text: StaticString, _ result: Value) throws(Failure) -> Value {
            let count = text.utf8CodeUnitCount
            guard position + count <= bytes.count else { throw failure("unexpected end") }
            for index in 0..<count where bytes[position + index] != text.utf8Start[index] {
                throw failure("unexpected character")
            }
            position += count
            return result
        }

        mutating func integer() throws(Failure) -> Value {
            let start = position
            let negative = bytes[position] == UInt8(ascii: "-")
            if negative { position += 1 }
            var magnitude: UInt64 = 0
            var digits = 0
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                let (times, overflowTimes) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = times.addingReportingOverflow(UInt64(bytes[position] - UInt8(ascii: "0")))
                guard !overflowTimes, !overflowSum else { throw failure("number out of range") }
                magnitude = sum
                digits += 1
                position += 1
            }
            guard digits > 0 else { throw failure("expected a digit") }
            if position < bytes.count,
                bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: "e")
                    || bytes[position] == UInt8(ascii: "E")
            {
                throw failure("state files hold whole numbers only")
            }
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1 else { throw failure("number out of range") }
                return .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
            }
            guard magnitude <= UInt64(Int64.max) else {
                position = start
                throw failure("number out of range")
            }
            return .integer(Int64(magnitude))
        }

        mutating func string() throws(Failure) -> String {
            position += 1  // the opening quote
            let start = position
            // Most strings have no escapes: one pass finds the end, one copy makes the string.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: bytes[start..<position], as: UTF8.self)
                    position += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                guard byte >= 0x20 else { throw failure("control character in a string") }
                position += 1
            }
            var scalars = Array(bytes[start..<position])
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: scalars, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { throw failure("unexpected end") }
                    let escaped = bytes[position]
                    position += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0c)
                    case UInt8(ascii: "n"): scalars.append(0x0a)
                    case UInt8(ascii: "r"): scalars.append(0x0d)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code) {
                            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                                bytes[position + 1] == UInt8(ascii: "u")
                            else { throw failure("unpaired surrogate") }
                            position += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw failure("invalid escape") }
                        scalars += Array(String(Character(scalar)).utf8)
                    default: throw failure("invalid escape")
                    }
                default:
                    guard byte >= 0x20 else { throw failure("control character in a string") }
                    scalars.append(byte)
                }
            }
            throw failure("unterminated string")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard position + 4 <= bytes.count else { throw failure("unexpected end") }
            var code: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("invalid escape")
                }
                code = code << 4 | UInt32(digit)
                position += 1
            }
            return code
        }
    }

    // MARK: Decoding

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let value: Value
        do { value = try parse(bytes) } catch { throw error }
        return try T(from: TreeDecoder(value: value, codingPath: []))
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .object: "an object"
        case .array: "a list"
        case .string: "text"
        case .integer: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }

    static func mismatch(_ expected: String, _ value: Value, _ codingPath: [any CodingKey]) -> DecodingError {
        .typeMismatch(
            Any.self,
            .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(describe(value))"))
    }

    static func integer<T: FixedWidthInteger>(
        _ type: T.Type, _ value: Value, _ codingPath: [any CodingKey]
    ) throws
        -> T
    {
        guard case .integer(let number) = value else { throw mismatch("a number", value, codingPath) }
        guard let result = T(exactly: number) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "\(number) is out of range"))
        }
        return result
    }

    static func single<T: Decodable>(_ type: T.Type, _ value: Value, _ codingPath: [any CodingKey]) throws -> T {
        if T.self == String.self {
            guard case .string(let text) = value else { throw mismatch("text", value, codingPath) }
            return text as! T
        }
        if T.self == Int.self { return try integer(Int.self, value, codingPath) as! T }
        if T.self == Bool.self {
            guard case .bool(let flag) = value else { throw mismatch("true or false", value, codingPath) }
            return flag as! T
        }
        return try T(from: TreeDecoder(value: value, codingPath: codingPath))
    }

    struct TreeDecoder: Decoder {
        let value: Value
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let pairs) = value else { throw mismatch("an object", value, codingPath) }
            return KeyedDecodingContainer(KeyedDecoder<Key>(pairs: pairs, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let elements) = value else { throw mismatch("a list", value, codingPath) }
            return UnkeyedDecoder(elements: elements, codingPath: codingPath)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            SingleDecoder(value: value, codingPath: codingPath)
        }
    }

    struct KeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let pairs: [(key: String, value: Value)]
        let codingPath: [any CodingKey]

        var allKeys: [Key] { pairs.compactMap { Key(stringValue: $0.key) } }

        func contains(_ key: Key) -> Bool { lookup(key) != nil }

        private func lookup(_ key: Key) -> Value? {
            let name = key.stringValue
            for pair in pairs where pair.key == name { return pair.value }
            return nil
        }

        private func required(_ key: Key) throws -> Value {
            guard let value = lookup(key) else {
                throw DecodingError.keyNotFound(
                    key, .init(codingPath: codingPath, debugDescription: "no \"\(key.stringValue)\""))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool { lookup(key).map { $0 == .null } ?? true }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            try StateJSON.single(Bool.self, try required(key), codingPath + [key])
        }
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            let value = try required(key)
            guard case .string(let text) = value else { throw mismatch("text", value, codingPath + [key]) }
            return text
        }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
            throw mismatch("a fraction", try required(key), codingPath + [key])
        }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
            throw mismatch("a fraction", try required(key), codingPath + [key])
        }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try whole(type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try whole(type, key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try whole(type, key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try whole(type, key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try whole(type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try whole(type, key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try whole(type, key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try whole(type, key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try whole(type, key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try whole(type, key) }

        private func whole<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
            try StateJSON.integer(type, try required(key), codingPath + [key])
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try StateJSON.single(type, try required(key), codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try TreeDecoder(value: try required(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try TreeDecoder(value: try required(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            TreeDecoder(value: pairs.first { $0.key == "super" }?.value ?? .null, codingPath: codingPath)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            TreeDecoder(value: lookup(key) ?? .null, codingPath: codingPath + [key])
        }
    }

    struct UnkeyedDecoder: UnkeyedDecodingContainer {
        let elements: [Value]
        let codingPath: [any CodingKey]
        var currentIndex = 0

        init(elements: [Value], codingPath: [any CodingKey]) {
            self.elements = elements
            self.codingPath = codingPath
        }

        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        private mutating func next() throws -> (Value, [any CodingKey]) {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    Any.self, .init(codingPath: codingPath, debugDescription: "the list has no more elements"))
            }
            defer { currentIndex += 1 }
            return (elements[currentIndex], codingPath + [IndexKey(currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, elements[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try element(type) }
        mutating func decode(_ type: String.Type) throws -> String { try element(type) }
        mutating func decode(_ type: Double.Type) throws -> Double {
            let (value, path) = try next()
            throw mismatch("a fraction", value, path)
        }
        mutating func decode(_ type: Float.Type) throws -> Float {
            let (value, path) = try next()
            throw mismatch("a fraction", value, path)
        }
        mutating func decode(_ type: Int.Type) throws -> Int { try whole(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try whole(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try whole(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try whole(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try whole(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try whole(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try whole(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try whole(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try whole(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try whole(type) }

        private mutating func whole<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            let (value, path) = try next()
            return try StateJSON.integer(type, value, path)
        }

        private mutating func element<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, path) = try next()
            return try StateJSON.single(type, value, path)
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element(type) }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type
        ) throws -> KeyedDecodingContainer<NestedKey> {
            let (value, path) = try next()
            return try TreeDecoder(value: value, codingPath: path).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (value, path) = try next()
            return try TreeDecoder(value: value, codingPath: path).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            let (value, path) = try next()
            return TreeDecoder(value: value, codingPath: path)
        }
    }

    struct SingleDecoder: SingleValueDecodingContainer {
        let value: Value
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { value == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try StateJSON.single(type, value, codingPath) }
        func decode(_ type: String.Type) throws -> String { try StateJSON.single(type, value, codingPath) }
        func decode(_ type: Double.Type) throws -> Double { throw mismatch("a fraction", value, codingPath) }
        func decode(_ type: Float.Type) throws -> Float { throw mismatch("a fraction", value, codingPath) }
        func decode(_ type: Int.Type) throws -> Int { try StateJSON.integer(type, value, codingPath) }
        func decode(_ type: Int8.Type) throws -> Int8 { try StateJSON.integer(type, value, codingPath) }
        func decode(_ type: Int16.Type) throws -> Int16 { try StateJSON.integer(type, value, codingPath) }
        func decode(_ type: Int32.Type) throws -> Int32 { try StateJSON.integer(type, value, codingPath) }
        func decode(_ type: Int64.Type) throws -> Int64 { try StateJSON.integer(type, value, codingPath) }
        func decode(_ type: UInt.Type) throws -> UInt { try StateJSON.integer(type, value, codingPath) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try StateJSON.integer(type, value, codingPath) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try StateJSON.integer(type, value, codingPath) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try StateJSON.integer(type, value, codingPath) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try StateJSON.integer(type, value, codingPath) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try T(from: TreeDecoder(value: value, codingPath: codingPath))
        }
    }
}

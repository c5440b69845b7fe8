import Foundation

/// The `Decoder` face of Stet's state JSON: records decode from a parsed `StateJSON.Value` tree.
extension StateJSON {
    // MARK: Decoding

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let value: Value
        do { value = try parse(bytes) } catch { throw error }
        // Records that read their own tree (`StateRecord`): a document, read by every `show` and
        // for every row of the register, and the store's settings, read by every command. Found
        // by type: cheaper for a fresh process than asking for a protocol conformance.
        if T.self == Document.self { return try Document(stateJSON: value) as! T }
        if T.self == StoreConfiguration.self { return try StoreConfiguration(stateJSON: value) as! T }
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

/// The `Encoder` face of Stet's state JSON: records keep their synthesized `Encodable`
/// conformances and build a `StateJSON.Value` tree, written by `StateJSON.write`.
extension StateJSON {
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
}

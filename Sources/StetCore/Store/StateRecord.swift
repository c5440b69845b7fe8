/// A state file whose JSON form is written in one place: the tree it writes (`stateJSON`) and
/// the reading of that tree (`init(state:)`), side by side. Its `Codable` conformance goes through
/// both, so Foundation's coders (the JSON a command prints for scripts) and Stet's own give one
/// form, and there is no synthesized conformance to keep in step by hand. The record written at
/// every event (a document's) is one, and skips the `Codable` machinery both ways.
protocol StateRecord: Codable {
    var stateJSON: StateJSON.Value { get }
    init(state: inout StateJSON.Fields) throws(StateJSON.Failure)
}

extension StateRecord {
    /// Reads the record from its tree, refusing a tree with a key it does not write.
    init(stateJSON value: StateJSON.Value) throws(StateJSON.Failure) {
        var fields = try StateJSON.Fields(value)
        try self.init(state: &fields)
        try fields.finish()
    }

    /// For `Encodable`: the record's tree, to any encoder.
    func encodeTree(to encoder: any Encoder) throws { try stateJSON.encode(to: encoder) }

    /// For `Decodable`: the tree any decoder holds, read as the record reads it.
    static func decodeTree(from decoder: any Decoder) throws -> Self {
        try Self(stateJSON: try StateJSON.Value(from: decoder))
    }
}

extension StateJSON.Value {
    /// An object of the fields that are present. Listed in the order they are written (keys in
    /// byte order), the writer does not sort them again.
    static func fields(_ fields: KeyValuePairs<String, StateJSON.Value?>) -> StateJSON.Value {
        .object(fields.compactMap { field in field.value.map { (key: field.key, value: $0) } })
    }

    static func text(_ value: some CustomStringConvertible) -> StateJSON.Value { .string(value.description) }
    static func number(_ value: Int) -> StateJSON.Value { .integer(Int64(value)) }
    static func list<T>(_ values: [T], _ element: (T) -> StateJSON.Value) -> StateJSON.Value {
        .array(values.map(element))
    }
}

extension StateJSON {
    /// The fields of one object in a state file, read by key; `finish` refuses any left unread.
    struct Fields {
        private let pairs: [(key: String, value: Value)]
        /// The pairs read, by position: a record's object has a few dozen keys at most.
        private var read: UInt64 = 0

        init(_ value: Value) throws(Failure) {
            guard case .object(let pairs) = value else {
                throw Failure(description: "expected an object, found \(StateJSON.describe(value))")
            }
            guard pairs.count <= 64 else { throw Failure(description: "\(pairs.count) keys, more than any record has") }
            self.pairs = pairs
        }

        private mutating func take(_ key: String) -> Value? {
            // Objects hold a few dozen keys at most: a scan costs less than building an index.
            guard let index = pairs.firstIndex(where: { $0.key == key }) else { return nil }
            read |= 1 << UInt64(index)
            return pairs[index].value
        }

        /// The field `key`, read by `reading`; nil when absent.
        mutating func optional<T>(
            _ key: String, _ reading: (Value) throws(Failure) -> T
        ) throws(Failure) -> T? {
            guard let value = take(key) else { return nil }
            do { return try reading(value) } catch { throw Failure(description: "\(key): \(error.description)") }
        }

        /// The field `key`, read by `reading`; throws when absent.
        mutating func required<T>(
            _ key: String, _ reading: (Value) throws(Failure) -> T
        ) throws(Failure) -> T {
            guard let value = try optional(key, reading) else { throw Failure(description: "\(key) is missing") }
            return value
        }

        func finish() throws(Failure) {
            guard read.nonzeroBitCount < pairs.count else { return }
            let unread = pairs.indices.filter { read & (1 << UInt64($0)) == 0 }.map { pairs[$0].key }
            throw Failure(
                description: "\(unread.map { "'\($0)'" }.joined(separator: ", ")) unexpected (unknown or repeated)")
        }
    }
}

extension StateJSON {
    /// How each kind of value in a state file is read back: the inverse of `Value`'s `.string`,
    /// `.number`, `.text` and `.list`.
    enum Read {
        static func string(_ value: Value) throws(Failure) -> String {
            guard case .string(let text) = value else { throw mismatch("text", value) }
            return text
        }

        static func number(_ value: Value) throws(Failure) -> Int {
            guard case .integer(let number) = value, let whole = Int(exactly: number) else {
                throw mismatch("a whole number", value)
            }
            return whole
        }

        /// A value written as its text (`.text`): a time, a day, a state.
        static func text<T: LosslessTextForm>(_ value: Value) throws(Failure) -> T {
            let text = try string(value)
            guard let parsed = T(text) else { throw Failure(description: "cannot read '\(text)' as \(T.self)") }
            return parsed
        }

        static func list<T>(
            _ element: @escaping (Value) throws(Failure) -> T
        ) -> (Value) throws(Failure) -> [T] {
            { value throws(Failure) in
                guard case .array(let elements) = value else { throw mismatch("a list", value) }
                var result: [T] = []
                result.reserveCapacity(elements.count)
                for item in elements { result.append(try element(item)) }
                return result
            }
        }

        static func bool(_ value: Value) throws(Failure) -> Bool {
            guard case .bool(let flag) = value else { throw mismatch("true or false", value) }
            return flag
        }

        /// An object whose keys are names (a document's files, a store's types), each value read
        /// by `element`; a name twice is refused.
        static func named<T>(
            _ element: @escaping (Value) throws(Failure) -> T
        ) -> (Value) throws(Failure) -> [String: T] {
            { value throws(Failure) in
                guard case .object(let pairs) = value else { throw mismatch("an object", value) }
                var result: [String: T] = [:]
                for pair in pairs {
                    guard result[pair.key] == nil else { throw Failure(description: "'\(pair.key)' repeated") }
                    do throws(Failure) { result[pair.key] = try element(pair.value) } catch {
                        throw Failure(description: "\(pair.key): \(error.description)")
                    }
                }
                return result
            }
        }

        static func record<T: StateRecord>(_ value: Value) throws(Failure) -> T {
            try T(stateJSON: value)
        }

        private static func mismatch(_ expected: String, _ value: Value) -> Failure {
            Failure(description: "expected \(expected), found \(describe(value))")
        }
    }
}

/// A value whose state-file form is its text, read back by `init?(_:)`.
protocol LosslessTextForm: CustomStringConvertible {
    init?(_ text: String)
}

extension Timestamp: LosslessTextForm {}
extension Day: LosslessTextForm {}

extension StateJSON.Value: Codable {
    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let pairs):
            var container = encoder.container(keyedBy: Key.self)
            for pair in pairs { try container.encode(pair.value, forKey: Key(stringValue: pair.key)) }
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .integer(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: Key.self) {
            self = .object(
                try container.allKeys.map { key in
                    (key: key.stringValue, value: try container.decode(StateJSON.Value.self, forKey: key))
                })
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var elements: [StateJSON.Value] = []
            while !container.isAtEnd { elements.append(try container.decode(StateJSON.Value.self)) }
            self = .array(elements)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int64.self) {
            self = .integer(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}

import Foundation

/// Reading and writing the SSH wire encoding (RFC 4251): `string` is a 4-byte big-endian
/// length followed by the bytes.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    mutating func uint32(_ value: UInt32) {
        bytes.append(contentsOf: [
            UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff),
        ])
    }

    mutating func string(_ data: some Collection<UInt8>) {
        uint32(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    mutating func string(_ text: String) { string(Array(text.utf8)) }
}

/// A cursor over SSH wire-encoded bytes; every read fails cleanly on truncated input.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func raw(count: Int) -> [UInt8]? {
        guard count >= 0, bytes.count - offset >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func uint32() -> UInt32? {
        guard let four = raw(count: 4) else { return nil }
        return four.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string() -> [UInt8]? {
        guard let length = uint32(), length <= Limits.sshWireString else { return nil }
        return raw(count: Int(length))
    }

    mutating func text() -> String? {
        string().flatMap { String(validating: $0, as: UTF8.self) }
    }
}

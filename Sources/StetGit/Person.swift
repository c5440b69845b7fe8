import CLibgit2

/// Who made a commit and when: git's author and committer line.
public struct Person: Sendable, Equatable {
    public var name: String
    public var email: String
    /// Seconds since 1970 (UTC).
    public var time: Int64
    public var offsetMinutes: Int

    public init(name: String, email: String, time: Int64, offsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }
}

extension Person {
    init(_ signature: git_signature) {
        self.init(
            name: signature.name.map { String(cString: $0) } ?? "",
            email: signature.email.map { String(cString: $0) } ?? "",
            time: signature.when.time,
            offsetMinutes: Int(signature.when.offset))
    }
}

extension Person {
    /// Reads `Name <email> 1700000000 +0100` as git writes it; nil for anything else.
    init?(identity: ArraySlice<UInt8>) {
        guard let open = identity.lastIndex(of: UInt8(ascii: "<")),
            let close = identity.lastIndex(of: UInt8(ascii: ">")), open < close
        else { return nil }
        let name = identity[..<open]
        guard name.last == 0x20 else { return nil }
        let fields = identity[(close + 1)...].split(separator: 0x20, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].isEmpty, let time = Int64(String(decoding: fields[1], as: UTF8.self)),
            fields[2].count == 5, fields[2].first == UInt8(ascii: "+") || fields[2].first == UInt8(ascii: "-"),
            let zone = Int(String(decoding: fields[2].dropFirst(), as: UTF8.self))
        else { return nil }
        let minutes = zone / 100 * 60 + zone % 100
        self.init(
            name: String(decoding: name.dropLast(), as: UTF8.self),
            email: String(decoding: identity[(open + 1)..<close], as: UTF8.self), time: time,
            offsetMinutes: fields[2].first == UInt8(ascii: "-") ? -minutes : minutes)
    }
}

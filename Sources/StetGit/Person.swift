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

/// The OpenSSH allowed-signers format (`ssh-keygen(1)`, ALLOWED SIGNERS), which stock git reads
/// through `gpg.ssh.allowedSignersFile`.
enum AllowedSigners {
    /// One line per key a user has had, limited to the "git" namespace and the key's validity.
    static func text(for users: [User]) -> String {
        var lines = ["# Stet store signers: one line per key, valid only for the period it was registered."]
        for user in users.sorted(by: { $0.id < $1.id }) {
            for period in user.keys {
                var options = ["namespaces=\"git\"", "valid-after=\"\(format(period.validFrom))\""]
                if let until = period.validUntil { options.append("valid-before=\"\(format(until))\"") }
                lines.append("\(user.id) \(options.joined(separator: ",")) \(period.key)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `YYYYMMDDHHMMSSZ`: OpenSSH reads a trailing Z as UTC.
    static func format(_ time: Timestamp) -> String {
        time.description.filter { $0.isNumber } + "Z"
    }
}

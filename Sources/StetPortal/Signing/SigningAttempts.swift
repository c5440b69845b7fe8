import Foundation

/// Failed signing attempts, counted per user id and per address over a window: past the limit,
/// further attempts are refused without trying the passphrase, until the oldest failure in the
/// window is old enough. Guessing a passphrase through the portal is then slow for one user
/// from many addresses, and for many users from one address.
///
/// Unchecked Sendable: `failures` is read and written only with `lock` held.
final class SigningAttempts: @unchecked Sendable {
    static let window: Int64 = 15 * 60
    static let perUser = 5
    static let perAddress = 20
    /// Keys remembered at most; past it, those with no failure in the window are forgotten.
    static let mostRemembered = 50_000

    private let lock = NSLock()
    private var failures: [String: [Int64]] = [:]

    /// The seconds until `user` may try again from `address`; nil when they may now.
    func wait(user: String, address: String, now: Int64) -> Int64? {
        lock.lock()
        defer { lock.unlock() }
        let waits = [("user:" + user, Self.perUser), ("address:" + address, Self.perAddress)].compactMap {
            key, limit -> Int64? in
            let recent = recentFailures(key, now: now)
            guard recent.count >= limit else { return nil }
            return recent[recent.count - limit] + Self.window - now
        }
        return waits.max().map { max($0, 1) }
    }

    func failed(user: String, address: String, now: Int64) {
        lock.lock()
        defer { lock.unlock() }
        if failures.count >= Self.mostRemembered {
            failures = failures.filter { $0.value.contains { $0 > now - Self.window } }
        }
        for key in ["user:" + user, "address:" + address] {
            failures[key] = recentFailures(key, now: now) + [now]
        }
    }

    /// A signature made: the user's failures are forgotten (their address's are not).
    func succeeded(user: String) {
        lock.lock()
        defer { lock.unlock() }
        failures["user:" + user] = nil
    }

    private func recentFailures(_ key: String, now: Int64) -> [Int64] {
        (failures[key] ?? []).filter { $0 > now - Self.window }
    }
}

import Crypto
import Foundation

/// The token in each signing form: proof that the form was issued by this portal, for this
/// document and version, recently, and not posted before. A form made elsewhere, one replayed,
/// or one left open for hours is refused before any passphrase is tried.
///
/// A token is `nonce.expiry.mac`: a random nonce, the second it expires, and an HMAC-SHA256 over
/// both and what the form signs, under a key made when the portal starts (so a restart ends
/// every open form). Unchecked Sendable: `used` is read and written only with `lock` held.
final class FormTokens: @unchecked Sendable {
    private let key = SymmetricKey(size: .bits256)
    private let lock = NSLock()
    /// Nonces already posted, until they expire.
    private var used: [String: Int64] = [:]
    /// How long a form may stay open.
    static let lifetime: Int64 = 60 * 60
    /// More open tokens than this means someone is posting in a loop: new ones are refused until
    /// the oldest expire, rather than let memory grow.
    static let mostRemembered = 100_000

    func issue(for purpose: String, now: Int64) -> String {
        let nonce = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let expiry = now + Self.lifetime
        return "\(nonce).\(expiry).\(mac(nonce: nonce, expiry: expiry, purpose: purpose))"
    }

    enum Refusal: Error {
        case malformed, forged, expired, used, busy
    }

    /// Accepts `token` once, for `purpose`; every later post of it is refused.
    func redeem(_ token: String, for purpose: String, now: Int64) throws(Refusal) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0].utf8.count == 32, let expiry = Int64(parts[1]) else { throw .malformed }
        let expected = mac(nonce: parts[0], expiry: expiry, purpose: purpose)
        // Compared in constant time: how much of a guess matched is not told by the time taken.
        guard expected.utf8.count == parts[2].utf8.count,
            zip(expected.utf8, parts[2].utf8).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0
        else { throw .forged }
        guard expiry > now else { throw .expired }
        lock.lock()
        defer { lock.unlock() }
        if used.count >= Self.mostRemembered { used = used.filter { $0.value > now } }
        guard used.count < Self.mostRemembered else { throw .busy }
        guard used.updateValue(expiry, forKey: parts[0]) == nil else { throw .used }
    }

    private func mac(nonce: String, expiry: Int64, purpose: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(nonce)\n\(expiry)\n\(purpose)".utf8), using: key)
        return code.map { String(format: "%02x", $0) }.joined()
    }
}

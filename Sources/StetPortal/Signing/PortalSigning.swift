import Foundation
import StetCore
import StetGit

/// Signing in the browser: a member of staff acknowledges a version with their user id and
/// passphrase, which unlock their key, sealed in the portal's key folder (`--keys`), for that
/// one signature. The passphrase is never kept or logged. A post is accepted only with a form
/// token this portal issued for that document and version (`FormTokens`), and not at all while
/// that user or that address has failed too often (`SigningAttempts`).
public struct PortalSigning: Sendable {
    /// The key folder holding each signer's sealed key (`<keys>/keys/<user>.key`).
    public let keys: String
    let derivation: KeyDerivation
    let tokens = FormTokens()
    let attempts = SigningAttempts()

    /// Refuses a key folder that others may read, as every command does.
    public init(keys: String, derivation: KeyDerivation = .scrypt) throws(StetError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: keys, isDirectory: &isFolder), isFolder.boolValue else {
            throw .fileUnreadable(path: keys, reason: "no such key folder")
        }
        try KeyFolder.check(keys)
        self.keys = keys
        self.derivation = derivation
    }

    /// What a signing form posts, read from its body.
    struct Form {
        var version: Int
        var token: String
        var user: String
        var passphrase: String

        init(body: String) throws(PortalRefusal) {
            var fields: [String: String] = [:]
            for (name, value) in try PortalRoutes.parse(query: body, longest: 4096) {
                guard ["version", "token", "user", "passphrase"].contains(name) else {
                    throw .badRequest("the form holds an unknown field \"\(name.prefix(40))\"")
                }
                fields[name] = value
            }
            guard let version = fields["version"], let token = fields["token"], let user = fields["user"],
                let passphrase = fields["passphrase"]
            else { throw .badRequest("the form lacks a field: open the page again and sign from it") }
            self.version = try PortalInput.version(version)
            self.token = token
            self.user = user.trimmingCharacters(in: .whitespaces)
            self.passphrase = passphrase
        }
    }

    /// Whether signing failed because of who tried (counted against them) or because of what
    /// was signed (a second acknowledgement, a reader not in the distribution: not counted).
    static func isIdentityFailure(_ error: StetError) -> Bool {
        switch error {
        case .unknownUser, .wrongPassphrase, .keyMissing, .keyMismatch, .userRevoked, .invalidUserID: true
        default: false
        }
    }
}

extension PortalStore {
    /// The answer to a signing form posted for document `id` from `address`.
    public nonisolated func acknowledge(id: String, body: String, address: String) async -> Served {
        guard let signing else { return Served(response: .refusal(Self.signingUnavailable)) }
        let form: PortalSigning.Form
        let documentID: DocumentID
        do throws(PortalRefusal) {
            form = try PortalSigning.Form(body: body)
            documentID = try PortalInput.documentID(id)
        } catch {
            return Served(response: .refusal(error))
        }
        let now = now().seconds
        do {
            try signing.tokens.redeem(
                form.token, for: AcknowledgementPage.purpose(documentID.text, form.version), now: now)
        } catch {
            let why =
                switch error {
                case .expired: "This form was opened more than an hour ago."
                case .used: "This form was already posted once."
                case .busy: "The portal is refusing signatures for a while: too many forms were posted."
                case .malformed, .forged: "This form was not issued by this portal for this document and version."
                }
            return Served(
                response: .refusal(
                    PortalRefusal(
                        status: .forbidden, title: "Form refused",
                        message: why + " Open the document's acknowledgement page again and sign from there.")))
        }
        if let wait = signing.attempts.wait(user: form.user, address: address, now: now) {
            var response = PortalResponse.refusal(
                PortalRefusal(
                    status: .tooManyRequests, title: "Too many failed attempts",
                    message:
                        "Signing as this user, or from this address, failed too often. Try again in \((wait + 59) / 60) minute(s), or ask the quality team."
                ))
            response.retryAfter = wait
            return Served(response: response)
        }
        return await sign(documentID, form: form, address: address, signing: signing)
    }

    private func sign(_ id: DocumentID, form: PortalSigning.Form, address: String, signing: PortalSigning) -> Served {
        let snapshot: Snapshot
        switch currentState() {
        case .success(let current): snapshot = current
        case .failure(let refusal): return Served(response: .refusal(refusal))
        }
        // The form is shown again, with a new token, for anything that went wrong after the token.
        func again(_ problem: String, status: PortalResponse.Status) -> Served {
            guard let document = try? snapshot.document(id),
                let version = try? AcknowledgementPage.acknowledgeable(document, form.version, today: snapshot.today)
            else {
                return Served(
                    response: .refusal(PortalRefusal(status: status, title: "Not signed", message: problem)))
            }
            let token = signing.tokens.issue(
                for: AcknowledgementPage.purpose(document.id, version.version), now: now().seconds)
            return Served(
                response: .html(
                    AcknowledgementPage.form(
                        snapshot, document, version, token: token, user: form.user, problem: problem),
                    status: status))
        }
        do throws(StetError) {
            let user = try UserID(form.user)
            let recorded = try store.record(.acknowledge(document: id, version: form.version), as: user) {
                signer, _ throws(StetError) in
                try KeyFile.unlock(
                    user: signer.id, passphrase: form.passphrase, home: signing.keys, derivation: signing.derivation)
            }
            signing.attempts.succeeded(user: form.user)
            // The store stays pinned to the head it verified last: move it on to the new event's.
            guard case .success(let after) = currentState() else {
                throw StetError.storeCorrupt("the head just written cannot be read back")
            }
            let document = try after.document(id)
            let name = (try? after.user(user))??.name ?? user.text
            return Served(response: .html(AcknowledgementPage.signed(after, document, recorded, signer: name)))
        } catch {
            var message = error.errorDescription ?? "\(error)"
            switch error {
            case .keyMissing(let user, _):
                message =
                    "This portal holds no key for \(user): ask the quality team to add it to the portal's key folder."
            case .keyFileInvalid, .keyFileExposed:
                message =
                    "The portal's key for \(form.user) cannot be used: ask the quality team to check its key folder."
            default: break
            }
            if PortalSigning.isIdentityFailure(error) {
                signing.attempts.failed(user: form.user, address: address, now: now().seconds)
                return again(message, status: .forbidden)
            }
            switch error {
            case .noSuchDocument, .noSuchVersion: return again(message, status: .notFound)
            case .storeLocked, .concurrentUpdate: return again(message, status: .serviceUnavailable)
            default: return again(message, status: .conflict)
            }
        }
    }

    static let signingUnavailable = PortalRefusal(
        status: .notFound, title: "Signing is not available here",
        message:
            "This portal was started without a key folder (stet serve --keys), so nobody can sign in it. Use stet acknowledge, or ask the quality team."
    )
}

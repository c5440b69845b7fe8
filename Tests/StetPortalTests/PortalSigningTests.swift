import Foundation
import Testing

@testable import StetCore
@testable import StetPortal
@testable import StetTestSupport

/// Acknowledgement in the browser: the meaning shown first, both components at each signing,
/// forms only from this portal and only once, and guessing slowed per user and per address.
@Suite struct PortalSigningTests {
    /// Opens the signing page of `id` and posts it with `user` and `passphrase`.
    private func sign(
        _ portal: PortalFixture, _ id: DocumentID, user: String = "sam",
        passphrase: String = PortalFixture.samPassphrase, from address: String = "192.0.2.1"
    ) async throws -> (status: Int, text: String, served: PortalStore.Served) {
        let form = await portal.get("/documents/\(id.text)/acknowledge")
        #expect(form.status == 200)
        let token = try #require(PortalFixture.token(in: form.text))
        return await portal.post(
            id.text, [("version", "1"), ("token", token), ("user", user), ("passphrase", passphrase)], from: address)
    }

    @Test func documentPageLinksToTheFormOnlyWhenThePortalTakesSignatures() async throws {
        let signing = try PortalFixture(signing: true)
        let page = await signing.get("/documents/\(signing.inForce.text)")
        #expect(page.text.contains("href=\"/documents/\(signing.inForce.text)/acknowledge?version=1\""))
        let superseded = await signing.get("/documents/\(signing.revised.text)/versions/1")
        #expect(!superseded.text.contains("/acknowledge"))

        let plain = try PortalFixture()
        #expect(!(await plain.get("/documents/\(plain.inForce.text)")).text.contains("/acknowledge"))
        let refused = await plain.get("/documents/\(plain.inForce.text)/acknowledge")
        #expect(refused.status == 404)
        #expect(refused.text.contains("started without a key folder"))
        let posted = await plain.post(plain.inForce.text, [("version", "1")])
        #expect(posted.status == 404)
    }

    @Test func theFormSaysWhatIsSignedAndIsNeverKept() async throws {
        let portal = try PortalFixture(signing: true)
        let first = await portal.get("/documents/\(portal.inForce.text)/acknowledge")
        #expect(first.status == 200)
        #expect(
            first.text.contains("acknowledgement (read and understood) of \(portal.inForce.text) v1 — Hand hygiene"))
        #expect(first.text.contains("type=\"password\""))
        #expect(first.served.entityTag == nil)
        let second = await portal.get("/documents/\(portal.inForce.text)/acknowledge")
        #expect(PortalFixture.token(in: first.text) != PortalFixture.token(in: second.text))
        // Nothing to acknowledge: a draft only, a retired document, a version not in force.
        #expect((await portal.get("/documents/\(portal.draftOnly.text)/acknowledge")).status == 404)
        #expect((await portal.get("/documents/\(portal.retired.text)/acknowledge")).status == 404)
        #expect((await portal.get("/documents/\(portal.revised.text)/acknowledge?version=1")).status == 404)
        #expect((await portal.get("/documents/\(portal.inForce.text)/acknowledge?version=x")).status == 400)
    }

    @Test func signingRecordsTheAcknowledgementAndTheHistoryStillVerifies() async throws {
        let portal = try PortalFixture(signing: true)
        let signed = try await sign(portal, portal.inForce)
        #expect(signed.status == 200, "\(signed.text)")
        #expect(signed.text.contains("Sam Okafor signed the acknowledgement (read and understood) of"))
        let snapshot = try portal.fixture.store.snapshot()
        let report = try snapshot.acknowledgements(of: portal.inForce, version: 1, on: snapshot.today)
        #expect(report.entries.contains { $0.user.id == "sam" && $0.acknowledgement != nil })
        let event = try #require(try snapshot.history(of: portal.inForce).first?.event)
        #expect(event.kind == .acknowledge && event.actor == "sam")
        _ = try Store.open(at: portal.fixture.folder).verify()
        // A second acknowledgement of the same version is refused by the rules, not counted as a guess.
        let again = try await sign(portal, portal.inForce)
        #expect(again.status == 409)
        #expect(again.text.contains("already"))
    }

    @Test func aWrongPassphraseIsRefusedAndTheFormComesBackWithANewToken() async throws {
        let portal = try PortalFixture(signing: true)
        let wrong = try await sign(portal, portal.inForce, passphrase: "not sam's passphrase")
        #expect(wrong.status == 403)
        #expect(wrong.text.contains("role=\"alert\""))
        #expect(wrong.text.contains("passphrase"))
        #expect(!wrong.text.contains("not sam&#39;s passphrase") && !wrong.text.contains("not sam's passphrase"))
        #expect(PortalFixture.token(in: wrong.text) != nil)
        let unknown = try await sign(portal, portal.inForce, user: "nobody")
        #expect(unknown.status == 403)
        let noKey = try await sign(portal, portal.inForce, user: "alice")
        #expect(noKey.status == 403)
        #expect(noKey.text.contains("holds no key for alice"))
        #expect(!noKey.text.contains(portal.keys!))
    }

    @Test func failedAttemptsAreLimitedPerUserAndPerAddress() async throws {
        let portal = try PortalFixture(signing: true)
        for attempt in 1...SigningAttempts.perUser {
            let wrong = try await sign(portal, portal.inForce, passphrase: "wrong guess \(attempt)")
            #expect(wrong.status == 403)
        }
        // Now even the right passphrase waits, from any address.
        let limited = try await sign(portal, portal.inForce, from: "198.51.100.7")
        #expect(limited.status == 429)
        #expect(limited.served.response.retryAfter ?? 0 > 0)
        #expect(limited.text.contains("Too many failed attempts"))
        // After the window, the user may sign again.
        portal.fixture.clock.advance(days: 0, seconds: SigningAttempts.window + 1)
        #expect(try await sign(portal, portal.inForce).status == 200)

        // One address guessing many users is limited too.
        let busy = try PortalFixture(signing: true)
        for attempt in 1...SigningAttempts.perAddress {
            _ = try await sign(busy, busy.inForce, user: "user\(attempt)", from: "203.0.113.9")
        }
        #expect(try await sign(busy, busy.inForce, from: "203.0.113.9").status == 429)
        #expect(try await sign(busy, busy.inForce, from: "203.0.113.10").status == 200)
    }

    @Test func formsNotIssuedHereUsedTwiceOrLeftOpenAreRefused() async throws {
        let portal = try PortalFixture(signing: true)
        let form = await portal.get("/documents/\(portal.inForce.text)/acknowledge")
        let token = try #require(PortalFixture.token(in: form.text))
        func post(_ token: String, id: DocumentID? = nil, version: String = "1") async -> (Int, String) {
            let result = await portal.post(
                (id ?? portal.inForce).text,
                [("version", version), ("token", token), ("user", "sam"), ("passphrase", PortalFixture.samPassphrase)])
            return (result.status, result.text)
        }
        // A forged token: the code changed, or a made-up one.
        var forged = Array(token)
        forged[forged.count - 1] = forged.last == "0" ? "1" : "0"
        #expect(await post(String(forged)).0 == 403)
        #expect(await post("0123456789abcdef0123456789abcdef.99999999999.00").1.contains("not issued by this portal"))
        // A token for one document does not sign another, nor another version.
        #expect(await post(token, id: portal.revised, version: "2").0 == 403)
        #expect(await post(token, version: "2").0 == 403)
        // Left open past its lifetime.
        portal.fixture.clock.advance(days: 0, seconds: FormTokens.lifetime + 1)
        let expired = await post(token)
        #expect(expired.0 == 403)
        #expect(expired.1.contains("more than an hour ago"))
        // Used once, refused the second time.
        let fresh = try #require(
            PortalFixture.token(in: (await portal.get("/documents/\(portal.inForce.text)/acknowledge")).text))
        #expect(await post(fresh).0 == 200)
        let replayed = await post(fresh)
        #expect(replayed.0 == 403)
        #expect(replayed.1.contains("already posted once"))
    }

    @Test func malformedFormsAreRefusedByName() async throws {
        let portal = try PortalFixture(signing: true)
        let missing = await portal.post(portal.inForce.text, [("version", "1"), ("user", "sam")])
        #expect(missing.status == 400)
        let extra = await portal.post(portal.inForce.text, [("version", "1"), ("admin", "yes")])
        #expect(extra.status == 400)
        #expect(extra.text.contains("unknown field"))
        let badVersion = await portal.post(
            portal.inForce.text, [("version", "01"), ("token", "x"), ("user", "sam"), ("passphrase", "p")])
        #expect(badVersion.status == 400)
    }
}

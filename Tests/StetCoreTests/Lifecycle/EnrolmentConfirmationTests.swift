import Foundation
import Testing

@testable import StetCore
@testable import StetTestSupport

/// Four eyes on enrolment: with the store setting on, one controller cannot create a signer alone.
@Suite("Enrolment confirmation")
struct EnrolmentConfirmationTests {
    let fixture: StoreFixture

    init() throws {
        fixture = try StoreFixture()
        let sam = SigningKey.generate(user: "sam")
        fixture.keys["sam"] = sam
        try fixture.record(
            .addUser(NewUser(id: "sam", name: "Sam Okafor", roles: [.controller], key: sam.publicKey)), as: "dana")
    }

    func enrol(_ id: String, roles: [Role], by controller: String) throws {
        let key = SigningKey.generate(user: id)
        fixture.keys[id] = key
        try fixture.record(
            .addUser(NewUser(id: try UserID(id), name: "User \(id.capitalized)", roles: roles, key: key.publicKey)),
            as: controller)
    }

    @Test("Needs two active controllers to switch on, and cannot be switched on twice")
    func switchingOn() throws {
        try fixture.record(.revokeUser(id: "sam", reason: "Left"), as: "dana")
        #expect(
            throws: StetError.invalidText(
                field: "enrolment confirmation",
                problem: "it needs a second controller to confirm; enrol another controller first")
        ) {
            try fixture.record(.requireEnrolmentConfirmation, as: "dana")
        }
        try enrol("tess", roles: [.controller], by: "dana")
        try fixture.record(.requireEnrolmentConfirmation, as: "dana")
        #expect(try fixture.store.snapshot().configuration().requiresEnrolmentConfirmation)
        #expect(throws: StetError.self) { try fixture.record(.requireEnrolmentConfirmation, as: "tess") }
    }

    @Test("An unconfirmed user can neither sign nor be assigned; the enroller cannot confirm; another controller can")
    func pendingUntilConfirmed() throws {
        try fixture.record(.requireEnrolmentConfirmation, as: "dana")
        try enrol("mal", roles: [.author, .approver], by: "dana")
        #expect(try fixture.store.snapshot().user("mal")?.isPending == true)
        #expect(throws: StetError.enrolmentUnconfirmed("mal")) {
            try fixture.record(.create(type: "sop", title: "T", content: Array("# T\n".utf8), reason: "New"), as: "mal")
        }
        let id = try #require(
            try fixture.record(
                .create(type: "sop", title: "T", content: Array("# T\n".utf8), reason: "New"), as: "alice"
            )
            .event.documentID)
        #expect(throws: StetError.enrolmentUnconfirmed("mal")) {
            try fixture.record(.submit(document: id, reviewers: ["bob"], approvers: ["mal"]), as: "alice")
        }
        #expect(throws: StetError.selfConfirmation(user: "mal", controller: "dana")) {
            try fixture.record(.confirmUser(id: "mal"), as: "dana")
        }
        try fixture.record(.confirmUser(id: "mal"), as: "sam")
        let mal = try #require(try fixture.store.snapshot().user("mal"))
        #expect(!mal.isPending)
        #expect(mal.confirmation?.by == "sam")
        try fixture.record(.submit(document: id, reviewers: ["bob"], approvers: ["mal"]), as: "alice")
        #expect(throws: StetError.self) { try fixture.record(.confirmUser(id: "mal"), as: "sam") }

        let report = try fixture.store.verify()
        #expect(report.isClean, "\(report.problems)")
        let enrolment = try #require(report.enrolments.first { $0.user == "mal" })
        #expect(enrolment.enrolledBy == "dana")
        #expect(enrolment.confirmedBy == "sam")
    }

    @Test("A controller who will not confirm can be revoked; the one controller left confirms alone, and it shows")
    func soleControllerConfirmsAlone() throws {
        try fixture.record(.requireEnrolmentConfirmation, as: "dana")
        try enrol("tess", roles: [.controller], by: "dana")
        // Sam will not confirm Tess; Dana cannot while Sam can, so Dana revokes Sam.
        #expect(throws: StetError.selfConfirmation(user: "tess", controller: "dana")) {
            try fixture.record(.confirmUser(id: "tess"), as: "dana")
        }
        try fixture.record(.revokeUser(id: "sam", reason: "Refused to confirm enrolments"), as: "dana")
        try fixture.record(.confirmUser(id: "tess"), as: "dana")
        let tess = try #require(try fixture.store.snapshot().user("tess"))
        #expect(tess.confirmation?.alone == true)
        // With two controllers again, four eyes are back.
        try enrol("uma", roles: [.author], by: "tess")
        #expect(throws: StetError.selfConfirmation(user: "uma", controller: "tess")) {
            try fixture.record(.confirmUser(id: "uma"), as: "tess")
        }
        try fixture.record(.confirmUser(id: "uma"), as: "dana")
        let report = try fixture.store.verify()
        #expect(report.isClean, "\(report.problems)")
        #expect(report.enrolments.first { $0.user == "tess" }?.confirmedAlone == true)
        #expect(report.enrolments.first { $0.user == "uma" }?.confirmedAlone == false)
    }
}

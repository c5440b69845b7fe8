import Testing

@testable import StetCore

@Suite("Event messages")
struct EventTests {
    func sample() -> Event {
        let user = User(
            id: "maya", name: "Dr Maya Patel", roles: [.approver], keys: [], added: Timestamp(seconds: 0),
            addedBy: "dana",
            revocation: nil)
        var event = Event(kind: .approve, sequence: 17, actor: user, role: .approver, meaning: .approval)
        event.document = "SOP-0004"
        event.revision = 3
        event.stateBefore = .inReview
        event.stateAfter = .approved
        event.reason = "Meets ISO 15189 7.2: ok"
        event.contentHash = "sha256:abc"
        return event
    }

    @Test("A message reads as a sentence and round-trips through its trailers")
    func roundTrip() throws {
        let event = sample()
        #expect(event.summary == "SOP-0004 revision 3 approved by Dr Maya Patel")
        #expect(event.message.contains("\nStet-Meaning: approval\n"))
        #expect(Event(message: event.message) == event)
    }

    @Test("A message that is not exactly what its fields produce is not an event")
    func strictParsing() {
        let message = sample().message
        #expect(
            Event(message: message.replacingOccurrences(of: "approved by Dr Maya", with: "approved by Prof Maya"))
                == nil)
        #expect(Event(message: message + "Signed-off-by: someone\n") == nil)
        #expect(Event(message: message.replacingOccurrences(of: "Stet-Sequence: 17", with: "Stet-Sequence: x")) == nil)
        #expect(Event(message: "Just a commit\n") == nil)
    }
}

import Testing

@testable import StetCore
@testable import StetTestSupport

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

    @Test("Every event reads back from its message, every optional trailer present and absent")
    func randomEventsRoundTrip() {
        var random = SplitMix64(seed: 20_261_129)
        for _ in 0..<500 {
            let event = Self.randomEvent(&random)
            #expect(Event(message: event.message) == event, "\(event.message)")
        }
    }

    @Test("A message altered in any byte reads as nothing, or as an event that writes exactly it")
    func alteredMessagesAreEventsOnlyIfExact() {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("\n :,-0+aSt".utf8) + [0xFF, 0xC3]
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = Array(Self.randomEvent(&random).message.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[at] = alphabet.randomElement(using: &random)!
                case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
                case 2: bytes.remove(at: at)
                default:
                    // A whole line repeated or moved.
                    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                    var moved = Array(lines)
                    let from = Int.random(in: 0..<moved.count, using: &random)
                    moved.insert(moved[from], at: Int.random(in: 0...moved.count, using: &random))
                    if Bool.random(using: &random) { moved.remove(at: from) }
                    bytes = Array(moved.joined(separator: [0x0A]))
                }
                if bytes.isEmpty { bytes = [0x0A] }
            }
            let parsed = bytes.withUnsafeBufferPointer { Event(messageBytes: $0) }
            if let parsed {
                accepted += 1
                #expect(Array(parsed.message.utf8) == bytes)
            }
        }
        // Some alterations keep a valid event (a changed title, reason or actor name).
        #expect(accepted > 0)
    }

    @Test("Values in a form their field does not write are refused")
    func nonCanonicalValues() {
        let message = sample().message
        for (from, to) in [
            ("Stet-Sequence: 17", "Stet-Sequence: 017"), ("Stet-Sequence: 17", "Stet-Sequence: +17"),
            ("Stet-Revision: 3", "Stet-Revision:  3"),
            ("Stet-State: in-review -> approved", "Stet-State: in-review->approved"),
            ("Stet-Role: approver", "Stet-Role: Approver"), ("Stet-Reason: Meets", "Stet-Reason:Meets"),
        ] {
            #expect(message.contains(from))
            #expect(Event(message: message.replacingOccurrences(of: from, with: to)) == nil, "\(to)")
        }
        var listed = sample()
        listed.reviewers = ["lena", "tom"]
        listed.effective = Day(year: 2026, month: 3, day: 1)
        #expect(Event(message: listed.message) == listed)
        #expect(Event(message: listed.message.replacingOccurrences(of: "lena, tom", with: "lena,tom")) == nil)
        #expect(Event(message: listed.message.replacingOccurrences(of: "2026-03-01", with: "2026-3-01")) == nil)
        // A previous event and a key fingerprint only as format 2 writes them.
        var formatTwo = sample()
        formatTwo.previousEvent = String(repeating: "0123456789", count: 4)
        formatTwo.signingKey = "SHA256:al20znR9NfIk1alshUUC4uzAvdZM+zy1QFSzkfPF1zQ"
        #expect(Event(message: formatTwo.message) == formatTwo)
        for (from, to) in [
            ("0123456789012345678901234567890123456789", "0123456789012345678901234567890123456789 "),
            ("0123456789012345678901234567890123456789", "012345678901234567890123456789012345678"),
            ("0123456789012345678901234567890123456789", "0123456789012345678901234567890123456789a"),
            ("0123456789012345678901234567890123456789", "012345678901234567890123456789012345678A"),
            (
                "SHA256:al20znR9NfIk1alshUUC4uzAvdZM+zy1QFSzkfPF1zQ",
                "SHA256:al20znR9NfIk1alshUUC4uzAvdZM+zy1QFSzkfPF1zQ="
            ),
            (
                "SHA256:al20znR9NfIk1alshUUC4uzAvdZM+zy1QFSzkfPF1zQ",
                "sha256:al20znR9NfIk1alshUUC4uzAvdZM+zy1QFSzkfPF1zQ"
            ),
            (
                "SHA256:al20znR9NfIk1alshUUC4uzAvdZM+zy1QFSzkfPF1zQ",
                "SHA256:al20znR9NfIk1alshUUC4uzAvdZM+zy1QFSzkfPF1zR"
            ),
            (
                "SHA256:al20znR9NfIk1alshUUC4uzAvdZM+zy1QFSzkfPF1zQ",
                "SHA256:al20znR9NfIk1alshUUC4uzAvdZM-zy1QFSzkfPF1zQ"
            ),
        ] {
            let altered = formatTwo.message.replacingOccurrences(of: from, with: to)
            #expect(altered != formatTwo.message)
            #expect(Event(message: altered) == nil, "\(to)")
        }
        // Trailers out of their order, or one given twice.
        let swapped = message.replacingOccurrences(
            of: "Stet-Actor: maya\nStet-Actor-Name: Dr Maya Patel\n",
            with: "Stet-Actor-Name: Dr Maya Patel\nStet-Actor: maya\n")
        #expect(swapped != message)
        #expect(Event(message: swapped) == nil)
        #expect(
            Event(
                message: message.replacingOccurrences(
                    of: "Stet-Role: approver\n", with: "Stet-Role: approver\nStet-Role: approver\n")) == nil)
        // Bytes that are not UTF-8 in a value.
        var bytes = Array(message.utf8)
        let reason = bytes.firstRange(of: Array("Meets".utf8))!
        bytes[reason.lowerBound] = 0xFF
        #expect(bytes.withUnsafeBufferPointer { Event(messageBytes: $0) } == nil)
    }

    static func randomEvent(_ random: inout SplitMix64) -> Event {
        func word() -> String {
            let pieces = ["SOP-0001", "Dr Maya Patel", "a: b", "été", "x -> y", "-", "0", "lena", "Q&A", "tab\tin"]
            return (0..<Int.random(in: 1...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined(separator: " ")
        }
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &random) ? make() : nil }
        func number() -> Int { Int.random(in: -3...100_000, using: &random) }
        func ids() -> [String] {
            (0..<Int.random(in: 1...3, using: &random)).map { _ in
                ["lena", "tom", "ravi", "a.b"].randomElement(using: &random)!
            }
        }
        func roles() -> [Role] {
            (0..<Int.random(in: 1...3, using: &random)).map { _ in Role.allCases.randomElement(using: &random)! }
        }
        let user = User(
            id: "maya", name: word(), roles: [.approver], keys: [], added: Timestamp(seconds: 0), addedBy: "dana",
            revocation: nil)
        var event = Event(
            kind: EventKind.allCases.randomElement(using: &random)!, sequence: number(), actor: user,
            role: Role.allCases.randomElement(using: &random)!,
            meaning: [Meaning.authorship, .review, .approval, .issue, .administration].randomElement(using: &random)!)
        let states: [EventState] = [.none, .draft, .inReview, .approved, .issued, .effective, .retired]
        event.document = maybe(word)
        event.type = maybe(word)
        event.title = maybe(word)
        event.revision = maybe(number)
        event.version = maybe(number)
        event.versionLabel = maybe(word)
        if Bool.random(using: &random) {
            event.stateBefore = states.randomElement(using: &random)!
            event.stateAfter = states.randomElement(using: &random)!
        }
        event.verdict = maybe(word)
        event.reason = maybe(word)
        event.reviewers = maybe(ids)
        event.approvers = maybe(ids)
        event.effective = maybe { Day(daysSinceEpoch: Int.random(in: 0...40_000, using: &random)) }
        event.subjectUser = maybe(word)
        event.subjectName = maybe(word)
        event.subjectRoles = maybe(roles)
        event.subjectKey = maybe(word)
        event.typePrefix = maybe(word)
        event.typeDigits = maybe(number)
        event.typeReviewMonths = maybe(number)
        event.typeApprovals = maybe(number)
        event.distributionUsers = maybe(ids)
        event.distributionRoles = maybe(roles)
        event.owner = maybe(word)
        event.department = maybe(word)
        event.source = maybe(word)
        event.attachments = maybe(ids)
        event.copyNumber = maybe(number)
        event.copyHolder = maybe(word)
        event.copyFile = maybe(word)
        event.organisation = maybe(word)
        event.timeZone = maybe(word)
        event.contentHash = maybe(word)
        event.previousEvent = maybe {
            (0..<40).map { _ in String("0123456789abcdef".randomElement(using: &random)!) }.joined()
        }
        event.signingKey = maybe {
            let digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            // The last of 43 digits carries the digest's final 4 bits: its two low bits are zero.
            return "SHA256:" + (0..<42).map { _ in String(digits.randomElement(using: &random)!) }.joined()
                + String("AEIMQUYcgkosw048".randomElement(using: &random)!)
        }
        return event
    }
}

import Foundation
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
        let header = Event.DocumentHeader(
            document: "SOP-0004", revision: 3, stateBefore: .inReview, stateAfter: .approved,
            contentHash: "sha256:abc")
        return Event(
            .approve(header, comment: "Meets ISO 15189 7.2: ok"), sequence: 17, actor: user, role: .approver,
            meaning: .approval)
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

    @Test("Each trailer is named by its case in words, and the log's JSON names each field by its case")
    func trailerNames() throws {
        for trailer in EventTrailer.allCases {
            var words = "Stet-"
            for character in String(describing: trailer) {
                if character.isUppercase { words += "-" }
                words += words.last == "-" ? character.uppercased() : String(character)
            }
            #expect(trailer.name == words)
        }
        var random = SplitMix64(seed: 7)
        let renamed: [EventTrailer: [String]] = [
            .event: ["kind"], .state: ["stateBefore", "stateAfter"], .effectiveDate: ["effective"],
            .copy: ["copyNumber"],
        ]
        for _ in 0..<200 {
            let event = Self.randomEvent(&random)
            let object = try #require(
                try JSONSerialization.jsonObject(with: JSONEncoder().encode(event)) as? [String: Any])
            let expected = EventTrailer.allCases.filter { event.written($0) != nil }.flatMap {
                renamed[$0] ?? [String(describing: $0)]
            }
            #expect(Set(object.keys) == Set(expected))
        }
    }

    @Test("A trailer its kind does not write makes a message no event, even one another kind writes")
    func foreignTrailers() {
        var approval = sample()
        #expect(Event(message: approval.message) == approval)
        for (after, line) in [
            ("Stet-Revision: 3\n", "Stet-Version: 2\n"), ("Stet-Meaning: approval\n", "Stet-Verdict: accepted\n"),
            ("Stet-Reason: Meets ISO 15189 7.2: ok\n", "Stet-Copy: 1\n"),
        ] {
            #expect(
                Event(message: approval.message.replacingOccurrences(of: after, with: after + line)) == nil, "\(line)")
        }
        var header = approval.payload.header!
        header.revision = nil
        header.contentHash = nil
        approval.payload = .recallCopy(header, .init(version: 2, number: 4), reason: "Damaged")
        let recall = approval.message
        #expect(Event(message: recall) == approval)
        let document = "Stet-Document: SOP-0004\n"
        #expect(Event(message: recall.replacingOccurrences(of: document, with: document + "Stet-Revision: 3\n")) == nil)
        #expect(Event(message: recall + "Stet-Content-Hash: sha256:abc\n") == nil)
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
        listed.payload = .submit(listed.payload.header!, reviewers: ["lena", "tom"], approvers: ["ravi"])
        #expect(Event(message: listed.message) == listed)
        #expect(Event(message: listed.message.replacingOccurrences(of: "lena, tom", with: "lena,tom")) == nil)
        var dated = sample()
        dated.payload = .issue(dated.payload.header!, version: 2, effective: Day(year: 2026, month: 3, day: 1))
        #expect(Event(message: dated.message) == dated)
        #expect(Event(message: dated.message.replacingOccurrences(of: "2026-03-01", with: "2026-3-01")) == nil)
        // A previous event and a key fingerprint only as format 2 writes them.
        var formatTwo = sample()
        formatTwo.payload.changeHeader { $0.previousEvent = String(repeating: "0123456789", count: 4) }
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
        let states: [EventState] = [.none, .draft, .inReview, .approved, .issued, .effective, .retired]
        func day() -> Day { Day(daysSinceEpoch: Int.random(in: 0...40_000, using: &random)) }
        var header = Event.DocumentHeader(
            document: word(),
            previousEvent: maybe {
                (0..<40).map { _ in String("0123456789abcdef".randomElement(using: &random)!) }.joined()
            },
            revision: maybe(number), stateBefore: states.randomElement(using: &random)!,
            stateAfter: states.randomElement(using: &random)!, contentHash: maybe(word))
        let enrolment = Event.Enrolment(user: word(), name: word(), roles: roles(), key: word())
        let copy = Event.Copy(version: number(), number: number())
        let stored = Event.Content(attachments: maybe(ids), clauses: maybe(ids))
        let kind = EventKind.allCases.randomElement(using: &random)!
        // A kind's header names a revision and content only where the kind does.
        if !kind.namesRevision { header.revision = nil }
        if !kind.namesContent { header.contentHash = nil }
        let payload: Event.Payload =
            switch kind {
            case .initialize: .initialize(enrolment, configurationHash: word())
            case .addUser: .addUser(enrolment)
            case .revokeUser: .revokeUser(user: word(), reason: word())
            case .confirmUser: .confirmUser(user: word(), name: word(), key: maybe(word), roles: maybe(roles))
            case .requireEnrolmentConfirmation: .requireEnrolmentConfirmation
            case .rekeyUser: .rekeyUser(user: word(), name: word(), key: word(), reason: word())
            case .setRoles: .setRoles(user: word(), name: word(), roles: roles(), reason: word())
            case .setType:
                .setType(
                    name: word(),
                    .init(
                        title: word(), prefix: word(), digits: number(), reviewMonths: number(), approvals: number(),
                        reviewerMayApprove: maybe { Bool.random(using: &random) }))
            case .configureStore: .configureStore(organisation: maybe(word), timeZone: maybe(word))
            case .create: .create(header, type: word(), title: word(), reason: word(), stored)
            case .edit: .edit(header, reason: word(), stored)
            case .submit: .submit(header, reviewers: ids(), approvers: ids())
            case .review: .review(header, verdict: word(), comment: maybe(word))
            case .approve: .approve(header, comment: maybe(word))
            case .reject: .reject(header, reason: word())
            case .issue: .issue(header, version: number(), effective: day())
            case .retire: .retire(header, version: maybe(number), reason: word())
            case .reaffirm: .reaffirm(header, version: number(), comment: word())
            case .distribute: .distribute(header, users: ids(), roles: roles())
            case .acknowledge: .acknowledge(header, version: number())
            case .importDocument:
                .importDocument(
                    header,
                    .init(
                        type: word(), title: word(), version: maybe(number), versionLabel: maybe(word),
                        effective: maybe(day), source: word(), attachments: maybe(ids), partOf: maybe(ids),
                        clauses: maybe(ids)))
            case .updateDocument:
                .updateDocument(
                    header, .init(title: word(), owner: word(), department: maybe(word), partOf: maybe(ids)),
                    reason: word())
            case .reassign: .reassign(header, reviewers: ids(), approvers: ids(), reason: word())
            case .withdraw: .withdraw(header, reason: word())
            case .issueCopy: .issueCopy(header, copy, holder: word(), file: word())
            case .recallCopy: .recallCopy(header, copy, reason: word())
            case .destroyCopy: .destroyCopy(header, copy)
            }
        var event = Event(
            payload, sequence: number(), actor: user, role: Role.allCases.randomElement(using: &random)!,
            meaning: [Meaning.authorship, .review, .approval, .issue, .administration].randomElement(using: &random)!)
        event.signingKey = maybe {
            let digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            // The last of 43 digits carries the digest's final 4 bits: its two low bits are zero.
            return "SHA256:" + (0..<42).map { _ in String(digits.randomElement(using: &random)!) }.joined()
                + String("AEIMQUYcgkosw048".randomElement(using: &random)!)
        }
        return event
    }
}

extension Event {
    /// A trailer's value as the event's message writes it: one field of any kind, for tests.
    func written(_ trailer: EventTrailer) -> String? { trailerValues[trailer.rawValue] }
}

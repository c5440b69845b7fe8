import Foundation
import Testing

@testable import StetCore
@testable import StetTestSupport

/// Stet's own JSON codec against Foundation's `JSONEncoder`, which wrote every store before it:
/// both must give the same bytes, so older stores read and verify unchanged.
@Suite("State file codec")
struct StateJSONTests {
    static let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    @Test(
        "Every state file of a store with imports, revisions, copies and users is written byte for byte as Foundation wrote it"
    )
    func storeFiles() throws {
        let workspace = try Workspace()
        let sop = try workspace.create("sop", title: "Specimen reception — «slashes» / and \"quotes\"")
        try workspace.release(sop)
        try workspace.expectSuccess(
            ["copies", "issue", sop, "--to", "Bench 1", "--format", "html", "--output", workspace.path("c.html")],
            as: "dana")
        try workspace.expectSuccess(["acknowledge", sop], as: "bob")
        try workspace.expectSuccess(
            ["import", try RealQMSImportTests.folder(in: workspace), "--create-types"], as: "dana")
        try workspace.expectSuccess(["user", "revoke", "rita", "--reason", "Left the trust"], as: "dana")

        let listing = try workspace.git(["ls-tree", "-r", "main"]).stdout.split(separator: "\n")
        var checked = 0
        for line in listing where line.hasSuffix(".json") {
            let blob = String(line.split(separator: " ")[2].prefix(40))
            let bytes = Array(try workspace.git(["cat-file", "blob", blob]).stdout.utf8)
            let value = try StateJSON.parse(bytes)
            var ours: [UInt8] = []
            StateJSON.write(value, indent: 0, into: &ours)
            #expect(ours + [0x0a] == bytes, "\(line)")
            #expect(Array(try Self.foundation.encode(value)) + [0x0a] == bytes, "\(line)")
            checked += 1
        }
        #expect(checked > 40)
    }

    @Test("Random records with every kind of character and key give Foundation's bytes and read back equal")
    func randomValues() throws {
        var generator = SplitMix64(seed: 15)
        for _ in 0..<400 {
            let value = Self.randomValue(depth: 0, using: &generator)
            let ours = try StateJSON.encode(value)
            #expect(ours == Array(try Self.foundation.encode(value)), "\(value)")
            #expect(try StateJSON.parse(ours) == Self.sorted(value))
        }
    }

    @Test(
        "A document's one JSON form gives Foundation's bytes and reads back equal through Stet's coder and Foundation's, for every field present or absent"
    )
    func documentsBuildTheirOwnTree() throws {
        var generator = SplitMix64(seed: 16)
        func text() -> String { Self.randomText(using: &generator) }
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &generator) ? make() : nil }
        func number() -> Int { Int.random(in: -3...100_000, using: &generator) }
        func time() -> Timestamp { Timestamp(seconds: Int64.random(in: 0...4_000_000_000, using: &generator)) }
        func texts() -> [String] { (0..<Int.random(in: 0...3, using: &generator)).map { _ in text() } }
        func signoff() -> Document.Signoff {
            .init(by: text(), at: time(), contentHash: text(), comment: maybe(text))
        }
        func signoffs() -> [Document.Signoff] { (0..<Int.random(in: 0...2, using: &generator)).map { _ in signoff() } }
        for _ in 0..<300 {
            let document = Document(
                id: text(), type: text(), title: text(), owner: text(), created: time(), previousEvent: maybe(text),
                lastRevision: number(),
                working: maybe {
                    Document.Revision(
                        number: number(), state: [.draft, .inReview, .approved].randomElement(using: &generator)!,
                        authors: texts(), reason: text(), contentHash: text(), reviewers: texts(), approvers: texts(),
                        reviews: signoffs(), approvals: signoffs(), rejection: maybe(signoff), drafted: maybe(time))
                },
                versions: (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                    Document.IssuedVersion(
                        version: number(), revision: number(), effective: time().day, issued: time(), issuedBy: text(),
                        contentHash: text(), authors: texts(), reviews: signoffs(), approvals: signoffs(),
                        drafted: maybe(time), label: maybe(text))
                },
                retirement: maybe { .init(at: time(), by: text(), reason: text()) },
                reaffirmations: maybe {
                    (0..<Int.random(in: 0...2, using: &generator)).map { _ in
                        .init(version: number(), at: time(), by: text(), comment: text())
                    }
                },
                distribution: maybe {
                    .init(users: texts(), roles: Role.allCases.filter { _ in Bool.random(using: &generator) })
                },
                attachments: maybe { Dictionary(texts().map { ($0, text()) }, uniquingKeysWith: { a, _ in a }) },
                lastCopy: maybe(number), department: maybe(text), partOf: maybe(texts))
            let direct = try StateJSON.encode(document)
            #expect(direct == Array(try Self.foundation.encode(document)), "\(document)")
            #expect(try StateJSON.decode(Document.self, from: direct) == document)
            #expect(try JSONDecoder().decode(Document.self, from: Data(direct)) == document)
        }
    }

    @Test("A document's record with a key it does not write, a key twice or a required key missing is refused by name")
    func documentsReadOnlyWhatTheyWrite() throws {
        let record = try StateJSON.parse(Array(Self.minimalDocument.utf8))
        #expect(try Document(stateJSON: record).title == "Hand hygiene")
        guard case .object(let pairs) = record else { return }
        let refusals: [(StateJSON.Value, String)] = [
            (.object(pairs + [(key: "approved", value: .bool(true))]), "'approved' unexpected"),
            (.object(pairs + [(key: "title", value: .string("Other"))]), "'title' unexpected"),
            (.object(pairs.filter { $0.key != "owner" }), "owner is missing"),
            (
                .object(
                    pairs + [
                        (
                            key: "attachments",
                            value: .object([("a.png", .string("sha256:1")), ("a.png", .string("sha256:2"))])
                        )
                    ]),
                "attachments: 'a.png' repeated"
            ),
            (
                .object(pairs.map { $0.key == "lastRevision" ? (key: $0.key, value: .string("1")) : $0 }),
                "lastRevision: expected a whole number, found text"
            ),
            (
                .object(pairs.map { $0.key == "created" ? (key: $0.key, value: .string("yesterday")) : $0 }),
                "created: cannot read 'yesterday'"
            ),
        ]
        for (tree, problem) in refusals {
            #expect {
                try Document(stateJSON: tree)
            } throws: { error in
                (error as? StateJSON.Failure)?.description.contains(problem) == true
            }
        }
    }

    @Test("The store's settings have one JSON form too: Foundation's bytes, read back equal, a stray key refused")
    func storeSettings() throws {
        var generator = SplitMix64(seed: 31)
        for _ in 0..<200 {
            var configuration = StoreConfiguration.standard
            configuration.format = Int.random(in: 1...3, using: &generator)
            configuration.organisation = Bool.random(using: &generator) ? Self.randomText(using: &generator) : nil
            configuration.timeZone = Bool.random(using: &generator) ? "Europe/London" : nil
            configuration.enrolmentConfirmation = Bool.random(using: &generator) ? true : nil
            configuration.types["t\(Int.random(in: 0...99, using: &generator))"] = .init(
                title: Self.randomText(using: &generator), prefix: "T-",
                digits: Int.random(in: 1...9, using: &generator),
                reviewIntervalMonths: 12, approvalsRequired: 2, reviewerMayApprove: Bool.random(using: &generator))
            let direct = try StateJSON.encode(configuration)
            #expect(direct == Array(try Self.foundation.encode(configuration)), "\(configuration)")
            #expect(try StateJSON.decode(StoreConfiguration.self, from: direct) == configuration)
            #expect(try JSONDecoder().decode(StoreConfiguration.self, from: Data(direct)) == configuration)
        }
        let tree = try StateJSON.parse(try StateJSON.encode(StoreConfiguration.standard))
        guard case .object(let pairs) = tree else { return }
        #expect {
            try StoreConfiguration(stateJSON: .object(pairs + [(key: "approved", value: .bool(true))]))
        } throws: { error in
            (error as? StateJSON.Failure)?.description.contains("'approved' unexpected") == true
        }
    }

    static let minimalDocument = """
        {"created": "2026-01-05T09:00:00Z", "id": "SOP-0001", "lastRevision": 1, "owner": "alice",
         "title": "Hand hygiene", "type": "sop", "versions": []}
        """

    @Test("Text that is not JSON, or holds fractions, is refused with the place it fails")
    func refusals() {
        for text in [
            "", "{", "{\"a\" : 1,}", "[1 2]", "{\"a\" : 1.5}", "\"\u{01}\"", "\"\\ud800\"", "tru", "1e3",
            "99999999999999999999", "{\"a\" : 1} x",
        ] {
            #expect(throws: StateJSON.Failure.self, "\(text)") { try StateJSON.parse(Array(text.utf8)) }
        }
    }

    static func sorted(_ value: StateJSON.Value) -> StateJSON.Value {
        switch value {
        case .object(let pairs):
            .object(
                pairs.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, sorted($0.value)) })
        case .array(let elements): .array(elements.map(sorted))
        default: value
        }
    }

    static let alphabet: [String] = [
        "a", "B", "z", "_", "-", "0", "9", "é", "e\u{301}", "\u{0}", "\u{1}", "\u{8}", "\u{c}", "\n", "\r", "\t",
        "\u{1f}", "\u{7f}", "\"", "\\", "/", " ", "\u{2028}", "😀", "日本", "ß",
    ]

    static func randomText(using generator: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            .joined()
    }

    static func randomValue(depth: Int, using generator: inout SplitMix64) -> StateJSON.Value {
        switch Int.random(in: depth > 3 ? 2...4 : 0...4, using: &generator) {
        case 0:
            var keys = Set<String>()
            for _ in 0..<Int.random(in: 0...5, using: &generator) { keys.insert(randomText(using: &generator)) }
            return .object(keys.map { ($0, randomValue(depth: depth + 1, using: &generator)) })
        case 1:
            return .array(
                (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                    randomValue(depth: depth + 1, using: &generator)
                })
        case 2: return .string(randomText(using: &generator))
        case 3:
            return .integer(
                [Int64.min, Int64.max, 0, -1].randomElement(using: &generator)!
                    &+ Int64.random(in: -1000...1000, using: &generator))
        default: return .bool(Bool.random(using: &generator))
        }
    }
}

import Foundation
import Testing

@testable import StetCore
@testable import StetTestSupport

/// `check-copy` renders a copy again from the marks in it and compares every byte.
@Suite("Copy checks")
struct CopyCheckTests {
    let fixture: StoreFixture
    let id: DocumentID
    let copy: String

    init() throws {
        fixture = try StoreFixture()
        let markdown = "# Spill response\n\n1. Contain.\n   - absorbent pads\n2. Report.\n"
        id = try #require(
            try fixture.record(
                .create(type: "sop", title: "Spill response", content: Array(markdown.utf8), reason: "New"),
                as: "alice"
            ).event.documentID)
        try fixture.release(id)
        let snapshot = try fixture.store.snapshot()
        copy = String(
            decoding: try ControlledCopy.render(snapshot, id: id, version: nil, on: snapshot.today, format: .html),
            as: UTF8.self)
    }

    func check(_ text: String) throws -> CopyStatus {
        let snapshot = try fixture.store.snapshot()
        return try ControlledCopy.check(Array(text.utf8), in: snapshot, on: snapshot.today)
    }

    @Test("An untouched copy is current, and stays so while nothing else changes")
    func untouched() throws {
        #expect(try check(copy) == .current(document: id.text, version: 1))
        try fixture.record(.distribute(document: id, users: ["bob"], roles: []), as: "dana")
        #expect(try check(copy) == .current(document: id.text, version: 1))
    }

    @Test(
        "An edit anywhere is caught, naming the line",
        arguments: [
            (
                "header", "<tr><th>Title</th><td>Spill response</td></tr>",
                "<tr><th>Title</th><td>Spill control</td></tr>"
            ),
            ("version", "<tr><th>Version</th><td>1</td></tr>", "<tr><th>Version</th><td>2</td></tr>"),
            (
                "date", "<tr><th>Effective</th><td>2026-03-02</td></tr>",
                "<tr><th>Effective</th><td>2026-01-01</td></tr>"
            ),
            ("signature block", "<td>Dr Carol Nguyen (carol)</td>", "<td>Dr Carol Ngu (carol)</td>"),
            ("footer", "Uncontrolled when printed", "Controlled when printed"),
            ("added paragraph", "<li>Report.</li>", "<li>Report.</li>\n<p>Skip step 1 on weekends.</p>"),
            ("removed CSP", "<meta http-equiv=\"Content-Security-Policy\"", "<meta http-equiv=\"X-Nothing\""),
            (
                "a mark", "<meta name=\"stet-as-of\" content=\"2026-03-02\">",
                "<meta name=\"stet-as-of\" content=\"2026-03-03\">"
            ),
        ])
    func edits(_ edit: (name: String, from: String, to: String)) throws {
        #expect(copy.contains(edit.from), "the copy has no \(edit.name) to edit")
        let edited = copy.replacingOccurrences(of: edit.from, with: edit.to)
        guard case .notACopy(let reason) = try check(edited) else {
            Issue.record("an edit to the \(edit.name) passed")
            return
        }
        #expect(reason.contains("altered copy") || reason.contains("no version"), "\(edit.name): \(reason)")
    }

    @Test("A byte added at the end is caught")
    func appended() throws {
        guard case .notACopy(let reason) = try check(copy + " ") else {
            Issue.record("an appended byte passed")
            return
        }
        #expect(reason.contains("altered copy"))
    }

    @Test("A copy of a newer version not yet in force says so, with a banner; the old one is then superseded")
    func notYetEffective() throws {
        try fixture.record(
            .edit(document: id, content: Array("# Spill response\n\nNew text.\n".utf8), reason: "Update"), as: "alice")
        let later = Day(daysSinceEpoch: fixture.clock.now.day.daysSinceEpoch + 10)
        try fixture.release(id, effective: later)
        let snapshot = try fixture.store.snapshot()
        let next = String(
            decoding: try ControlledCopy.render(snapshot, id: id, version: 2, on: snapshot.today, format: .html),
            as: UTF8.self)
        #expect(
            next.contains(
                "<section class=\"banner\">NOT YET EFFECTIVE — this version takes effect on <span class=\"day\">\(later)</span>"
            ))
        #expect(try check(next) == .notYetEffective(document: id.text, version: 2, from: later))
        #expect(try check(copy) == .current(document: id.text, version: 1), "v1 stays in force until then")
        fixture.clock.advance(days: 11)
        let now = try fixture.store.snapshot()
        #expect(
            try ControlledCopy.check(Array(copy.utf8), in: now, on: now.today)
                == .superseded(document: id.text, version: 1, current: 2, since: later))
        let old = String(
            decoding: try ControlledCopy.render(now, id: id, version: 1, on: now.today, format: .html), as: UTF8.self)
        #expect(
            old.contains(
                "<section class=\"banner\">SUPERSEDED — do not use. Version 2 has been in force since <span class=\"day\">\(later)</span>."
            ))
    }

    @Test("A printed copy is checked by its code; a wrong code is not a copy")
    func codes() throws {
        let snapshot = try fixture.store.snapshot()
        let document = try snapshot.document(id)
        let code = ControlledCopy.checkCode(
            document: id.text, version: 1, contentHash: try #require(document.versions.first).contentHash)
        #expect(copy.contains(code))
        #expect(
            try ControlledCopy.check(code: code, in: snapshot, on: snapshot.today)
                == .current(document: id.text, version: 1))
        guard
            case .notACopy = try ControlledCopy.check(code: "\(id.text) v1 00000000", in: snapshot, on: snapshot.today)
        else {
            Issue.record("a wrong code passed")
            return
        }
    }

    @Test("A copy made by an earlier Stet is not certified")
    func earlierRenderer() throws {
        let older = copy.replacingOccurrences(
            of: "<meta name=\"stet-renderer\" content=\"\(ControlledCopy.renderer)\">\n", with: "")
        guard case .notACopy(let reason) = try check(older) else {
            Issue.record("a copy without a renderer mark passed")
            return
        }
        #expect(reason.contains("made by an earlier Stet"))
    }

    @Test("With the store's organisation and time zone set, a copy names the one and shows local times beside UTC")
    func organisationAndTimeZone() throws {
        try fixture.record(.configureStore(organisation: "Core Laboratory", timeZone: "Europe/Paris"), as: "dana")
        let snapshot = try fixture.store.snapshot()
        let html = String(
            decoding: try ControlledCopy.render(snapshot, id: id, version: nil, on: snapshot.today, format: .html),
            as: UTF8.self)
        #expect(html.contains("<tr><th>Organisation</th><td>Core Laboratory</td></tr>"))
        #expect(html.contains("<th>Date and time (UTC; Europe/Paris)</th>"))
        // The fixture's clock starts at 09:00 UTC in March: 10:00 in Paris.
        #expect(html.range(of: #"T09:0\d:\d\dZ<br>2026-03-02 10:0\d Europe/Paris"#, options: .regularExpression) != nil)
        #expect(try check(html) == .current(document: id.text, version: 1))
        #expect(try check(copy) == .current(document: id.text, version: 1), "a copy made before still checks")
    }
}

extension CopyCheckTests {
    @Test("A draft renders marked DRAFT — NOT FOR USE throughout, and never checks as a copy")
    func draftCopy() throws {
        try fixture.record(
            .edit(document: id, content: Array("# Spill response\n\nDraft text.\n".utf8), reason: "Rework"),
            as: "alice")
        let snapshot = try fixture.store.snapshot()
        let html = String(decoding: try ControlledCopy.renderDraft(snapshot, id: id, format: .html), as: UTF8.self)
        #expect(html.contains("<section class=\"banner\">DRAFT — NOT FOR USE. Revision 2 is draft"))
        #expect(html.contains("<tr><th>Status</th><td>DRAFT — NOT FOR USE (draft)</td></tr>"))
        #expect(html.contains("DRAFT — NOT FOR USE: not a controlled copy"), "on every printed page")
        #expect(!html.contains("class=\"qr\""), "no check code to scan")
        guard case .notACopy(let reason) = try check(html) else {
            Issue.record("a draft passed as a copy")
            return
        }
        #expect(reason.contains("it is a draft (revision 2"))
        #expect(try check(copy) == .current(document: id.text, version: 1), "the version in force is still current")
    }
}

extension CopyCheckTests {
    @Test("A numbered copy passes only as the register holds it, and never once recalled")
    func numberedCopies() throws {
        let snapshot = try fixture.store.snapshot()
        let numbered = String(
            decoding: try ControlledCopy.render(
                snapshot, id: id, version: 1, on: snapshot.today, format: .html,
                numbered: .init(number: 1, holder: "Bench 2")),
            as: UTF8.self)
        guard case .notACopy(let unregistered) = try check(numbered) else {
            Issue.record("an unregistered numbered copy passed")
            return
        }
        #expect(unregistered.contains("which the register does not hold as such"))
        try fixture.record(
            .issueCopy(
                document: id, version: 1, number: 1, holder: "Bench 2",
                file: ControlledCopy.fileHash(Array(numbered.utf8))), as: "dana")
        #expect(try check(numbered) == .current(document: id.text, version: 1))
        let moved = numbered.replacingOccurrences(of: "Bench 2", with: "Bench 3")
        guard case .notACopy = try check(moved) else {
            Issue.record("a numbered copy with another holder passed")
            return
        }
        try fixture.record(.recallCopy(document: id, number: 1, reason: "Audit"), as: "dana")
        guard case .notACopy(let recalled) = try check(numbered) else {
            Issue.record("a recalled copy passed")
            return
        }
        #expect(recalled.contains("copy 1, recalled"))
    }

    @Test("An edit may add files but never replace one an issued version shows")
    func attachmentsAreKept() throws {
        let image: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]
        try fixture.record(
            .edit(
                document: id, content: Array("# Spill\n\n![x](x.png)\n".utf8), reason: "Picture",
                attachments: ["x.png": image]), as: "alice")
        try fixture.release(id)
        #expect(throws: StetError.self) {
            try fixture.record(
                .edit(
                    document: id, content: Array("# Spill\n\n![x](x.png) again\n".utf8), reason: "Other picture",
                    attachments: ["x.png": image.reversed()]), as: "alice")
        }
        try fixture.record(
            .edit(
                document: id, content: Array("# Spill\n\n![x](x.png) same\n".utf8), reason: "Same picture",
                attachments: ["x.png": image]), as: "alice")
        #expect(try fixture.store.verify().isClean)
    }
}

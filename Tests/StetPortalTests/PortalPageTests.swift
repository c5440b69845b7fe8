import Foundation
import Testing

@testable import StetCore
@testable import StetPortal
@testable import StetTestSupport

/// Every page and every refusal, in process: what staff are shown for each standing of a
/// document, and that no draft is ever shown as current.
@Suite("Portal pages")
struct PortalPageTests {
    @Test("The register lists documents in force, and others only when asked")
    func register() async throws {
        let portal = try PortalFixture()
        let page = await portal.get("/")
        #expect(page.status == 200)
        #expect(page.text.contains(portal.inForce.text))
        #expect(page.text.contains(portal.revised.text))
        #expect(!page.text.contains("/documents/\(portal.retired.text)\""))
        #expect(!page.text.contains("/documents/\(portal.draftOnly.text)\""))
        let all = await portal.get("/?state=all&sort=title")
        #expect(all.status == 200)
        #expect(all.text.contains("/documents/\(portal.draftOnly.text)\""))
        #expect(all.text.contains("/documents/\(portal.retired.text)\""))
        // A title is text, never markup.
        #expect(all.text.contains("Sharps &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!all.text.contains("<script"))
        let retired = await portal.get("/?state=retired")
        #expect(retired.text.contains("/documents/\(portal.retired.text)\""))
        #expect(!retired.text.contains("/documents/\(portal.inForce.text)\""))
    }

    @Test("Search covers titles and the text in force, marks each match, and never finds a draft")
    func search() async throws {
        let portal = try PortalFixture()
        let found = await portal.get("/?q=twenty+SECONDS")
        #expect(found.status == 200)
        #expect(found.text.contains("<mark>twenty</mark> <mark>seconds</mark>"))
        #expect(found.text.contains("1 document in force holding"))
        let reception = await portal.get("/?q=reception")
        #expect(reception.text.contains("New <mark>reception</mark> text."))
        #expect(!reception.text.contains("Old reception"))
        let draft = await portal.get("/?q=NOBODY")
        #expect(draft.text.contains("0 documents in force"))
    }

    @Test("A document in force shows that version under its banner, never the draft being written")
    func inForce() async throws {
        let portal = try PortalFixture()
        let page = await portal.get("/documents/\(portal.inForce.text)")
        #expect(page.status == 200)
        #expect(page.text.contains("IN FORCE."))
        #expect(page.text.contains("Wash hands for twenty seconds."))
        #expect(!page.text.contains(PortalFixture.draftText))
        #expect(page.text.contains("\(portal.inForce.text) v1 "))  // the check code
        // Lower case names the same document, at its one address.
        let lower = await portal.get("/documents/\(portal.inForce.text.lowercased())")
        #expect(lower.status == 301)
        #expect(lower.served.response.location == "/documents/\(portal.inForce.text)")
        let lowerCopy = await portal.get("/documents/\(portal.revised.text.lowercased())/versions/1/copy.html")
        #expect(lowerCopy.served.response.location == "/documents/\(portal.revised.text)/versions/1/copy.html")
        // The text's own headings sit below the page's.
        #expect(page.text.contains("<h2>Hand hygiene</h2>"))
        #expect(page.text.components(separatedBy: "<h1").count == 2)
    }

    @Test("A superseded version is marked not for use and points to the one in force")
    func superseded() async throws {
        let portal = try PortalFixture()
        let current = await portal.get("/documents/\(portal.revised.text)")
        #expect(current.text.contains("New reception text."))
        #expect(current.text.contains("IN FORCE."))
        let old = await portal.get("/documents/\(portal.revised.text)/versions/1")
        #expect(old.status == 200)
        #expect(old.text.contains("SUPERSEDED — NOT FOR USE."))
        #expect(old.text.contains("Old reception text."))
        #expect(old.text.contains("The version in force is <a href=\"/documents/\(portal.revised.text)\">v2</a>"))
    }

    @Test("A retired document says so and shows no text as current; its versions carry the same banner")
    func retired() async throws {
        let portal = try PortalFixture()
        let page = await portal.get("/documents/\(portal.retired.text)")
        #expect(page.status == 200)
        #expect(page.text.contains("RETIRED — NOT FOR USE."))
        #expect(page.text.contains("Fax machines removed"))
        #expect(!page.text.contains("Fax the results."))
        let version = await portal.get("/documents/\(portal.retired.text)/versions/1")
        #expect(version.text.contains("RETIRED — NOT FOR USE."))
    }

    @Test("A document never issued shows no text at all")
    func draftOnly() async throws {
        let portal = try PortalFixture()
        let page = await portal.get("/documents/\(portal.draftOnly.text)")
        #expect(page.status == 200)
        #expect(page.text.contains("NOT IN FORCE."))
        #expect(!page.text.contains(PortalFixture.draftText))
        let copy = await portal.get("/documents/\(portal.draftOnly.text)/copy.html")
        #expect(copy.status == 503 || copy.status == 404)
        #expect(!copy.text.contains(PortalFixture.draftText))
    }

    @Test(
        "History gives why each issued version was written, issued or retired, never a draft's reasons or reviewers' comments"
    )
    func history() async throws {
        let portal = try PortalFixture()
        try portal.fixture.record(
            .submit(document: portal.inForce, reviewers: ["bob"], approvers: ["carol"]), as: "alice")
        try portal.fixture.record(
            .review(document: portal.inForce, accept: false, comment: "The line DRAFT TEXT is wrong"), as: "bob")
        let page = await portal.get("/documents/\(portal.inForce.text)")
        #expect(page.text.contains("New procedure"))  // why v1 was written
        #expect(!page.text.contains("Rewrite"))  // why the unissued revision was begun
        #expect(!page.text.contains("DRAFT TEXT"))
        let revised = await portal.get("/documents/\(portal.revised.text)")
        #expect(revised.text.contains("Barcodes"))  // why v2, now in force, was written
        let retired = await portal.get("/documents/\(portal.retired.text)")
        #expect(retired.text.contains("Fax machines removed"))
    }

    @Test("What was in force on a past day")
    func onDay() async throws {
        let portal = try PortalFixture()
        let before = await portal.get("/documents/\(portal.retired.text)?on=2026-03-01")
        #expect(before.text.contains("No version of this document was in force on 2026-03-01."))
        #expect(!before.text.contains("Fax the results."))
        let revised = await portal.get("/documents/\(portal.revised.text)?on=2026-03-01")
        #expect(revised.text.contains("NOTHING IN FORCE."))
        let firstDay = try portal.fixture.store.snapshot().document(portal.retired).versions[0].effective
        let then = await portal.get("/documents/\(portal.retired.text)?on=\(firstDay)")
        #expect(then.text.contains("which was in force on \(firstDay)"))
        #expect(then.text.contains("Fax the results."))
        #expect(then.text.contains("RETIRED — NOT FOR USE."))
    }

    @Test("Refusals: unknown documents and versions are 404, malformed input 400, each with a page saying why")
    func refusals() async throws {
        let portal = try PortalFixture()
        let id = portal.inForce.text
        for (target, status, words) in [
            ("/documents/SOP-9999", 404, "SOP-9999"),
            ("/documents/\(id)/versions/7", 404, "version 7"),
            ("/documents/\(id)/versions/abc", 400, "not a version number"),
            ("/documents/\(id)/versions/0", 400, "not a version number"),
            ("/documents/\(id)/versions/-1", 400, "not a version number"),
            ("/documents/\(id)/versions/01", 400, "not a version number"),
            ("/documents/\(id)?on=2026-02-30", 400, "YYYY-MM-DD"),
            ("/documents/\(id)?on=yesterday", 400, "YYYY-MM-DD"),
            ("/documents/\(id)?format=raw", 400, "unknown parameter"),
            ("/documents/a%2Fb", 400, "invalid document id"),
            ("/documents/\(String(repeating: "A", count: 80))", 400, "at most 64"),
            ("/?state=bogus", 400, "state must be one of"),
            ("/?sort=owner", 400, "sort must be one of"),
            ("/?q=%ZZ", 400, "percent-encoding"),
            ("/?q=a&q=b", 400, "given twice"),
            ("/?q=" + String(repeating: "x", count: 300), 400, "at most 200"),
            ("/nowhere", 404, "no page at this address"),
            ("/?page=2", 404, "This list has 1 page."),
            ("/?page=0", 400, "page must be a page number"),
            ("/documents/\(id)/versions/1/copy.html?x=1", 400, "no parameters"),
        ] {
            let page = await portal.get(target)
            #expect(page.status == status, "\(target)")
            #expect(page.text.contains(words), "\(target): \(page.text.suffix(400))")
            #expect(page.text.contains("<!doctype html>"), "\(target)")
        }
    }

    @Test("A controlled copy to save: the version in force, as stet copy renders it")
    func copy() async throws {
        let portal = try PortalFixture()
        let copy = await portal.get("/documents/\(portal.revised.text)/copy.html")
        #expect(copy.status == 200)
        #expect(copy.served.response.attachmentName == "\(portal.revised.text)-v2.html")
        let snapshot = try portal.fixture.store.snapshot()
        let expected = try ControlledCopy.render(
            snapshot, id: portal.revised, version: 2, on: snapshot.today, format: .html)
        #expect(copy.served.response.body == expected)
        let old = await portal.get("/documents/\(portal.revised.text)/versions/1/copy.html")
        #expect(old.text.contains("Old reception text."))
        #expect(old.text.contains("SUPERSEDED"))
    }

    @Test("A controlled copy as PDF: printed by Chromium, checked to read as the copy, kept for the head")
    func printedCopy() async throws {
        let portal = try PortalFixture()
        let pdf = await portal.get("/documents/\(portal.revised.text)/versions/1/copy.pdf")
        #expect(pdf.status == 200, "\(pdf.text)")
        #expect(pdf.served.response.contentType == "application/pdf")
        #expect(pdf.served.response.body.starts(with: Array("%PDF".utf8)))
        #expect(pdf.served.response.attachmentName == "\(portal.revised.text)-v1.pdf")
        // What a member of staff holds checks as the superseded copy it is.
        let snapshot = try portal.fixture.store.snapshot()
        let chromium = try CopyPrinter.chromium()
        let status = try ControlledCopy.check(
            pdf: pdf.served.response.body, in: snapshot, on: snapshot.today,
            pdftotext: try ControlledCopy.pdftotext(path: ProcessInfo.processInfo.environment["PATH"])
        ) { html throws(StetError) in try PDFPrinter.pdf(html, chromium: chromium) }
        #expect("\(status)".contains("superseded"), "\(status)")
        let again = await portal.get("/documents/\(portal.revised.text)/versions/1/copy.pdf")
        #expect(again.served.entityTag == pdf.served.entityTag)
        #expect(again.served.response.body == pdf.served.response.body)
        let draft = await portal.get("/documents/\(portal.draftOnly.text)/copy.pdf")
        #expect(draft.status == 404, "\(draft.text)")
        let other = await portal.get("/documents/\(portal.revised.text.lowercased())/copy.pdf")
        #expect(other.status == 301)
        #expect(other.served.response.location == "/documents/\(portal.revised.text)/copy.pdf")
    }

    @Test("Check a copy by its code: current, superseded, retired, not a copy")
    func checkCode() async throws {
        let portal = try PortalFixture()
        let snapshot = try portal.fixture.store.snapshot()
        func code(_ id: DocumentID, _ version: Int) throws -> String {
            let document = try snapshot.document(id)
            let issued = document.versions.first { $0.version == version }!
            return ControlledCopy.checkCode(document: id.text, version: version, contentHash: issued.contentHash)
        }
        func ask(_ code: String) async -> String {
            await portal.get("/check?code=" + (code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
                .text
        }
        #expect((await portal.get("/check")).text.contains("Check code, as printed on the copy"))
        #expect(await ask(try code(portal.revised, 2)).contains("CURRENT."))
        let old = await ask(try code(portal.revised, 1))
        #expect(old.contains("SUPERSEDED — NOT FOR USE.") && old.contains("v2 is in force"))
        #expect(await ask(try code(portal.retired, 1)).contains("RETIRED — NOT FOR USE."))
        #expect(await ask("SOP-0001 v9 00000000").contains("NOT A CONTROLLED COPY."))
        #expect(await ask("<script>").contains("&lt;script&gt;"))
        #expect((await portal.get("/check?id=1")).status == 400)
    }

    @Test("The changes between two issued versions, never a draft's")
    func changes() async throws {
        let portal = try PortalFixture()
        let page = await portal.get("/documents/\(portal.revised.text)/changes?from=1&to=2")
        #expect(page.status == 200)
        #expect(page.text.contains("<del>-Old reception text.</del>"))
        #expect(page.text.contains("<ins>+New reception text.</ins>"))
        let document = await portal.get("/documents/\(portal.revised.text)")
        #expect(document.text.contains("/changes?from=1&amp;to=2"))
        // Without numbers: the version in force against the one before, at one address.
        let plain = await portal.get("/documents/\(portal.revised.text)/changes")
        #expect(plain.status == 301)
        #expect(plain.served.response.location == "/documents/\(portal.revised.text)/changes?from=1&to=2")
        // A document with a draft: only issued versions compare, and it has one.
        let drafted = await portal.get("/documents/\(portal.inForce.text)/changes?from=1&to=2")
        #expect(drafted.status == 404)
        #expect(!drafted.text.contains(PortalFixture.draftText))
        #expect((await portal.get("/documents/\(portal.inForce.text)/changes")).status == 404)
        #expect((await portal.get("/documents/\(portal.draftOnly.text)/changes")).status == 404)
        #expect((await portal.get("/documents/\(portal.revised.text)/changes?from=x")).status == 400)
    }

    @Test("The dashboard: revisions waiting and on whom, acknowledgements outstanding, each list as CSV")
    func dashboard() async throws {
        let portal = try PortalFixture()
        try portal.fixture.record(
            .distribute(document: portal.inForce, users: [try UserID("bob"), try UserID("erin")], roles: []), as: "dana"
        )
        let page = await portal.get("/dashboard")
        #expect(page.status == 200)
        #expect(page.text.contains("Revisions waiting (2)"))
        #expect(page.text.contains("<td>draft</td><td>Alice Moreno</td>"))
        #expect(page.text.contains("Acknowledgements outstanding, by document (1)"))
        #expect(page.text.contains("Bob Lindqvist, Erin Walsh"))
        #expect(page.text.contains("Acknowledgements outstanding, by person (2)"))
        #expect(page.text.contains("Copies to recall (0)"))
        #expect(!page.text.contains(PortalFixture.draftText))
        let csv = await portal.get("/dashboard/readers.csv")
        #expect(csv.status == 200)
        #expect(csv.served.response.contentType == "text/csv; charset=utf-8")
        #expect(csv.text.hasPrefix("person,outstanding,documents"))
        #expect(csv.text.contains("Bob Lindqvist (bob),1,\(portal.inForce.text)"))
        #expect((await portal.get("/dashboard/nothing.csv")).status == 404)
        #expect((await portal.get("/dashboard?x=1")).status == 400)
    }

    @Test("A new event is a new head: the page changes at once, under another tag")
    func neverStale() async throws {
        let portal = try PortalFixture()
        let before = await portal.get("/documents/\(portal.inForce.text)")
        #expect(before.text.contains("IN FORCE."))
        try portal.fixture.record(.retire(document: portal.inForce, reason: "Replaced by SOP-0099"), as: "dana")
        let after = await portal.get("/documents/\(portal.inForce.text)")
        #expect(after.text.contains("RETIRED — NOT FOR USE."))
        #expect(after.served.entityTag != before.served.entityTag)
        // A day later by the clock, the same head is judged on another day: another tag.
        portal.fixture.clock.advance(days: 1)
        let tomorrow = await portal.get("/documents/\(portal.inForce.text)")
        #expect(tomorrow.served.entityTag != after.served.entityTag)
    }

    @Test("A head whose history does not verify serves no document, and every page says why")
    func failedHead() async throws {
        let portal = try PortalFixture()
        let good = await portal.get("/")
        #expect(good.status == 200)
        // An insider moves the branch to a commit Stet did not write, with stock git.
        let head = try portal.git(["rev-parse", "refs/heads/main"])
        let tree = try portal.git(["rev-parse", "\(head)^{tree}"])
        let forged = try portal.git(["commit-tree", tree, "-p", head, "-m", "Stet-Event: nothing"])
        try portal.git(["update-ref", "refs/heads/main", forged, head])
        for target in [
            "/", "/documents/\(portal.inForce.text)", "/documents/\(portal.revised.text)/copy.html", "/health",
        ] {
            let page = await portal.get(target)
            #expect(page.status == 503, "\(target)")
            #expect(page.text.contains("does not verify"), "\(target)")
            #expect(!page.text.contains("Wash hands"), "\(target)")
            #expect(!page.text.contains("New reception text"), "\(target)")
            #expect(page.served.entityTag == nil, "\(target)")
        }
        // Put back, the store is served again.
        try portal.git(["update-ref", "refs/heads/main", head, forged])
        let again = await portal.get("/documents/\(portal.inForce.text)")
        #expect(again.status == 503 || again.status == 200)
    }
}

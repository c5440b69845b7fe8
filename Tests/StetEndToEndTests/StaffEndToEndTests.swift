import Foundation
import Testing

/// The commands staff and controllers use day to day, through the stet binary.
@Suite("Staff and controllers")
struct StaffEndToEndTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    /// Imports SOP-0100 v1 as effective since 2020-01-01, then issues v2 today.
    func twoVersions() throws -> String {
        try FileManager.default.createDirectory(atPath: workspace.path("legacy"), withIntermediateDirectories: true)
        try workspace.write(
            "legacy/SOP-0100.md",
            "---\nid: SOP-0100\ntitle: Glucose meter QC\nversion: 1\neffective: 2020-01-01\n---\n# Glucose meter QC\n\nRun two levels daily.\n"
        )
        try workspace.expectSuccess(["import", workspace.path("legacy")], as: "dana")
        try workspace.write(
            "v2.md", "---\ntitle: Glucose meter QC\n---\n# Glucose meter QC\n\nRun two levels before each shift.\n")
        try workspace.expectSuccess(
            ["edit", "SOP-0100", "--file", workspace.path("v2.md"), "--reason", "Per shift"], as: "alice")
        try workspace.release("SOP-0100")
        return "SOP-0100"
    }

    @Test("show and list --as-of: before, between and after two versions, and after retirement")
    func asOf() throws {
        let id = try twoVersions()
        let today = utcDay(offset: 0)
        let yesterday = utcDay(offset: -1)
        let before = try workspace.stet(["show", id, "--as-of", "2019-12-31"])
        #expect(before.status == 1)
        #expect(before.stderr.contains("no version of SOP-0100 was in force on 2019-12-31"))
        #expect(
            try workspace.expectSuccess(["show", id, "--as-of", "2021-06-01"]).stdout.contains("Run two levels daily."))
        #expect(
            try workspace.expectSuccess(["show", id, "--as-of", yesterday]).stdout.contains("Run two levels daily."))
        #expect(try workspace.expectSuccess(["show", id, "--as-of", today]).stdout.contains("before each shift"))
        let register2021 = try workspace.expectSuccess(["list", "--as-of", "2021-06-01"]).stdout
        #expect(register2021.contains("SOP-0100  Glucose meter QC  sop   effective  v1       2020-01-01"))
        #expect(
            try workspace.expectSuccess(["list", "--as-of", "2019-01-01"]).stdout
                == "Nothing was in force on 2019-01-01.\n")

        try workspace.expectSuccess(["retire", id, "--reason", "Meters replaced"], as: "dana")
        #expect(
            try workspace.stet(["show", id, "--as-of", today]).stderr.contains(
                "no version of SOP-0100 was in force on \(today)"))
        #expect(
            try workspace.expectSuccess(["show", id, "--as-of", yesterday]).stdout.contains("Run two levels daily."))
        #expect(
            try workspace.expectSuccess(["list", "--as-of", today]).stdout == "Nothing was in force on \(today).\n")
        #expect(try workspace.expectSuccess(["list", "--as-of", yesterday]).stdout.contains("SOP-0100"))
    }

    @Test("A future effective date is respected by --as-of")
    func futureDate() throws {
        let id = try twoVersions()
        try workspace.write("v3.md", "# Glucose meter QC\n\nNew meters from 2099.\n")
        try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("v3.md"), "--reason", "New meters"], as: "alice")
        try workspace.release(id, effective: "2099-03-01")
        #expect(try workspace.expectSuccess(["show", id]).stdout.contains("before each shift"))
        #expect(
            try workspace.expectSuccess(["show", id, "--as-of", "2099-02-28"]).stdout.contains("before each shift"))
        #expect(
            try workspace.expectSuccess(["show", id, "--as-of", "2099-03-01"]).stdout.contains("New meters from 2099."))
        #expect(try workspace.expectSuccess(["list", "--as-of", "2099-03-01"]).stdout.contains("v3       2099-03-01"))
    }

    @Test("render gives a copy with signature block and footer, the same bytes twice; check-copy tells its standing")
    func renderAndCheckCopy() throws {
        let id = try twoVersions()
        let first = try workspace.expectSuccess(["render", id]).stdout
        let second = try workspace.expectSuccess(["render", id]).stdout
        #expect(first == second)
        #expect(first.hasPrefix("<!DOCTYPE html>"))
        #expect(first.contains("<tr><th>Document</th><td>SOP-0100</td></tr>"))
        #expect(first.contains("<tr><th>Version</th><td>2</td></tr>"))
        #expect(first.contains("<tr><th>Owner</th><td>Dana Whitfield (dana)</td></tr>"))
        #expect(first.contains("<tr><th>Next review</th><td>"))
        #expect(first.contains("<h2>Signatures</h2>"))
        #expect(
            first.contains(
                "<tr><td>Bob Lindqvist (bob)</td><td>Reviewer</td><td>Review</td><td class=\"time\">\(utcDay(offset: 0))T"
            ))
        #expect(first.contains("<tr><td>Dr Carol Nguyen (carol)</td><td>Approver</td><td>Approval</td>"))
        #expect(
            first.contains(
                "<tr><td>Alice Moreno (alice)</td><td>Author</td><td>Authorship</td><td class=\"time\">\(utcDay(offset: 0))T"
            ))
        #expect(first.contains("<tr><td>Dana Whitfield (dana)</td><td>Document controller</td><td>Issue</td>"))
        #expect(first.contains("<p>Run two levels before each shift.</p>"))
        #expect(first.contains("Uncontrolled when printed — check before use"))
        #expect(first.contains("<tr><th>Status</th><td>In force</td></tr>"))
        #expect(first.contains("Page &quot;") == false && first.contains("counter(pages)"))
        #expect(!first.contains("section class=\"banner\""), "the version in force carries no banner")
        #expect(first.contains("@media print"))
        let shown =
            try JSONSerialization.jsonObject(
                with: Data(try workspace.expectSuccess(["show", id, "--format", "json"]).stdout.utf8)) as! [String: Any]
        let hash = try #require(shown["contentHash"] as? String)
        #expect(first.contains("Content \(hash), issued in commit"))

        try workspace.expectSuccess(["render", id, "--output", workspace.path("v2.html")])
        try workspace.expectSuccess(["render", id, "--version", "1", "--output", workspace.path("v1.html")])
        try workspace.expectSuccess([
            "render", id, "--as-of", "2021-01-01", "--format", "markdown", "--output", workspace.path("v1.md"),
        ])
        let markdown = try String(contentsOfFile: workspace.path("v1.md"), encoding: .utf8)
        #expect(markdown.contains("| Version | 1 |"))
        #expect(markdown.contains("Run two levels daily."))

        func check(_ file: String) throws -> ProcessResult { try workspace.stet(["check-copy", workspace.path(file)]) }
        let current = try check("v2.html")
        #expect(current.status == 0)
        #expect(current.stdout == "CURRENT: this is SOP-0100 v2, the version in force\n")
        let superseded = try check("v1.html")
        #expect(superseded.status == 2)
        #expect(superseded.stdout.contains("SUPERSEDED: this is SOP-0100 v1; v2 is in force since "))
        #expect(try check("v1.md").status == 2)
        let altered = first.replacingOccurrences(of: "before each shift", with: "when convenient")
        try workspace.write("altered.html", altered)
        let forged = try check("altered.html")
        #expect(forged.status == 4)
        #expect(forged.stdout.contains("NOT A CONTROLLED COPY: it differs from SOP-0100 v2 as Stet rendered it"))
        try workspace.write("foreign.md", "# Some other document\n")
        #expect(try check("foreign.md").status == 4)
        try workspace.expectSuccess(["retire", id, "--reason", "Meters replaced"], as: "dana")
        let retired = try check("v2.html")
        #expect(retired.status == 3)
        #expect(retired.stdout.contains("RETIRED: this is SOP-0100 v2"))
    }

    @Test("diff shows what changed between versions, and the draft against the version in force")
    func diff() throws {
        let id = try twoVersions()
        let between = try workspace.expectSuccess(["diff", id]).stdout
        #expect(between.contains("--- a/SOP-0100 v1"))
        #expect(between.contains("+++ b/SOP-0100 v2"))
        #expect(between.contains("-Run two levels daily."))
        #expect(between.contains("+Run two levels before each shift."))
        #expect(try workspace.expectSuccess(["diff", id, "--from", "1", "--to", "2"]).stdout == between)
        try workspace.write("v3.md", "# Glucose meter QC\n\nRun two levels before each shift.\nRecord lot numbers.\n")
        try workspace.expectSuccess(["edit", id, "--file", workspace.path("v3.md"), "--reason", "Lots"], as: "alice")
        let draft = try workspace.expectSuccess(["diff", id]).stdout
        #expect(draft.contains("+++ b/SOP-0100 draft revision 3"))
        #expect(draft.contains("+Record lot numbers."))
    }

    @Test("--due lists reviews due with their owner; reaffirm moves the date without a new version")
    func periodicReview() throws {
        let id = try twoVersions()
        try workspace.expectSuccess(["type", "set", "policy", "--review-months", "12"], as: "dana")
        try FileManager.default.createDirectory(atPath: workspace.path("old"), withIntermediateDirectories: true)
        try workspace.write(
            "old/POL-0007 Infection control.md", "---\neffective: 2021-05-10\n---\n# Infection control\n\nWash hands.\n"
        )
        try workspace.expectSuccess(["import", workspace.path("old")], as: "dana")
        let due = try workspace.expectSuccess(["list", "--due"]).stdout
        #expect(
            due.contains(
                "POL-0007  Infection control  policy  effective  v1       2021-05-10  Dana Whitfield (dana)  2022-05-10 OVERDUE"
            ))
        #expect(!due.contains(id))
        #expect(try workspace.expectSuccess(["list", "--due", "--within", "800"]).stdout.contains(id))
        try workspace.expectSuccess(["reaffirm", "POL-0007", "--comment", "Still matches practice"], as: "dana")
        #expect(try workspace.expectSuccess(["list", "--due"]).stdout == "No periodic review is due.\n")
        let status = try workspace.expectSuccess(["status", "POL-0007", "--format", "json"]).stdout
        #expect(status.contains("\"nextReview\" : \"\(utcDay(offset: 365).prefix(4))"))
        let log = try workspace.expectSuccess(["log", "POL-0007"]).stdout
        #expect(log.contains("POL-0007 v1 reviewed and reaffirmed by Dana Whitfield"))
        let refused = try workspace.stet(["reaffirm", "POL-0007", "--comment", "x"], as: "bob")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bob cannot reaffirm POL-0007: only its owner (dana) or a controller can"))
        try workspace.expectSuccess(["verify"])
    }

    @Test("Acknowledgement: who has and has not read the version in force; a new version starts a new round")
    func acknowledgements() throws {
        let id = try twoVersions()
        try workspace.expectSuccess(["distribute", id, "--users", "bob", "--roles", "reader"], as: "dana")
        try workspace.expectSuccess(["acknowledge", id], as: "rita")
        let refused = try workspace.stet(["acknowledge", id], as: "carol")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("carol is not an assigned reader (not in its distribution) of SOP-0100"))
        #expect(
            try workspace.stet(["acknowledge", id], as: "rita").stderr.contains(
                "has already signed the acknowledgement of v2"))
        let report = try workspace.expectSuccess(["acknowledgements", id]).stdout
        #expect(report.contains("SOP-0100 v2: 1 of 2 acknowledged"))
        #expect(report.contains("rita  Rita Costa     acknowledged  \(utcDay(offset: 0))T"))
        #expect(report.contains("bob   Bob Lindqvist  outstanding"))
        let csv = try workspace.expectSuccess(["acknowledgements", id, "--format", "csv"]).stdout
        #expect(csv.hasPrefix("document,version,user,name,status,acknowledged_at\r\n"))
        #expect(csv.contains("SOP-0100,2,bob,Bob Lindqvist,outstanding,\r\n"))
        let json = try workspace.expectSuccess(["acknowledgements", id, "--format", "json"]).stdout
        let lines = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
        #expect(
            lines.count == 2
                && lines.allSatisfy { $0["document"] as? String == "SOP-0100" && $0["version"] as? Int == 2 })

        try workspace.write("v3.md", "# Glucose meter QC\n\nVersion three.\n")
        try workspace.expectSuccess(["edit", id, "--file", workspace.path("v3.md"), "--reason", "v3"], as: "alice")
        try workspace.release(id)
        let round = try workspace.expectSuccess(["acknowledgements", id]).stdout
        #expect(round.contains("SOP-0100 v3: 0 of 2 acknowledged"))
        try workspace.expectSuccess(["acknowledge", id], as: "bob")
        #expect(
            try workspace.expectSuccess(["acknowledgements", id]).stdout.contains("SOP-0100 v3: 1 of 2 acknowledged"))
        #expect(
            try workspace.expectSuccess(["log", id]).stdout.contains("SOP-0100 v3 read and understood by Bob Lindqvist")
        )
        try workspace.expectSuccess(["verify"])
    }

    @Test("search finds the versions in force by title and text, with the matching lines")
    func search() throws {
        let id = try twoVersions()
        let sharps = try workspace.create(
            "sop", title: "Sharps disposal", body: "Use the yellow bin.\nNever recap needles.")
        try workspace.release(sharps)
        let result = try workspace.expectSuccess(["search", "needles"]).stdout
        #expect(result == "SOP-0101 v1  Sharps disposal\n  4: Never recap needles.\n")
        #expect(
            try workspace.expectSuccess(["search", "glucose", "shift"]).stdout.contains("\(id) v2  Glucose meter QC"))
        #expect(try workspace.expectSuccess(["search", "daily"]).stdout == "No document in force matches.\n")
    }
}

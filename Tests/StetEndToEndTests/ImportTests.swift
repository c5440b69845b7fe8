import Foundation
import Testing

/// `stet import` over a folder shaped like a real Markdown QMS.
@Suite("Import")
struct ImportTests {
    let workspace: Workspace
    var folder: String { workspace.path("qms") }

    init() throws {
        // Only a folder is needed here; each test imports into a store of its own.
        workspace = try Workspace(enrol: false)
        let files: [String: String] = [
            "sop/SOP-0001 Specimen reception.md": "# Specimen reception\n\nCheck three identifiers.\n",
            "sop/SOP-0002_Centrifuge_use.md": "# Centrifuge use\n\nBalance the rotor.\n",
            "sop/sample-transport.md":
                "---\nid: SOP-0003\ntitle: Sample transport\ntype: sop\nversion: 2\neffective: 2023-04-01\n---\n# Sample transport\n\nUse sealed bags.\n",
            "sop/SOP-0004.md": "---\ntitle: Cold chain\n---\n# Cold chain\n\nKeep between 2 and 8 °C.\n",
            "sop/SOP-0005 Blood culture.md":
                "---\nversion: \"3.0\"\nauthor: J. Smith\n---\n# Blood culture\n\nTwo sets.\n",
            "sop/SOP-0006 Spill kit.md":
                "# Spill kit\n\n![Kit](images/spill.png \"The kit\")\n\nRecord on [the log](../forms/FRM-0001%20Temperature%20log.md).\n![Label](images/label.png)\n",
            "sop/SOP-0007 Hand hygiene.md": "# Hand hygiene\n\nFive moments.\n",
            "sop/SOP-0008 Waste.md": "# Waste\n\nYellow, orange, black.\n",
            "policies/POL-0001 Quality policy.md": "# Quality policy\n\nWe meet ISO 15189.\n",
            "policies/document-control.md":
                "---\nid: POL-0002\ntitle: Document control\n---\n# Document control\n\nAll documents are controlled.\n",
            "policies/POL-0003.md": "# Training policy\n\nEveryone is trained before they work unsupervised.\n",
            "policies/POL-0004 Data protection.md":
                "---\ntype: policy\nowner: dpo\nreview:\n  interval: 12\n---\n# Data protection\n\nGDPR applies.\n",
            "forms/FRM-0001 Temperature log.md": "# Temperature log\n\n| Date | Reading |\n| --- | --- |\n",
            "forms/FRM-0002 Incident report.md":
                "---\ntype: form\nversion: v4\n---\n# Incident report\n\nWhat happened?\n",
            "wi/WI-0001 Pipette calibration.md": "# Pipette calibration\n\nGravimetric check.\n",
            "wi/WI-0002 Autoclave loading.md":
                "---\ndepartment:\n  name: Sterile services\n---\n# Autoclave loading\n\nDo not overload.\n",
            "duplicates/SOP-0001 Old reception.md": "# Old reception\n\nSuperseded text.\n",
            "notes.md": "# Meeting notes\n\nNot a controlled document.\n",
            "bad-front.md": "---\nid: SOP-0011\ntitle: [unclosed\n---\n# Broken\n",
            "README.txt": "How this folder is organised.\n",
            "XYZ-0001 Thing.md": "# Thing\n\nOf no known type.\n",
            "sop/SOP-0009 Existing.md": "# Existing\n\nAlready controlled.\n",
        ]
        for (path, text) in files {
            try write(path, Data(text.utf8))
        }
        let png: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0x00]
        try write("sop/images/spill.png", Data(png))
        try write("sop/images/label.png", Data(png.reversed()))
        try write("scan.md", Data(png))
    }

    func write(_ path: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: folder + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    @Test("A realistic folder: what is imported, what is skipped and why, and --dry-run imports nothing")
    func realisticFolder() throws {
        let fresh = try Workspace()
        _ = try fresh.create("sop", title: "Placeholder")  // SOP-0001 exists before the import
        try fresh.expectSuccess(["retire", "SOP-0001", "--reason", "Placeholder"], as: "dana")
        let head = try fresh.head()
        let dryRun = try fresh.expectSuccess(["import", folder, "--dry-run"], as: "dana").stdout
        #expect(try fresh.head() == head)
        #expect(dryRun.contains("would import SOP-0003 v2 (sop: Sample transport) from sop/sample-transport.md"))
        #expect(dryRun.contains("Would import 17 document(s); skipped 6 file(s)."))
        #expect(dryRun.contains("proposed type xyz (Documents numbered XYZ-, prefix XYZ-, 4 digits) for 1 document(s)"))

        let result = try fresh.expectSuccess(["import", folder], as: "dana").stdout
        let imported = result.split(separator: "\n").filter { $0.hasPrefix("imported ") }.map {
            String($0.split(separator: " ")[1])
        }
        #expect(
            imported.sorted() == [
                "FRM-0001", "FRM-0002", "POL-0001", "POL-0002", "POL-0003", "POL-0004", "SOP-0002", "SOP-0003",
                "SOP-0004",
                "SOP-0005", "SOP-0006", "SOP-0007", "SOP-0008", "SOP-0009", "SOP-0011", "WI-0001", "WI-0002",
            ])
        #expect(
            result.contains(
                "imported SOP-0006 v1 (sop: Spill kit) with 2 linked file(s) from sop/SOP-0006 Spill kit.md"))
        #expect(result.contains("imported SOP-0005 v3 labelled 3.0 (sop: Blood culture)"))
        #expect(result.contains("imported FRM-0002 v4 labelled v4 (form: Incident report)"))
        #expect(result.contains("imported POL-0003 v1 (policy: Training policy)"))
        #expect(result.contains("imported SOP-0002 v1 (sop: Centrifuge use)"))
        let skipped = result.split(separator: "\n").filter { $0.hasPrefix("skipped ") }.map(String.init)
        #expect(skipped.count == 6)
        #expect(skipped.contains("skipped README.txt: not a Markdown document, and no document links to it"))
        #expect(
            skipped.contains {
                $0.hasPrefix(
                    "skipped XYZ-0001 Thing.md: no document type numbers XYZ-0001 (prefix XYZ-); the proposed type is xyz: import with --create-types to create it"
                )
            })
        // Front matter that is not YAML: its plain lines still give the id, the heading the title.
        #expect(result.contains("imported SOP-0011 v1 (sop: Broken) from bad-front.md"))
        #expect(result.contains("  note: its front matter is not valid YAML"))
        #expect(skipped.contains("skipped duplicates/SOP-0001 Old reception.md: SOP-0001 is already in the store"))
        #expect(skipped.contains("skipped sop/SOP-0001 Specimen reception.md: SOP-0001 is already in the store"))
        #expect(
            skipped.contains(
                "skipped notes.md: no document id in its front matter (id:), file name (such as SOP-0042 Title.md) or document-control table; give it one, or import with --number to number it in the store's schemes"
            ))
        #expect(skipped.contains("skipped scan.md: invalid document content: it is not UTF-8 text (binary file?)"))
        #expect(result.contains("Imported 17 document(s); skipped 6 file(s)."))

        // Effective as imported, with its date from the old system; linked files kept beside it.
        let register = try fresh.expectSuccess(["list", "--format", "json"]).stdout
        let entries = try JSONSerialization.jsonObject(with: Data(register.utf8)) as! [[String: Any]]
        let transport = try #require(entries.first { $0["id"] as? String == "SOP-0003" })
        #expect(transport["version"] as? Int == 2)
        #expect(transport["effective"] as? String == "2023-04-01")
        #expect(transport["state"] as? String == "effective")
        #expect(try fresh.expectSuccess(["show", "SOP-0003"]).stdout.contains("Use sealed bags."))
        let files = try fresh.git(["ls-tree", "-r", "--name-only", "main", "documents/SOP-00/SOP-0006/files"]).stdout
        #expect(files.contains("documents/SOP-00/SOP-0006/files/images/spill.png"))
        #expect(files.contains("documents/SOP-00/SOP-0006/files/images/label.png"))
        let log = try fresh.expectSuccess(["log", "SOP-0003"]).stdout
        #expect(log.contains("SOP-0003 v2 imported by Dana Whitfield from sop/sample-transport.md"))
        let message = try fresh.git(["log", "--format=%B", "--grep=SOP-0003 v2 imported"]).stdout
        #expect(message.contains("Stet-Source: sop/sample-transport.md"))
        #expect(message.contains("Stet-Content-Hash: sha256:"))
        // Numbering continues after the imported ids.
        #expect(try fresh.create("sop", title: "After import") == "SOP-0012")
        #expect(try fresh.create("policy", title: "After import") == "POL-0005")
        try fresh.expectSuccess(["verify"])
    }

    @Test("--as-drafts imports drafts to go through review, and --pattern reads other file names")
    func draftsAndPattern() throws {
        let fresh = try Workspace()
        try FileManager.default.createDirectory(atPath: fresh.path("legacy"), withIntermediateDirectories: true)
        try "# Spill response\n\nContain, clean, report.\n".write(
            toFile: fresh.path("legacy/Spill response (QP-17, rev 5).md"), atomically: true, encoding: .utf8)
        let result = try fresh.expectSuccess(
            [
                "import", fresh.path("legacy"), "--as-drafts", "--type", "sop",
                "--pattern", "^(?<title>.+) \\((?<id>QP-[0-9]+), rev (?<version>[0-9]+)\\)$",
            ], as: "dana"
        ).stdout
        #expect(result.contains("imported QP-17 as a draft (sop: Spill response)"))
        let status = try fresh.expectSuccess(["status", "QP-17"]).stdout
        #expect(status.contains("State:       draft"))
        #expect(try fresh.expectSuccess(["show", "QP-17", "--draft"]).stdout.contains("Contain, clean, report."))
        let refused = try fresh.stet(["import", fresh.path("legacy")], as: "alice")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("alice cannot import documents: it needs the controller role"))
        try fresh.expectSuccess(["verify"])
    }
}

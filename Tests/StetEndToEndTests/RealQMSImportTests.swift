import Foundation
import Testing

/// `stet import` over `Tests/Fixtures/acme-qms`, a Markdown QMS laid out as NHS laboratories
/// keep theirs: ACME-XX-NNN numbers, `sop_version` front matter, ids in control tables, images in
/// `assets/`, a `records/` folder, broken front matter, and a Word file when pandoc is installed.
@Suite("Import of a real QMS folder")
struct RealQMSImportTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/acme-qms").path
    static let pandoc = ["/usr/bin/pandoc", "/usr/local/bin/pandoc"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The fixture copied into `workspace`, with a Word document made by pandoc when it is installed.
    static func folder(in workspace: Workspace) throws -> String {
        let folder = workspace.path("acme-qms")
        try FileManager.default.copyItem(atPath: fixture, toPath: folder)
        if let pandoc {
            let source = workspace.path("maintenance.md")
            try "# Equipment Maintenance\n\n![Service label](label.png)\n\nService every analyser every six months.\n"
                .write(toFile: source, atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(
                atPath: folder + "/assets/report-layout.png", toPath: workspace.path("label.png"))
            try FileManager.default.createDirectory(atPath: folder + "/word", withIntermediateDirectories: true)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: pandoc)
            process.currentDirectoryURL = URL(fileURLWithPath: workspace.path(""))
            process.arguments = [source, "-o", folder + "/word/ACME-PR-017-Equipment-Maintenance.docx"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        return folder
    }

    @Test(
        "Every document is imported with only --create-types: ids, titles, version labels, types; the rest reported with reasons; a second run imports nothing"
    )
    func realFolder() throws {
        let workspace = try Workspace()
        let folder = try Self.folder(in: workspace)
        let files = FileManager.default.enumerator(atPath: folder)!.compactMap { $0 as? String }.filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + $0, isDirectory: &isFolder)
                && !isFolder.boolValue
        }
        #expect(files.count >= (Self.pandoc == nil ? 46 : 47))

        // Without options: nothing fits a type; the dry run proposes one per prefix.
        let head = try workspace.head()
        let dryRun = try workspace.expectSuccess(["import", folder, "--dry-run"], as: "dana").stdout
        #expect(try workspace.head() == head)
        let procedures = Self.pandoc == nil ? 16 : 17
        #expect(
            dryRun.contains(
                "proposed type acme-procedure (Procedure (ACME-PR-), prefix ACME-PR-, 3 digits) for \(procedures) document(s)"
            ))
        #expect(
            dryRun.contains(
                "proposed type acme-policy (Policy (ACME-PL-), prefix ACME-PL-, 3 digits) for 5 document(s)"))
        #expect(dryRun.contains("proposed type acme-form (Form (ACME-F-), prefix ACME-F-, 3 digits) for 8 document(s)"))
        #expect(
            dryRun.contains(
                "proposed type acme-work-instruction (Work instruction (ACME-WI-), prefix ACME-WI-, 3 digits) for 5 document(s)"
            ))
        #expect(dryRun.contains("run the import again with --create-types"))

        let output = try workspace.expectSuccess(["import", folder, "--create-types", "--format", "json"], as: "dana")
            .stdout
        let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        let types = report["types"] as! [[String: Any]]
        #expect(
            types.map { $0["name"] as! String }.sorted() == [
                "acme-form", "acme-policy", "acme-procedure", "acme-work-instruction",
            ])
        #expect(types.allSatisfy { $0["created"] as? Bool == true && $0["commit"] is String })
        let imported = report["imported"] as! [[String: Any]]
        let byID = Dictionary(uniqueKeysWithValues: imported.map { ($0["id"] as! String, $0) })
        var expected =
            (1...16).map { String(format: "ACME-PR-%03d", $0) } + (1...5).map { String(format: "ACME-PL-%03d", $0) }
            + (1...8).map { String(format: "ACME-F-%03d", $0) } + (1...5).map { String(format: "ACME-WI-%03d", $0) }
        if Self.pandoc != nil { expected.append("ACME-PR-017") }
        #expect(byID.keys.sorted() == expected.sorted())
        func title(_ id: String) -> String? { byID[id]?["title"] as? String }
        #expect(title("ACME-PR-001") == "Document and Record Control")
        #expect(title("ACME-PL-001") == "Quality Manual")
        // The heading repeats the id: the title is what follows it.
        #expect(title("ACME-PL-002") == "Information Governance Policy")
        // No heading: the file name, its separators turned into spaces.
        #expect(title("ACME-PL-003") == "Health and Safety Policy")
        #expect(title("ACME-WI-004") == "Fridge Temperature Checks")
        // The id only in a document-control table (`ACME PR.016`), the front matter broken.
        #expect(title("ACME-PR-016") == "Incident Reporting")
        #expect(byID["ACME-PR-016"]?["source"] as? String == "procedures/Incident-Reporting.md")
        #expect((byID["ACME-PR-016"]?["warnings"] as? [String])?.first?.contains("not valid YAML") == true)
        // `sop_version: 2.1.2` is version 2, labelled; `qms_version` is the system's, not the document's.
        #expect(byID["ACME-PR-001"]?["version"] as? Int == 2)
        #expect(byID["ACME-PR-001"]?["versionLabel"] as? String == "2.1.1")
        #expect(byID["ACME-PL-001"]?["version"] as? Int == 3)
        #expect(byID["ACME-PL-001"]?["versionLabel"] as? String == "3.1")
        #expect(byID["ACME-PL-004"]?["versionLabel"] == nil)
        // `key:value` front matter is repaired, and says so.
        #expect(byID["ACME-PR-004"]?["versionLabel"] as? String == "2.1.0")
        #expect(
            (byID["ACME-PR-004"]?["warnings"] as? [String]) == [
                "its front matter was not valid YAML: a space was added after ':' on 3 line(s)"
            ])
        // Images in a sibling assets/ folder travel with their documents.
        #expect(byID["ACME-PR-010"]?["attachments"] as? Int == 1)
        #expect(
            try workspace.expectSuccess(["show", "ACME-PR-010"]).stdout.contains(
                "![Figure 1](assets/reception-bench.png)"))
        if Self.pandoc != nil {
            #expect(title("ACME-PR-017") == "Equipment Maintenance")
            #expect(byID["ACME-PR-017"]?["attachments"] as? Int == 1)
            #expect(try workspace.expectSuccess(["show", "ACME-PR-017"]).stdout.contains("Service every analyser"))
        }
        let skipped = report["skipped"] as! [[String: Any]]
        let reasons = Dictionary(grouping: skipped, by: { $0["category"] as! String }).mapValues {
            $0.map { $0["file"] as! String }.sorted()
        }
        #expect(reasons["record"]?.count == 6)
        #expect(reasons["record"]?.allSatisfy { $0.hasPrefix("records/") } == true)
        #expect(reasons["no document id"] == ["CHANGELOG.md", "README.md"])
        #expect(reasons["not a document"] == ["assets/old-logo.png"])
        #expect(reasons.keys.sorted() == ["no document id", "not a document", "record"])
        #expect(
            skipped.first { $0["file"] as? String == "records/training/competency-matrix.csv" }?["reason"] as? String
                == "a record (in records/), not a controlled document: skipped; import it with --include records")
        // Every file is accounted for: imported, skipped with a reason, or stored with the
        // document that links to it (the three images in assets/).
        #expect(imported.count + skipped.count + 3 == files.count)

        // Imported and in force, with the old system's version beside Stet's.
        let status = try workspace.expectSuccess(["status", "ACME-PR-001"]).stdout
        #expect(status.contains("v2 (2.1.1)"), "\(status)")
        #expect(
            try workspace.expectSuccess(["list", "--type", "acme-procedure"]).stdout.contains(
                "Document and Record Control"))
        #expect(
            try workspace.create("acme-procedure", title: "After import")
                == "ACME-PR-\(Self.pandoc == nil ? "017" : "018")")

        // Again: nothing new; every document is already in the store.
        let again = try workspace.expectSuccess(["import", folder, "--create-types"], as: "dana").stdout
        #expect(again.contains("Imported 0 document(s)"))
        #expect(!again.contains("created type"))
        #expect(again.contains("already in the store  \(expected.count)"), "\(again)")
        try workspace.expectSuccess(["verify"])
    }
}

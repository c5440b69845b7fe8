import Foundation
import Testing

/// `stet import --number` of a QMS started from a template set with no ids at all (issue 28):
/// each file numbered in the store's schemes, its type told by its name, shown before anything
/// is recorded, and not imported twice.
@Suite("Import of documents with no ids")
struct NumberedImportTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/idless-qms").path

    @Test(
        "--number: the dry run says each file's number and why its type; types are proposed; a second run imports nothing"
    )
    func numbersIdlessTemplates() throws {
        let workspace = try Workspace()
        let folder = workspace.path("idless-qms")
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: folder)
        // Without --number the import says what to do.
        let plain = try workspace.expectSuccess(["import", folder, "--dry-run"], as: "dana").stdout
        #expect(plain.contains("skipped audits/audit-report.md: no document id in its front matter"), "\(plain)")
        #expect(plain.contains("or import with --number to number it in the store's schemes"), "\(plain)")

        let dry = try workspace.expectSuccess(["import", folder, "--number", "--dry-run"], as: "dana").stdout
        for line in [
            "proposed type report (Report, prefix RPT-, 4 digits) for 1 document(s)",
            "would import SOP-0001 v1 (sop: SOP Document and Record Control) from sop-document-record-control.md",
            "  note: numbered SOP-0001, having no id; type sop told by the word 'sop' in its name (a 'type:' in its front matter chooses another)",
            "would import SOP-0002 v1 (sop: SOP Internal Audit) from sop-internal-audit.md",
            "would import FRM-0001 v1 (form: Audit Finding Form) from audit-finding-form.md, part of SOP-0002",
            "would import FRM-0002 v1 (form: Intended Use) from intended-use.md",
            "  note: numbered FRM-0002, having no id; type form told by its front matter",
            "would import FRM-0003 v1 (form: Supplier Checklist) from supplier-checklist.md",
            "would import POL-0001 v1 (policy: Quality Policy) from quality-policy.md",
            "skipped audits/audit-report.md: no document type numbers a report, which its name says it is; the proposed type is report: import with --create-types to create it",
            "skipped 13485-mapping.md: no document id, and its name says no kind of document",
            "Would import 6 document(s); skipped 7 file(s).",
        ] {
            #expect(dry.contains(line), "missing: \(line)\n\(dry)")
        }

        let output = try workspace.expectSuccess(["import", folder, "--number", "--create-types"], as: "dana").stdout
        for line in [
            "created type report (Report, prefix RPT-, 4 digits) for 1 document(s)",
            "imported PLN-0001 v1 (plan: Audit Plan) from audits/audit-plan.md",
            "imported RPT-0001 v1 (report: Audit Report) from audits/audit-report.md",
            "imported LST-0001 v1 (list: List of Qualified Suppliers) from list-of-qualified-suppliers.md",
            "imported REC-0001 v1 (record: Training Record) from training-record.md",
            "imported SOP-0001 v1 (sop: SOP Document and Record Control)",
            "Imported 10 document(s); skipped 3 file(s).",
        ] {
            #expect(output.contains(line), "missing: \(line)\n\(output)")
        }
        // A form's sop_id names its procedure, numbered in the same run: the form is part of it.
        #expect(
            try workspace.expectSuccess(["status", "FRM-0001"]).stdout.contains(
                "Form of: SOP-0002 SOP Internal Audit"))
        // The clause table is read as the procedure's tags.
        let details = try workspace.expectSuccess(["show", "SOP-0001", "--details"]).stdout
        #expect(details.contains("Clauses:     13485:4.2.4, 13485:4.2.5"), "\(details)")
        // Numbered files carry no id to know them by: a second run knows them by their content.
        let again = try workspace.expectSuccess(["import", folder, "--number", "--create-types"], as: "dana").stdout
        #expect(again.contains("Imported 0 document(s)"), "\(again)")
        #expect(again.contains("skipped sop-internal-audit.md: SOP-0002 is already in the store"), "\(again)")
        // A document created afterwards takes the next number of its type.
        let next = try workspace.create("sop", title: "Specimen reception")
        #expect(next == "SOP-0003")
        try workspace.expectSuccess(["verify"])
    }
}

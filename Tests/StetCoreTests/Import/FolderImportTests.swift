import Foundation
import Testing

@testable import StetCore

@Suite("Import planning")
struct ImportPlanTests {
    @Test("A document whose linked file is over the attachment limit is skipped whole, saying why")
    func oversizedAttachment() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# Big\n\n![scan](scan.png)\n".write(
            to: folder.appendingPathComponent("SOP-0007 Big.md"), atomically: true, encoding: .utf8)
        try Data(count: Limits.attachmentSize + 1).write(to: folder.appendingPathComponent("scan.png"))
        let plan = try FolderImport().plan(
            folder: folder.path, configuration: .standard, existing: [], asDrafts: false)
        #expect(plan.documents.isEmpty)
        #expect(
            plan.skipped.contains {
                $0.file == "SOP-0007 Big.md"
                    && $0.reason.description.contains("its linked file scan.png is \(Limits.attachmentSize + 1) bytes")
            }, "\(plan.skipped)")
    }
}

import Foundation
import Testing

@testable import StetCore

/// Every input a fuzzer found a problem with (Fuzz/Regressions/<target>/) stays handled: parsed
/// or refused with an error, quickly, by the code the target exercises.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions")

    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = root.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.sorted().map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    @Test("Front matter", arguments: try inputs("FuzzFrontMatter"))
    func frontMatter(_ input: (name: String, bytes: [UInt8])) {
        #expect(throws: StetError.self, "\(input.name) should be refused") { try DocumentContent.validate(input.bytes) }
    }

    @Test("Dates and times", arguments: try inputs("FuzzDates"))
    func dates(_ input: (name: String, bytes: [UInt8])) {
        let text = String(decoding: input.bytes, as: UTF8.self)
        #expect(Day(text) == nil && Timestamp(text) == nil, "\(input.name)")
    }

    @Test("Copies", arguments: try inputs("FuzzCopy"))
    func copies(_ input: (name: String, bytes: [UInt8])) {
        // Hangs found by fuzzing: ending is the check (`scripts/fuzz --regress` bounds each in time).
        let html = ControlledCopy.htmlBody(String(decoding: input.bytes, as: UTF8.self))
        #expect(!html.lowercased().contains("<script"), "\(input.name)")
    }

    @Test("Import", arguments: try inputs("FuzzImport"))
    func imports(_ input: (name: String, bytes: [UInt8])) {
        // As the target reads it: the first line is the file's path in the folder, the rest its content.
        let newline = input.bytes.firstIndex(of: 0x0A) ?? input.bytes.endIndex
        let file = String(decoding: input.bytes[..<newline], as: UTF8.self)
        let content = Array(input.bytes[min(newline + 1, input.bytes.endIndex)...])
        let document = try? FolderImport().document(file: file, bytes: content, configuration: .standard)
        if let document {
            // What the fuzz target requires of every planned document.
            #expect((try? Identifier.document(document.id)) == document.id, "\(input.name)")
            #expect(StoreConfiguration.standard.types[document.type] != nil, "\(input.name): type \(document.type)")
            #expect((document.version ?? 1) >= 1, "\(input.name): version \(String(describing: document.version))")
            #expect(
                document.content == content || !document.warnings.isEmpty,
                "\(input.name): content changed without a note")
        }
        // The base name is the last path segment without its extension: a suffix of the path, with
        // no '/' in it, that the file name begins with.
        let base = FolderImport.baseName(of: file)
        let last = file.split(separator: "/").last.map(String.init) ?? ""
        #expect(!base.contains("/") && last.hasPrefix(base), "\(input.name): '\(base)' from '\(file)'")
        #expect(base == last || last.dropFirst(base.count).hasPrefix("."), "\(input.name)")
    }

    @Test("Every regression folder holds inputs for a target that exists")
    func foldersMatchTargets() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.root.path)
        let targets = ["FuzzFrontMatter", "FuzzIdentifiers", "FuzzDates", "FuzzKeyFile", "FuzzImport", "FuzzCopy"]
        for folder in folders { #expect(targets.contains(folder), "\(folder)") }
    }
}

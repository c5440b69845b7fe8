import Foundation
import Testing

@testable import StetCore

@Suite("Templates and front matter")
struct TemplatesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test(
        "The templates compiled into stet are the files in templates/",
        arguments: ["sop", "policy", "work-instruction", "form"])
    func templatesInSync(_ type: String) throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("templates/\(type).md"), encoding: .utf8)
        #expect(Templates.byType[type].map { $0 + "\n" } == file)
        let instantiated = Templates.instantiate(type: type, title: "Cold \"chain\" handling")
        let frontMatter = try DocumentContent.validate(instantiated)
        #expect(frontMatter.title == "Cold \"chain\" handling")
        #expect(frontMatter.fields["type"] == type)
    }

    @Test("Front matter that is not plain metadata is refused")
    func hostileFrontMatter() {
        let deep = "---\nx: " + String(repeating: "[", count: 20) + String(repeating: "]", count: 20) + "\n---\n"
        let bomb = "---\na: &a [x, x]\nb: [*a, *a]\n---\n"
        for bad in [deep, bomb, "---\n- a\n- b\n---\n", "---\na: 1\na: 2\n---\n", "---\na: [\n---\n", "---\na: 1\n"] {
            #expect(throws: StetError.self) { try DocumentContent.validate(Array(bad.utf8)) }
        }
        #expect(throws: StetError.self) { try DocumentContent.validate([]) }
        #expect(throws: StetError.self) {
            try DocumentContent.validate(Array(repeating: 0x61, count: Limits.documentSize + 1))
        }
        #expect((try? DocumentContent.validate(Array("# No front matter\n".utf8)))?.fields.isEmpty == true)
        let fine = "---\ntitle: \"Fish & chips *hot*\"\nowner: R&D\n---\n"
        #expect((try? DocumentContent.validate(Array(fine.utf8)))?.fields["owner"] == "R&D")
    }
}

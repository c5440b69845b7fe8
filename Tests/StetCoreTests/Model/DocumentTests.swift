import Testing

@testable import StetCore

@Suite("Documents")
struct DocumentTests {
    @Test("A document names its tie to its parent by its type's words: a form is the Form of, anything else Part of")
    func partOfLabel() {
        #expect(Document.partOfLabel(type: "csc-form", typeTitle: "Form (CSC-F-)") == "Form of")
        #expect(Document.partOfLabel(type: "form", typeTitle: "Form") == "Form of")
        #expect(Document.partOfLabel(type: "lab-template", typeTitle: "Templates") == "Template of")
        #expect(Document.partOfLabel(type: "csc-i", typeTitle: "Information (CSC-I-)") == "Part of")
        #expect(Document.partOfLabel(type: "sop", typeTitle: "Standard operating procedure") == "Part of")
        #expect(Document.partOfLabel(type: "platform", typeTitle: "Platform notes") == "Part of")
    }
}

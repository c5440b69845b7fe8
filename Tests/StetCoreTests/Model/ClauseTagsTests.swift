import Testing

@testable import StetCore

@Suite("Clause tags")
struct ClauseTagsTests {
    @Test("Tags in comments, table cells and clause tables are read; code, links and other brackets are not")
    func reading() {
        let text = """
            # Design
            <!-- [13485:7.1c,7.2.1c, 7.3.2a]-->
            | Step | Clause |
            | --- | --- |
            | Plan | [13485:7.3.2] |
            See [the form](form.md) and [10:30] and [ISO 9001] and [15189:].
            ```
            [13485:4.1]
            ```
            | ISO 9001:2015 Section | Where |
            |---|---|
            | 7.5.3 | All |
            | 8.2, 8.3 | 4 |
            | Notes | none |

            | 62304-1:5.1 | [62304-1:5.1] |
            """
        #expect(
            ClauseTags.read(Array(text.utf8)) == [
                "9001:7.5.3", "9001:8.2", "9001:8.3", "13485:7.1c", "13485:7.2.1c", "13485:7.3.2", "13485:7.3.2a",
                "62304-1:5.1",
            ])
    }

    @Test("A clause covers itself and its sub-clauses; a standard covers all of its own")
    func coverage() throws {
        #expect(ClauseTags.tag("13485:7.5", fallsUnder: "13485:7.5"))
        #expect(ClauseTags.tag("13485:7.5.9", fallsUnder: "13485:7.5"))
        #expect(ClauseTags.tag("13485:7.5a", fallsUnder: "13485:7.5"))
        #expect(!ClauseTags.tag("13485:7.50", fallsUnder: "13485:7.5"))
        #expect(!ClauseTags.tag("9001:7.5", fallsUnder: "13485:7.5"))
        #expect(ClauseTags.tag("13485:8.2.4", fallsUnder: "13485"))
        #expect(!ClauseTags.tag("13485:7.5.1f", fallsUnder: "13485:7.5.1e"))
        #expect(try ClauseTags.query("13485:7.5") == "13485:7.5")
        #expect(throws: StetError.self) { try ClauseTags.query("ISO 13485") }
        #expect(throws: StetError.self) { try ClauseTags.query("13485:7..5") }
    }

    // No clock: read in more than one pass, a megabyte of brackets would take hours, not a moment.
    @Test("Text full of brackets is read in one pass")
    func linearInBrackets() {
        let brackets = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000) + Array("13485:7.5]".utf8)
        let nested = Array(String(repeating: "[[13485:4", count: 100_000).utf8) + Array("]".utf8)
        #expect(ClauseTags.read(brackets) == ["13485:7.5"])
        #expect(ClauseTags.read(nested) == ["13485:4"])
    }
}

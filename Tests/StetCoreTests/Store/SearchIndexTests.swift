import Testing

@testable import StetCore

/// The search's byte matching agrees with lower-casing the text as a string, in ASCII and out of it.
@Suite struct SearchIndexTests {
    @Test func asciiIsFoldedByteByByteAsStringsWouldBe() {
        let text = Array("Wash HANDS for Twenty seconds.\nThen DRY them.\n".utf8)
        let lowered = SearchIndex.lowered("Hand Hygiene", text)
        #expect(lowered == Array("hand hygiene\nwash hands for twenty seconds.\nthen dry them.\n".utf8))
        #expect(SearchIndex.lineNumbers(of: Array("hand".utf8), in: lowered) == [0, 1])
        #expect(SearchIndex.lineNumbers(of: Array("dry them".utf8), in: lowered) == [2])
        #expect(SearchIndex.lineNumbers(of: Array("twenty seconds.\nthen".utf8), in: lowered) == [1])
        #expect(SearchIndex.lineNumbers(of: Array("absent".utf8), in: lowered).isEmpty)
    }

    @Test func otherScriptsAreLowerCasedAsStrings() {
        let text = Array("Ärzte PRÜFEN die Proben.\nΣΟΦΙΑ\n".utf8)
        let lowered = SearchIndex.lowered("Überprüfung", text)
        #expect(lowered == Array("überprüfung\närzte prüfen die proben.\nσοφια\n".utf8))
        #expect(SearchIndex.lineNumbers(of: Array("prüfen".utf8), in: lowered) == [1])
        #expect(SearchIndex.lineNumbers(of: Array("σοφια".utf8), in: lowered) == [2])
    }
}

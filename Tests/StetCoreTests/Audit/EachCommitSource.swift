import Testing

@testable import StetCore
@testable import StetTestSupport

extension StoreFixture {
    /// `store.verify`, run with each way of preparing commits (`CommitSourceKind`): every one must
    /// give the same report, problem for problem.
    func verify(
        anchors: [String] = [], since: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> VerificationReport {
        var reports: [VerificationReport] = []
        for kind in CommitSourceKind.allCases {
            store.commitSource = kind
            reports.append(try store.verify(anchors: anchors, since: since))
        }
        store.commitSource = .lookahead
        for report in reports.dropFirst() {
            #expect(
                report.problems.map(\.description) == reports[0].problems.map(\.description),
                "the commit sources disagree", sourceLocation: sourceLocation)
            #expect(
                report.notes.map(\.description) == reports[0].notes.map(\.description), sourceLocation: sourceLocation)
            #expect(
                (report.head, report.events, report.documents, report.signers, report.root)
                    == (reports[0].head, reports[0].events, reports[0].documents, reports[0].signers, reports[0].root),
                sourceLocation: sourceLocation)
        }
        return reports[0]
    }
}

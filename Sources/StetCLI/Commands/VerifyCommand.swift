import ArgumentParser
import StetCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every signature and replay every event against the lifecycle rules.",
        discussion: """
            Checks every signature against the key its signer held at the time, replays every event \
            through the lifecycle rules and the configuration in force then, checks that event times \
            never go backwards, and that no head published on this store or given with --anchor was \
            dropped. Exits 0 only when all of it holds; otherwise prints one line per problem and exits 1.
            """)

    @OptionGroup var location: StoreLocation
    @Option(
        help: "A head written down earlier (an audit report, a mirror): it must still be in the history (repeatable).")
    var anchor: [String] = []
    @Option(
        help:
            "Check only the events after this head, written down from an earlier clean verify (it must be in the history)."
    )
    var since: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() throws {
        let report: VerificationReport
        do { report = try location.openUnverified().verify(anchors: anchor, since: since) } catch {
            Terminal.error(ErrorMessage.text(for: error))
            throw ExitCode(1)
        }
        if format == .json {
            Terminal.json(
                Summary(
                    head: report.head?.hex, events: report.events, documents: report.documents,
                    signers: report.signers.sorted(), ok: report.isClean,
                    problems: report.problems.map {
                        .init(commit: $0.commit, document: $0.document, problem: $0.message)
                    },
                    notes: report.notes.map { .init(commit: $0.commit, document: $0.document, problem: $0.message) },
                    users: report.enrolments))
        } else {
            for problem in report.problems { Terminal.print(Terminal.safe("FAIL " + problem.description)) }
            for note in report.notes { Terminal.print(Terminal.safe("NOTE " + note.description)) }
            for enrolment in report.enrolments {
                let confirmation =
                    enrolment.confirmedBy.map {
                        ", confirmed by \($0)"
                            + (enrolment.confirmedAlone ? " alone, as the only controller then," : "")
                            + " at \(enrolment.confirmed!)"
                    }
                    ?? (enrolment.awaitsConfirmation ? ", awaiting a second controller's confirmation" : "")
                Terminal.print(
                    Terminal.safe(
                        "USER \(enrolment.user) (\(enrolment.name)): enrolled by \(enrolment.enrolledBy) at \(enrolment.enrolled)"
                            + confirmation))
            }
            Terminal.print(
                "\(report.events) events, \(report.documents) documents, \(report.signers.count) signers checked.")
            if report.isClean {
                Terminal.print(
                    "Head: \(report.head?.hex ?? "none") (write it down to check later that nothing was dropped)")
            } else {
                Terminal.print(
                    "Head: \(report.head?.hex ?? "none") (not a verified state: do not write it down as one)")
            }
            Terminal.print(
                report.isClean
                    ? "OK: every signature and every event holds." : "FAILED: \(report.problems.count) problem(s).")
        }
        if !report.isClean { throw ExitCode(1) }
    }

    struct Summary: Encodable {
        var head: String?
        var events, documents: Int
        var signers: [String]
        var ok: Bool
        var problems: [Problem]
        var notes: [Problem]
        var users: [VerificationReport.Enrolment]

        struct Problem: Encodable {
            var commit: String
            var document: String?
            var problem: String
        }
    }
}

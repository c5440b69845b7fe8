import ArgumentParser
import StetCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every signature and replay every event against the lifecycle rules.",
        discussion: "Exits 0 only when the whole history holds; otherwise prints one line per problem and exits 1.")

    @OptionGroup var options: StoreOptions
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() throws {
        let report: VerificationReport
        do { report = try options.openStore().verify() } catch {
            Terminal.error(error.errorDescription ?? "\(error)")
            throw ExitCode(1)
        }
        if format == .json {
            Terminal.json(
                Summary(
                    head: report.head?.hex, events: report.events, documents: report.documents,
                    signers: report.signers.sorted(), ok: report.isClean,
                    problems: report.problems.map {
                        .init(commit: $0.commit, document: $0.document, problem: $0.message)
                    }))
        } else {
            for problem in report.problems { Terminal.print(Terminal.safe("FAIL " + problem.description)) }
            Terminal.print(
                "\(report.events) events, \(report.documents) documents, \(report.signers.count) signers checked.")
            Terminal.print(
                "Head: \(report.head?.hex ?? "none") (write it down to check later that nothing was dropped)")
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

        struct Problem: Encodable {
            var commit: String
            var document: String?
            var problem: String
        }
    }
}

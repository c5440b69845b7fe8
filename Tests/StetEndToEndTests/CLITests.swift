import Foundation
import StetCLI
import Testing

/// How the command line behaves around the commands: what a signer is told before the
/// passphrase, the version, and which options each kind of command offers.
@Suite("Command line")
struct CLITests {
    @Test("Before the passphrase is asked for, the signer is told what they sign and what it means")
    func signingStatement() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.expectSuccess(["submit", id, "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        try workspace.expectSuccess(["review", id, "--accept"], as: "bob")
        let console = CapturedConsole(answers: [Workspace.passphrase])
        let status = Stet.run(
            ["approve", id],
            in: Invocation(
                environment: ["STET_HOME": workspace.home, "STET_STORE": workspace.store, "STET_USER": "carol"],
                currentDirectory: workspace.folder, console: console,
                keyDerivation: RememberedDerivations.shared.derivation))
        #expect(status == 0, "\(String(decoding: console.errorOutput, as: UTF8.self))")
        #expect(
            console.prompts == [
                "Sign as Dr Carol Nguyen (carol): approval of \(id) revision 1 — Specimen reception\n"
                    + "Passphrase for carol: "
            ])
    }

    @Test("stet --version names the release and the store format")
    func version() throws {
        let workspace = try Workspace(enrol: false)
        let result = try workspace.stet(["--version"])
        #expect(result.status == 0 && result.stdout == Stet.version + "\n")
    }

    @Test("Commands that only read do not offer --user or --passphrase-file")
    func readOnlyOptions() throws {
        let workspace = try Workspace(enrol: false)
        for command in [
            ["show"], ["status"], ["log"], ["list"], ["verify"], ["signers"], ["user", "list"], ["type", "list"],
        ] {
            let help = try workspace.stet(command + ["--help"]).stdout
            #expect(!help.contains("--user") && !help.contains("--passphrase-file"), "\(command): \(help)")
        }
        let help = try workspace.stet(["approve", "--help"]).stdout
        #expect(help.contains("--user") && help.contains("--passphrase-file"))
    }
}

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

    #if os(Linux)
        @Test(
            "The stet executable loads the system's libgit2 (or, built with STET_STATIC_LIBGIT2=1, carries it), intercepts its start-up, and exports no Swift symbol"
        )
        func linkedLibraries() throws {
            let dynamic = try runProcess("/usr/bin/readelf", ["--dynamic", "--wide", stetBinary()])
            #expect(dynamic.status == 0, "\(dynamic.stderr)")
            let needed = dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
            #expect(!needed.isEmpty)
            let exported = try runProcess("/usr/bin/nm", ["-D", "--defined-only", stetBinary()])
            #expect(exported.status == 0, "\(exported.stderr)")
            let names = exported.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last }
            #expect(!names.contains { $0.hasPrefix("$s") }, "Swift symbols are not exported")
            let symbols = try runProcess("/usr/bin/nm", ["--defined-only", stetBinary()]).stdout
            if needed.contains(where: { $0.contains("libgit2") }) {
                // The default build: the system's shared libgit2, its start-up calls interposed by
                // definitions the dynamic linker finds first.
                for interposer in ["mbedtls_x509_crt_parse_file", "mbedtls_ctr_drbg_seed", "libssh2_init"] {
                    #expect(names.contains { $0 == interposer }, "\(interposer) is not interposed")
                }
            } else {
                // The static variant needs no network library, and goes through --wrap.
                for library in [
                    "libssh2", "libmbed", "libcrypto", "libhttp_parser", "libpcre2", "libgssapi", "libkrb5",
                ] {
                    #expect(!needed.contains { $0.contains(library) }, "\(library) is needed: \(needed)")
                }
                for wrapper in [
                    "__wrap_mbedtls_x509_crt_parse_file", "__wrap_mbedtls_ctr_drbg_seed", "__wrap_libssh2_init",
                ] {
                    #expect(symbols.contains(" \(wrapper)\n"), "\(wrapper)")
                }
            }
        }

        @Test(
            "A command neither reads the CA bundle nor starts OpenSSL: libgit2 starts for local stores only",
            .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")))
        func startsWithoutNetworkSetUp() throws {
            let workspace = try Workspace()
            let id = try workspace.create("sop", title: "Local only")
            let trace = workspace.path("trace")
            let result = try runProcess(
                "/usr/bin/strace",
                ["-f", "-e", "trace=open,openat", "-o", trace, workspace.binary, "show", id, "--draft"],
                environment: ["STET_HOME": workspace.home, "STET_STORE": workspace.store])
            #expect(result.succeeded, "\(result.stderr)")
            let opened = try String(contentsOfFile: trace, encoding: .utf8)
            // The trace is a real one: the store's objects were opened.
            #expect(opened.contains("/objects/"))
            for path in ["/etc/ssl", "/usr/lib/ssl", "ca-certificates", "openssl.cnf", "/etc/krb5"] {
                #expect(!opened.contains(path), "\(path) was opened")
            }
        }
    #endif

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

    @Test("--store, --user and --passphrase-file are taken before the subcommand too, as git -C is")
    func optionsBeforeSubcommand() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Hoisted")
        let listed = try workspace.stet(["--store", workspace.store, "list"])
        #expect(listed.succeeded && listed.stdout.contains(id), "\(listed.stderr)")
        #expect(try workspace.stet(["--store=" + workspace.store, "status", id]).stdout.contains("Hoisted"))
        let submitted = try workspace.stet(
            [
                "--user", "alice", "--passphrase-file", workspace.path("passphrase"), "submit", id, "--reviewers",
                "bob",
                "--approvers", "carol",
            ])
        #expect(submitted.succeeded, "\(submitted.stderr)")
    }

    @Test("Usage errors read like every other error: one 'stet: error:' line naming the problem, exit status 1")
    func usageErrors() throws {
        let workspace = try Workspace()
        let cases: [([String], String)] = [
            (
                ["list", "--user", "alice"],
                "stet: error: stet list only reads the store, so it takes no --user: nothing is signed"
            ),
            (["list", "--bogus"], "stet: error: unknown option '--bogus'; see 'stet list --help'"),
            (["approve"], "stet: error: missing expected argument '<id>'; see 'stet approve --help'"),
            (["frobnicate"], "stet: error: unexpected argument 'frobnicate'; see 'stet --help'"),
            (
                ["list", "--state", "nope"],
                "stet: error: the value 'nope' is invalid for '--state <state>'. Give one of: draft, in-review, approved, issued, effective, retired; see 'stet list --help'"
            ),
        ]
        for (arguments, expected) in cases {
            let result = try workspace.stet(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr == expected + "\n", "\(arguments)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("Document ids match without regard to case; an unknown id names the nearest ones")
    func documentIDs() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Case")
        #expect(try workspace.expectSuccess(["status", id.lowercased()]).stdout.contains("\(id)  Case"))
        try workspace.expectSuccess(
            ["submit", id.lowercased(), "--reviewers", "bob", "--approvers", "carol"], as: "alice")
        let message = try workspace.git(["log", "-1", "--format=%B", "main"]).stdout
        #expect(message.contains("Stet-Document: \(id)"))
        try workspace.expectRefusal(
            ["status", "sop-01"], saying: "no document sop-01 in this store; did you mean \(id)?")
        try workspace.expectRefusal(
            ["status", "XYZ-9999"], saying: "no document XYZ-9999 in this store: 'stet list' shows the register")
    }

    @Test("Shell completion scripts are generated for bash, zsh and fish")
    func completion() throws {
        let workspace = try Workspace(enrol: false)
        for shell in ["bash", "zsh", "fish"] {
            let script = try workspace.stet(["--generate-completion-script", shell])
            #expect(
                script.succeeded && script.stdout.contains("stet") && script.stdout.contains("acknowledge"), "\(shell)")
        }
    }
}

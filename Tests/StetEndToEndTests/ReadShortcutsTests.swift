import Foundation
import Testing

@testable import StetCLI

/// `show`, `list` and `log` in their plain forms skip ArgumentParser (`ReadShortcuts`): for every
/// form, with and without the shortcut, the same output, errors and exit status.
@Suite("Read shortcuts")
struct ReadShortcutsTests {
    @Test("Every form of show, list and log answers as ArgumentParser's parse does, refusals included")
    func sameAnswers() throws {
        let workspace = try Workspace()
        let id = try workspace.create("sop", title: "Specimen reception")
        try workspace.release(id)
        try workspace.write("r.md", "# Specimen reception\n\nRevised.\n")
        try workspace.expectSuccess(["edit", id, "--file", workspace.path("r.md"), "--reason", "Revised"], as: "alice")
        let lower = id.lowercased()
        let forms: [[String]] = [
            ["show", id], ["show", lower], ["show", id, "--format", "json"], ["show", "--format=json", id],
            ["show", id, "--version", "1"], ["show", id, "--version=1"], ["show", id, "--draft"],
            ["show", id, "--as-of", utcDay(offset: 0)], ["show", id, "--store", workspace.store],
            ["show", "--store=" + workspace.store, id], ["--store", workspace.store, "show", id],
            ["show", id, "--version", "9"], ["show", id, "--version", "x"], ["show", id, "--draft", "--version", "1"],
            ["show", id, "--format", "yaml"], ["show"], ["show", id, id], ["show", "SOP-9999"], ["show", id, "--help"],
            ["show", id, "--draft", "--draft"], ["show", id, "--store"], ["show", id, "--", "x"],
            ["show", id, "--as-of", "yesterday"], ["show", id, "--store", workspace.path("nowhere")],
            ["show", id, "--details"], ["show", id, "--details", "--draft"],
            ["show", id, "--details", "--format", "json"],
            ["list", "--clause", "13485:7.5"], ["list", "--clause", "nonsense"], ["list", "--clause"],
            ["list"], ["list", "--format", "json"], ["list", "--state", "effective"], ["list", "--state", "draft"],
            ["list", "--state", "nonsense"], ["list", "--type", "sop"], ["list", "--due"],
            ["list", "--due", "--within", "400"], ["list", "--within", "-1"], ["list", "--as-of", utcDay(offset: 0)],
            ["list", "extra"], ["list", "--user", "alice"],
            ["log", id], ["log", lower, "--format", "json"], ["log"], ["log", "SOP-9999"], ["log", id, "--verbose"],
        ]
        for form in forms {
            let shortcut = run(form, in: workspace, shortcuts: true)
            let parsed = run(form, in: workspace, shortcuts: false)
            #expect(shortcut == parsed, "\(form)")
        }
        #expect(ReadShortcuts.command(["show", id]) != nil)
        #expect(ReadShortcuts.command(["list", "--due", "--within", "30"]) != nil)
        #expect(ReadShortcuts.command(["log", id, "--format=json"]) != nil)
        #expect(ReadShortcuts.command(["show", id, "--help"]) == nil)
    }

    func run(_ arguments: [String], in workspace: Workspace, shortcuts: Bool) -> [String] {
        let console = CapturedConsole()
        let status = Stet.run(
            arguments,
            in: Invocation(
                environment: ["STET_HOME": workspace.home, "STET_STORE": workspace.store],
                currentDirectory: workspace.folder, console: console),
            shortcuts: shortcuts)
        return [
            String(status), String(decoding: console.output, as: UTF8.self),
            String(decoding: console.errorOutput, as: UTF8.self),
        ]
    }
}

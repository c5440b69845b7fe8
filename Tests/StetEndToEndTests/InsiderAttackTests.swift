import Foundation
import Testing

@testable import StetCLI
@testable import StetCore
@testable import StetGit

/// The attacks of the second adversarial review (issue 27), each reproduced as it was found
/// and shown refused or harmless, with what a user sees.
@Suite("Insider attacks, second round")
struct InsiderAttackTests {
    let workspace: Workspace

    init() throws { workspace = try Workspace() }

    /// A document in force, with a line an attacker wants changed.
    func documentInForce() throws -> String {
        let id = try workspace.create(
            "sop", title: "Sample storage",
            body: "Store samples at 4C within 30 minutes of receipt.\n\nSee the [policy](https://example.org/policy).")
        try workspace.release(id)
        return id
    }

    @Test("A copy register entry re-signed with the hash of an edited copy does not make it CURRENT")
    func registerDoesNotVouchForContent() throws {
        let id = try documentInForce()
        let copy = workspace.path("copy1.html")
        try workspace.expectSuccess(
            ["copies", "issue", id, "--to", "Bench 1", "--format", "html", "--output", copy], as: "dana")
        let edited = try String(contentsOfFile: copy, encoding: .utf8).replacingOccurrences(
            of: "Store samples at 4C", with: "Store samples at 37C")
        try workspace.write("edited.html", edited)
        // The controller signs, with her own key, a copy-issue event whose file hash is the edited
        // copy's: the register then holds it. That is a valid event; it proves nothing about content.
        let store = try Store.open(at: workspace.store)
        let key = try KeyFile.unlock(user: "dana", passphrase: Workspace.passphrase, home: workspace.home)
        try store.record(
            .issueCopy(
                document: try DocumentID(id), version: 1, number: 2, holder: "Bench 2",
                file: ControlledCopy.fileHash(Array(edited.utf8))), signedBy: key)
        try workspace.expectSuccess(["verify"])
        let check = try workspace.stet(["check-copy", workspace.path("edited.html")])
        #expect(check.status == 4, "\(check.stdout)")
        #expect(check.stdout.contains("NOT A CONTROLLED COPY"), "\(check.stdout)")
        #expect(check.stdout.contains("altered copy"))
        #expect(!check.stdout.contains("CURRENT"))
        // The copy as issued is still current.
        #expect(try workspace.stet(["check-copy", copy]).status == 0)
    }

    /// A Chromium that edits the page before printing it, as `STET_CHROMIUM` may name.
    func editingChromium() throws -> String {
        let wrapper = workspace.path("editing-chromium")
        try workspace.write(
            "editing-chromium",
            """
            #!/bin/bash
            for argument in "$@"; do
              [[ "$argument" == file://* ]] && sed -i 's/at 4C/at 37C/' "${argument#file://}"
            done
            exec \(try PDFPrinter.chromium(explicit: nil, path: ProcessInfo.processInfo.environment["PATH"])) "$@"

            """)
        #expect(chmod(wrapper, 0o755) == 0)
        return wrapper
    }

    @Test(
        "A PDF copy is checked by its text and bytes: an edited print, an edited byte and a doctored Chromium are caught"
    )
    func pdfCheckedByContent() throws {
        let id = try documentInForce()
        let issued = workspace.path("copy1.pdf")
        try workspace.expectSuccess(["copies", "issue", id, "--to", "Bench 1", "--output", issued], as: "dana")
        let current = try workspace.stet(["check-copy", issued])
        #expect(current.status == 0, "\(current.stdout)\(current.stderr)")
        #expect(current.stdout.contains("CURRENT: this is \(id) v1"))
        #expect(current.stdout.contains("The register holds this file as \(id) v1 copy 1"))

        // Printed through a Chromium that edits the page first: refused, nothing registered.
        try workspace.expectRefusal(
            ["copies", "issue", id, "--to", "Bench 2", "--output", workspace.path("copy2.pdf")], as: "dana",
            environment: ["STET_CHROMIUM": try editingChromium()],
            saying: "does not read as the copy Stet rendered")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("copy2.pdf")))
        let render = try workspace.stet(
            ["render", id, "--format", "pdf", "--output", workspace.path("render.pdf")],
            environment: ["STET_CHROMIUM": try editingChromium()])
        #expect(render.status == 1 && render.stderr.contains("does not read as the copy Stet rendered"))

        // An HTML copy edited and printed to PDF by a genuine Chromium.
        let html = workspace.path("plain.html")
        try workspace.expectSuccess(["render", id, "--output", html])
        let edited = try String(contentsOfFile: html, encoding: .utf8).replacingOccurrences(
            of: "at 4C", with: "at 37C")
        let pdf = try PDFPrinter.pdf(
            Array(edited.utf8),
            chromium: try PDFPrinter.chromium(explicit: nil, path: ProcessInfo.processInfo.environment["PATH"]))
        try Data(pdf).write(to: URL(fileURLWithPath: workspace.path("edited.pdf")))
        let caught = try workspace.stet(["check-copy", workspace.path("edited.pdf")])
        #expect(caught.status == 4)
        #expect(caught.stdout.contains("altered copy") && caught.stdout.contains("at37C"), "\(caught.stdout)")

        // One byte of the registered PDF changed, outside its text: not the copy either.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: issued)))
        let image = try #require(firstIndex(of: Array("/Subtype /Image".utf8), in: bytes))
        let stream = try #require(firstIndex(of: Array("stream\n".utf8), in: bytes, from: image))
        bytes[stream + 200] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: workspace.path("byte.pdf")))
        let changed = try workspace.stet(["check-copy", workspace.path("byte.pdf")])
        #expect(changed.status == 4, "\(changed.stdout)")
        #expect(changed.stdout.contains("NOT A CONTROLLED COPY"))
    }

    @Test("pandoc converts hostile files confined: no local file read, no URL fetched, no device read")
    func importConfinesPandoc() throws {
        let pandoc = try #require(DocumentConversion.pandoc(path: ProcessInfo.processInfo.environment["PATH"]))
        let secret = workspace.path("id_ed25519")
        try workspace.write("id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY----- SECRET-KEY-MATERIAL\n")
        let listener = try LoopbackListener()
        defer { listener.stop() }
        let folder = workspace.path("hostile")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var files: [String] = []
        for (name, target) in [
            ("local", secret), ("url", "http://127.0.0.1:\(listener.port)/beacon.png"), ("device", "/dev/zero"),
        ] {
            for format in ["odt", "docx"] {
                let file = folder + "/SOP-09\(files.count) Hostile \(name).\(format)"
                try HostileDocument.write(format: format, imageTarget: target, to: file, pandoc: pandoc)
                files.append(file)
            }
        }
        for file in files {
            let (markdown, media) = try DocumentConversion.markdown(
                from: file, format: (file as NSString).pathExtension, pandoc: pandoc)
            let text = String(decoding: markdown, as: UTF8.self)
            #expect(text.contains("Before the image"), "\(file): \(text)")
            #expect(!text.contains("SECRET-KEY-MATERIAL"))
            #expect(media.values.allSatisfy { !String(decoding: $0, as: UTF8.self).contains("SECRET-KEY-MATERIAL") })
            #expect(media.isEmpty, "\(file): \(media.keys)")
        }
        #expect(listener.connections == 0, "pandoc fetched the image URL")
        // Through the command as a controller runs it: the store holds none of the secret.
        let imported = try workspace.stet(["import", folder, "--type", "sop"], as: "dana")
        #expect(!imported.stdout.contains("SECRET") && !imported.stderr.contains("SECRET"))
        let grep = try workspace.git(["grep", "-I", "SECRET-KEY-MATERIAL", "refs/heads/main"])
        #expect(grep.stdout.isEmpty)
        #expect(listener.connections == 0)
    }

    @Test("pandoc runs sandboxed, in a private folder, with a bounded heap and without the user's environment")
    func pandocConfinement() throws {
        let log = workspace.path("pandoc.log")
        try workspace.write(
            "fake-pandoc",
            """
            #!/bin/sh
            { stat -c %a .; printf '%s\\n' "$@"; env; } > \(log)
            exit 1

            """)
        #expect(chmod(workspace.path("fake-pandoc"), 0o755) == 0)
        try workspace.write("a.odt", "not really")
        #expect(throws: StetError.self) {
            try DocumentConversion.markdown(
                from: workspace.path("a.odt"), format: "odt", pandoc: workspace.path("fake-pandoc"))
        }
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "700", "the folder pandoc works in is private: \(lines.first ?? "")")
        for argument in ["--sandbox", "+RTS", "-M512m", "-RTS"] { #expect(lines.contains(argument), "\(argument)") }
        #expect(!lines.contains { $0.lowercased().hasPrefix("http_proxy=") || $0.hasPrefix("STET_") })
        #expect(lines.contains("PATH=/usr/bin:/bin"))
        #expect(!lines.contains { $0.hasPrefix("HOME=") && !$0.contains("stet-convert-") })
    }

    @Test("A store named from the working folder through a link keeps its name: re-pointing the link is refused")
    func relativeStoreNameThroughLink() throws {
        let id = try documentInForce()
        let site = workspace.path("site")
        try FileManager.default.createSymbolicLink(atPath: site, withDestinationPath: workspace.folder)
        // As a shell started in the link runs stet: PWD names the folder through the link.
        func list(_ extra: [String] = []) throws -> ProcessResult {
            try runProcess(
                workspace.binary, ["list", "--store", "store"],
                environment: ["STET_HOME": workspace.home, "PWD": site], in: site)
        }
        let first = try list()
        #expect(first.succeeded && first.stdout.contains(id), "\(first.stderr)")
        let replacement = try Workspace()
        _ = try replacement.create("sop", title: "Sample storage", body: "Store samples at 37C.")
        try FileManager.default.removeItem(atPath: site)
        try FileManager.default.createSymbolicLink(atPath: site, withDestinationPath: replacement.folder)
        let refused = try list()
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stderr.contains("is not the store you verified there before"), "\(refused.stderr)")
        #expect(Store.name("/a/./b//c/../d/") == "/a/b/d")
    }

    @Test("A backup behind the store is not served, and verify on it says so in a note, not a failure")
    func backupBehindTheStore() throws {
        let id = try documentInForce()
        let backup = workspace.path("backup")
        #expect(try runProcess("/bin/cp", ["-a", workspace.store, backup]).succeeded)
        let first = try workspace.stet(["verify", "--store", backup])
        #expect(first.succeeded, "\(first.stdout)")
        try workspace.expectSuccess(["retire", id, "--reason", "Replaced"], as: "dana")
        try workspace.expectSuccess(["verify"])
        let verify = try workspace.stet(["verify", "--store", backup])
        #expect(verify.succeeded, "\(verify.stdout)")
        #expect(verify.stdout.contains("does not hold the newest head verified here"), "\(verify.stdout)")
        let show = try workspace.stet(["show", id, "--store", backup])
        #expect(show.status == 1)
        #expect(show.stderr.contains("it is behind (a mirror or backup not yet updated)"), "\(show.stderr)")
        #expect(!show.stdout.contains("Store samples"))
    }

    @Test("PDFs of right-to-left text and of code lines wider than the page print and check as copies")
    func pdfOfEverydayText() throws {
        let id = try workspace.create(
            "sop", title: "Hand hygiene",
            body: """
                Wash hands for 20 seconds. שטפו ידיים במשך 20 שניות לפני כל בדיקה, ובסיומה.
                اغسل يديك لمدة 20 ثانية.

                ```
                \(String(repeating: "sample-id,received-at,bench,temperature,", count: 6))
                ```
                """)
        try workspace.release(id)
        let pdf = workspace.path("hygiene.pdf")
        try workspace.expectSuccess(["render", id, "--format", "pdf", "--output", pdf])
        let check = try workspace.stet(["check-copy", pdf])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("A store link re-pointed at an insider's replacement store is refused, by every command and by verify")
    func repointedStoreLink() throws {
        let id = try documentInForce()
        let link = workspace.path("qms")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: workspace.store)
        try workspace.expectSuccess(["show", id, "--store", link])
        // The insider's own store: the same names, keys they hold, the same document id.
        let replacement = try Workspace()
        let forged = try replacement.create(
            "sop", title: "Sample storage", body: "Store samples at 37C within 30 minutes of receipt.")
        try replacement.release(forged)
        #expect(forged == id)
        try FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: replacement.store)
        for arguments in [["show", id], ["list"], ["render", id]] {
            let result = try workspace.stet(arguments + ["--store", link])
            #expect(result.status == 1, "\(arguments): \(result.stdout)")
            #expect(result.stderr.contains("is not the store you verified there before"), "\(result.stderr)")
            #expect(!result.stdout.contains("37C"))
        }
        let verify = try workspace.stet(["verify", "--store", link])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("this head was verified here before and is no longer in the history"))
        // The real store, by its own path, is still served.
        try workspace.expectSuccess(["show", id])
    }

    /// A store where a second controller confirms what one changes: dana, erin and carol are controllers.
    func fourEyes() throws {
        try workspace.expectSuccess(
            ["user", "roles", "erin", "--roles", "approver,reviewer,controller", "--reason", "Deputy"], as: "dana")
        try workspace.expectSuccess(
            ["user", "roles", "carol", "--roles", "approver,controller", "--reason", "Deputy"], as: "dana")
        try workspace.expectSuccess(
            [
                "user", "add", "lena", "--name", "Lena Fischer", "--key", try workspace.keygen("lena"), "--role",
                "reader",
            ], as: "dana")
        try workspace.expectSuccess(["user", "require-confirmation"], as: "dana")
    }

    @Test("Whoever made any part of a pending change cannot confirm it: a second maker is refused")
    func pendingChangeHasOneMaker() throws {
        try fourEyes()
        // Erin gives Lena a key Erin holds.
        let erinHome = workspace.path("erin-second-home")
        try FileManager.default.createDirectory(
            atPath: erinHome, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = try workspace.stet(["keygen", "--user", "lena"], as: "erin", environment: ["STET_HOME": erinHome])
        try workspace.expectSuccess(
            [
                "user", "rekey", "lena", "--key", key.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                "--reason", "Lost",
            ],
            as: "erin")
        try workspace.expectRefusal(
            ["user", "confirm", "lena"], as: "erin", saying: "erin enrolled lena or gave them their key")
        // Dana's change on top would have made Dana the maker and freed Erin to confirm.
        try workspace.expectRefusal(
            ["user", "roles", "lena", "--roles", "reader,author", "--reason", "Writes SOPs"], as: "dana",
            saying: "lena waits for confirmation of a change by erin")
        try workspace.expectRefusal(
            ["user", "confirm", "lena"], as: "erin", saying: "erin enrolled lena or gave them their key")
        // Confirmed by someone who made no part of it.
        try workspace.expectSuccess(["user", "confirm", "lena"], as: "carol")

        // The reverse: a role grant, then another controller's re-key on top.
        try workspace.expectSuccess(
            ["user", "roles", "rita", "--roles", "reader,approver", "--reason", "Trained"], as: "dana")
        let ritaKey = try workspace.stet(
            ["keygen", "--user", "rita"], as: "dana", environment: ["STET_HOME": erinHome])
        try workspace.expectRefusal(
            [
                "user", "rekey", "rita", "--key", ritaKey.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                "--reason", "Lost",
            ],
            as: "erin", saying: "rita waits for confirmation of a change by dana")
        try workspace.expectRefusal(
            ["user", "confirm", "rita"], as: "dana", saying: "dana enrolled rita or gave them their key")
        try workspace.expectSuccess(["user", "confirm", "rita"], as: "erin")
        try workspace.expectSuccess(["verify"])
    }

    @Test("A re-keying killed after the store recorded its key is finished by running it again; nothing is overwritten")
    func rekeyRecoversByRunningAgain() throws {
        let newPassphrase = "quartz meadow violin harbour"
        // What a kill at the rename leaves: the new key beside the old, and the store holding the new.
        let newKey = try KeyFile.generatePending(user: "alice", passphrase: newPassphrase, home: workspace.home)
        let store = try Store.open(at: workspace.store)
        let oldKey = try KeyFile.unlock(user: "alice", passphrase: Workspace.passphrase, home: workspace.home)
        try store.record(.rekeyUser(id: try UserID("alice"), key: newKey, reason: "Rotation"), signedBy: oldKey)
        let pending = try Data(
            contentsOf: URL(fileURLWithPath: KeyFile.pendingPath(forUser: "alice", home: workspace.home)))

        // The old key no longer signs, and the error says what to do.
        try workspace.write("draft.md", "# After the re-keying\n\nText.\n")
        let refused = try workspace.stet(
            ["new", "sop", "--title", "Too early", "--file", workspace.path("draft.md")], as: "alice")
        #expect(refused.status == 1 && refused.stderr.contains("run stet user rekey again"), "\(refused.stderr)")
        // The obvious retry finishes it, whatever new passphrase is typed this time.
        let retry = try workspace.stet(
            ["user", "rekey", "--reason", "Rotation"], as: "alice",
            environment: ["STET_NEW_PASSPHRASE": "another passphrase entirely"])
        #expect(retry.succeeded, "\(retry.stderr)")
        #expect(retry.stderr.contains("was recorded but not finished"))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: KeyFile.path(forUser: "alice", home: workspace.home))) == pending)
        let id = try workspace.stet(
            ["new", "sop", "--title", "After the re-keying", "--file", workspace.path("draft.md")], as: "alice",
            environment: ["STET_PASSPHRASE": newPassphrase])
        #expect(id.succeeded, "\(id.stderr)")

        // Killed before the store took it: the unrecorded key is set aside, and a new one recorded.
        _ = try KeyFile.generatePending(user: "alice", passphrase: "never recorded key phrase", home: workspace.home)
        let again = try workspace.stet(
            ["user", "rekey", "--reason", "Rotation"], as: "alice",
            environment: ["STET_PASSPHRASE": newPassphrase, "STET_NEW_PASSPHRASE": "third passphrase for alice"])
        #expect(again.succeeded, "\(again.stderr)")
        #expect(again.stderr.contains("never recorded; set aside as"))
        let keys = try FileManager.default.contentsOfDirectory(atPath: workspace.home + "/keys")
        #expect(keys.contains { $0.hasPrefix("alice.key.new.unrecorded-") })
        #expect(!keys.contains("alice.key.new"))
        try workspace.expectSuccess(["verify"])
    }

    @Test("A first event whose settings no later change could make is refused, and dates cannot overflow")
    func initialSettingsChecked() throws {
        let dana = SigningKey.generate(user: "dana")
        let cases: [(change: (inout StoreConfiguration) -> Void, problem: String)] = [
            ({ $0.types["sop"]?.reviewIntervalMonths = Int(Int64.max) }, "1 to 120 months"),
            ({ $0.types["sop"]?.digits = -1 }, "use 1 to 9"),
            ({ $0.types["sop"]?.prefix = "" }, "ASCII letters"),
            ({ $0.timeZone = "Mars/Olympus" }, "not a time zone"),
        ]
        for (change, problem) in cases {
            var configuration = StoreConfiguration.standard
            change(&configuration)
            let folder = workspace.path("store-\(UUID().uuidString)")
            do {
                _ = try Store.create(
                    at: folder,
                    controller: NewUser(id: "dana", name: "Dana Whitfield", roles: [.controller], key: dana.publicKey),
                    signedBy: dana, configuration: configuration)
                Issue.record("a store was created with \(configuration)")
            } catch {
                #expect(ErrorMessage.text(for: error).contains(problem), "\(error)")
            }
            #expect(!FileManager.default.fileExists(atPath: folder))
        }
        let day = try #require(Day("2026-12-06"))
        #expect(day.adding(months: Int.max) == Day.latest)
        #expect(day.adding(months: Int.min) == Day.earliest)
        #expect(day.adding(months: 24) == Day("2028-12-06"))
        let huge = try workspace.stet(["list", "--due", "--within", "9223372036854775807"])
        #expect(huge.status == 1 && huge.stderr.contains("from 0 to 1000000"), "\(huge.stderr)")
    }

    @Test("A FIFO named by the store's config, in place of its reflog, or behind a commondir is refused, not waited on")
    func storeNamesNothingToWaitOn() throws {
        _ = try workspace.create("sop", title: "Specimen reception")
        let fifo = workspace.path("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        func run() throws -> ProcessResult {
            try runProcess(
                "/usr/bin/timeout", ["20", workspace.binary, "verify"],
                environment: ["STET_HOME": workspace.home, "STET_STORE": workspace.store])
        }
        let config = workspace.store + "/config"
        let original = try String(contentsOfFile: config, encoding: .utf8)
        for include in ["[include]\n\tpath = \(fifo)\n", "[ IncludeIf \"gitdir:/\"]\n\tpath = \(fifo)\n"] {
            try (original + include).write(toFile: config, atomically: true, encoding: .utf8)
            let result = try run()
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("its config includes another file"), "\(result.stderr)")
        }
        try original.write(toFile: config, atomically: true, encoding: .utf8)

        let reflog = workspace.store + "/logs/refs/heads/main"
        let saved = try Data(contentsOf: URL(fileURLWithPath: reflog))
        try FileManager.default.removeItem(atPath: reflog)
        #expect(mkfifo(reflog, 0o600) == 0)
        let reflogResult = try run()
        #expect(reflogResult.status == 1)
        #expect(
            reflogResult.stderr.contains("its logs/refs/heads/main is not a regular file"), "\(reflogResult.stderr)")
        try FileManager.default.removeItem(atPath: reflog)
        try saved.write(to: URL(fileURLWithPath: reflog))

        // Among the references libgit2 lists, under a name that is not UTF-8.
        let listed = (Array((workspace.store + "/refs/tags/pipe-").utf8) + [0xFF, 0]).map { CChar(bitPattern: $0) }
        #expect(mkfifo(listed, 0o600) == 0)
        let listedResult = try run()
        #expect(listedResult.status == 1)
        #expect(listedResult.stderr.contains("its refs/tags/pipe-"), "\(listedResult.stderr)")
        #expect(listedResult.stderr.contains("is not a regular file"), "\(listedResult.stderr)")
        #expect(unlink(listed) == 0)

        // commondir sends git to another folder for config, refs and objects, where none of the checks look.
        try "\(workspace.path("elsewhere"))\n".write(
            toFile: workspace.store + "/commondir", atomically: true, encoding: .utf8)
        let common = try run()
        #expect(common.status == 1)
        #expect(common.stderr.contains("it has commondir"), "\(common.stderr)")
        try FileManager.default.removeItem(atPath: workspace.store + "/commondir")
        // alternates borrow objects from a folder whose own alternates and packs libgit2 opens in turn.
        let elsewhere = workspace.path("elsewhere/objects/info")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        #expect(mkfifo(elsewhere + "/alternates", 0o600) == 0)
        try "\(workspace.path("elsewhere/objects"))\n".write(
            toFile: workspace.store + "/objects/info/alternates", atomically: true, encoding: .utf8)
        let borrowed = try run()
        #expect(borrowed.status == 1)
        #expect(borrowed.stderr.contains("it has objects/info/alternates"), "\(borrowed.stderr)")
        try FileManager.default.removeItem(atPath: workspace.store + "/objects/info/alternates")
        try workspace.expectSuccess(["verify"])
    }

    @Test("Rendering grows linearly with the document: work counted, not timed")
    func sanitizerIsLinear() {
        func work(_ html: String) -> Int {
            var work = 0
            _ = HTMLSanitizer.sanitize(html, work: &work)
            return work
        }
        for unit in [
            "<p>Store at <em>4C</em> &amp; <a href=\"https://example.org\">check</a>.</p>\n", "<a x=\"", "<a b c d ",
            "é<", "<code class=\"language-x\">ü</code>", "<!-- a ", "<!-- b --> <",
        ] {
            let small = work(String(repeating: unit, count: 10_000))
            let large = work(String(repeating: unit, count: 40_000))
            #expect(Double(large) <= 4.2 * Double(small), "\(unit): \(small) → \(large)")
        }
        // The size that took 4.2 s renders whole, with its text intact.
        let body = String(
            repeating: "Check the *label* and `barcode` of [each](https://example.org) sample.\n\n", count: 1200)
        #expect(ControlledCopy.htmlBody(body).components(separatedBy: "<em>label</em>").count == 1201)
    }

    @Test(
        "Links in copies go to http(s) and mailto addresses printed in full, or within the copy; never to local files")
    func linksStayOutOfLocalFiles() throws {
        let id = try workspace.create(
            "sop", title: "Links",
            body: """
                [passwd](%2e%2e/%2e%2e/%2e%2e/etc/passwd), [share](//fileserver/share/x), [file](file:///etc/passwd),
                [web](https://example.org/a), [mail](mailto:qa@example.org), [section](#scope)
                """)
        try workspace.release(id)
        let html = try workspace.expectSuccess(["render", id]).stdout
        for kept in ["href=\"https://example.org/a\"", "href=\"mailto:qa@example.org\"", "href=\"#scope\""] {
            #expect(html.contains(kept), "\(kept)")
        }
        for gone in ["%2e%2e", "//fileserver", "file:"] {
            #expect(!html.contains("href=\"\(gone)"), "\(gone)")
        }
        for text in ["passwd", "share", "file"] { #expect(html.contains("<a>\(text)</a>"), "\(text)") }
        let pdf = workspace.path("links.pdf")
        try workspace.expectSuccess(["render", id, "--format", "pdf", "--output", pdf])
        let bytes = String(decoding: try Data(contentsOf: URL(fileURLWithPath: pdf)), as: UTF8.self)
        #expect(!bytes.contains("file:"))
        #expect(!bytes.contains("fileserver"))
        #expect(bytes.contains("/URI (https://example.org/a)"))
    }

    @Test("A later draft's image never shows in a copy of the version in force")
    func imagesAreTheVersions() throws {
        let id = try documentInForce()
        func body(_ copy: String) -> Substring {
            copy.split(separator: "<!-- stet:body:start -->").last?.split(separator: "<!-- stet:body:end -->").first
                ?? ""
        }
        let before = try workspace.expectSuccess(["render", id]).stdout
        // The author alone starts a revision linking a new picture, never submitted.
        let png = try Data(contentsOf: URL(fileURLWithPath: fixturePath("acme-qms/assets/old-logo.png")))
        try png.write(to: URL(fileURLWithPath: workspace.path("dose.png")))
        try workspace.write(
            "revision.md", "# Sample storage\n\nStore samples at 4C.\n\n![Dosing chart](dose.png)\n")
        try workspace.expectSuccess(
            ["edit", id, "--file", workspace.path("revision.md"), "--reason", "New chart"], as: "alice")
        let after = try workspace.expectSuccess(["render", id]).stdout
        #expect(body(after) == body(before), "the copy of v1 changed")
        #expect(!after.contains("Dosing chart"))
        let draft = try workspace.expectSuccess(["render", id, "--draft"]).stdout
        #expect(draft.contains("alt=\"Dosing chart\""))
    }

    @Test("A refused numbered copy never removes a file that was there")
    func refusedCopyKeepsFiles() throws {
        let id = try documentInForce()
        try workspace.write("report.html", "the thesis\n")
        try workspace.expectRefusal(
            ["copies", "issue", id, "--to", "Bench", "--format", "html", "--output", workspace.path("report.html")],
            as: "rita", saying: "already exists")
        #expect(try String(contentsOfFile: workspace.path("report.html"), encoding: .utf8) == "the thesis\n")
        try workspace.expectRefusal(
            ["copies", "issue", id, "--to", "Bench", "--format", "html", "--output", workspace.path("new.html")],
            as: "rita", saying: "rita cannot issue controlled copies")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("new.html")))
    }

    private func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int = 0) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        for index in start...(bytes.count - needle.count) where bytes[index] == needle[0] {
            if Array(bytes[index..<(index + needle.count)]) == needle { return index }
        }
        return nil
    }
}

/// Word and OpenDocument files whose one image names `imageTarget` outside the file (a local
/// path, a URL, a device), made from pandoc's own output by rewriting the image reference.
enum HostileDocument {
    static func write(format: String, imageTarget: String, to file: String, pandoc: String) throws {
        let folder = NSTemporaryDirectory() + "hostile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let png = fixturePath("acme-qms/assets/old-logo.png")
        try "Before the image.\n\n![chart](\(png))\n\nAfter the image.\n".write(
            toFile: folder + "/in.md", atomically: true, encoding: .utf8)
        let made = try runProcess(pandoc, [folder + "/in.md", "-o", folder + "/base." + format])
        guard made.succeeded else { throw HostileDocumentError.pandoc(made.stderr) }
        let script = """
            import re, sys, zipfile
            base, out, target, kind = sys.argv[1:5]
            with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as result:
                for item in source.infolist():
                    data = source.read(item.filename)
                    if kind == 'odt' and item.filename == 'content.xml':
                        data = re.sub(rb'xlink:href="Pictures/[^"]*"', b'xlink:href="' + target.encode() + b'"', data)
                    if kind == 'docx' and item.filename == 'word/_rels/document.xml.rels':
                        data = re.sub(rb'Target="media/[^"]*"', b'Target="' + target.encode() + b'" TargetMode="External"', data)
                    if kind == 'docx' and item.filename == 'word/document.xml':
                        data = data.replace(b'r:embed=', b'r:link=')
                    if item.filename.startswith(('Pictures/', 'word/media/')):
                        continue
                    result.writestr(item, data)
            """
        let rewritten = try runProcess(
            "/usr/bin/python3", ["-c", script, folder + "/base." + format, file, imageTarget, format])
        guard rewritten.succeeded else { throw HostileDocumentError.python(rewritten.stderr) }
    }

    enum HostileDocumentError: Error {
        case pandoc(String)
        case python(String)
    }
}

/// A TCP listener on loopback that counts the connections it is offered.
final class LoopbackListener: @unchecked Sendable {
    let port: UInt16
    private let socket: Int32
    private let lock = NSLock()
    private var count = 0
    private var thread: Thread?

    var connections: Int { lock.withLock { count } }

    init() throws {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else { throw ListenerError.bind }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        socket = descriptor
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in
            while true {
                let client = accept(descriptor, nil, nil)
                if client < 0 { return }
                lock.withLock { count += 1 }
                close(client)
            }
        }
        self.thread = thread
        thread.start()
    }

    func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    enum ListenerError: Error { case bind }
}

/// A file of `Tests/Fixtures`.
func fixturePath(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/" + name).path
}

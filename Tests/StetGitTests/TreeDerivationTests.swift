import Foundation
import Testing

@testable import StetGit

/// Trees derived in memory, checked against libgit2's and stock git's.
@Suite("Tree derivation")
struct TreeDerivationTests {
    @Test("Folder ids derived in memory are the ids git gives, over many trees")
    func derivedTreeIDsAreGitsIDs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ids-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let repository = try Repository.createBare(at: folder, initialBranch: "main")
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._- ")
        var base: ObjectID?
        var trees = 0
        for _ in 0..<40 {
            // A few files and folders of random names and lengths, on the tree before: sizes across
            // SHA-1's 64-byte blocks, and the folders above them changed each time.
            let changes = (0..<Int.random(in: 1...6, using: &generator)).map { _ -> (path: String, bytes: [UInt8]?) in
                let depth = Int.random(in: 1...3, using: &generator)
                let path = (0..<depth).map { _ in
                    String((0..<Int.random(in: 1...40, using: &generator)).map { _ in alphabet.randomElement()! })
                        .trimmingCharacters(in: .whitespaces)
                }
                .map { $0.isEmpty || $0 == "." || $0 == ".." ? "x" : $0 }.joined(separator: "/")
                return (path, Array("\(path) \(UInt64.random(in: 0...UInt64.max, using: &generator))".utf8))
            }
            guard let derived = try? repository.deriveTree(base: base, changes: changes) else { continue }
            for object in derived.objects where object.kind == .tree {
                #expect(try ObjectID.hash(object.bytes, kind: .tree) == object.id)
                trees += 1
            }
            try repository.write(derived)
            base = derived.id
        }
        #expect(trees > 100)
        // The empty folder, and folders emptied by removals, which disappear.
        let empty = try repository.deriveTree(base: nil, changes: [])
        #expect(empty.id.hex == "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
        let emptied = try repository.deriveTree(
            base: base, changes: try repository.entries(ofTree: #require(base)).map { ($0.name, nil) })
        #expect(emptied.id == empty.id)
        // A name longer than one SHA-1 block is hashed as git hashes it, and gives git's id.
        let long = String(repeating: "a", count: 200)
        let withLong = try repository.deriveTree(base: nil, changes: [("files/" + long, Array("x".utf8))])
        for object in withLong.objects where object.kind == .tree {
            #expect(try ObjectID.hash(object.bytes, kind: .tree) == object.id)
        }
    }

    @Test("A tree derived in memory is the one stock git writes for the same files, and is read back by path")
    func derivedTreesAreGitsTrees() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tree-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let repository = try Repository.createBare(at: folder, initialBranch: "main")
        repository.memo = ObjectMemo()
        // Names that sort differently as bytes, as folders (compared as if ending in "/") and
        // as characters; one not ASCII.
        let paths = ["b/x", "a.b", "a/c", "a-/d", "a0", "\u{e9}t\u{e9}/f", "a/c.d/e", "B"]
        let derived = try repository.deriveTree(
            base: nil, changes: paths.map { ($0, Array("content of \($0)\n".utf8)) }.reversed())
        try repository.write(derived)

        // Stock git, from an index of the same files, writes the same tree.
        func git(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", folder] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let index = ["GIT_INDEX_FILE": folder + "/test-index"]
        for path in paths {
            _ = try git(
                ["update-index", "--add", "--cacheinfo", "100644,\(try #require(derived.files[path]).hex),\(path)"],
                environment: index)
        }
        #expect(try git(["write-tree"], environment: index) == derived.id.hex)

        // Found again by path, from the folders remembered while deriving (nothing read) and
        // from the object database alike.
        let remembered = try repository.rememberedTree(derived.id)
        let reopened = try Repository.openBare(at: folder).tree(derived.id)
        for tree in [remembered, reopened] {
            for path in paths {
                #expect(try tree.entry(at: path)?.id == derived.files[path], "\(path)")
            }
            for missing in ["a//c", "/a", "a/", "", "a/c/x", "b/x/y", "c"] {
                #expect(try tree.entry(at: missing) == nil, "\(missing)")
            }
            #expect(try tree.entry(at: "\u{e9}t\u{e9}")?.isFolder == true)
            #expect(try tree.names(in: "") == ["B", "a-", "a.b", "a", "a0", "b", "\u{e9}t\u{e9}"])
        }
        // An encoding of entries out of order is the ordered one.
        let entries = try repository.entries(ofTree: derived.id)
        #expect(ObjectEncoding.tree(entries.reversed()) == ObjectEncoding.tree(entries))
        #expect(try ObjectID.hash(ObjectEncoding.tree(entries), kind: .tree) == derived.id)
    }

    @Test("A derivation names the files it replaced and forgets what it replaced; the old tree still reads the same")
    func derivationForgetsWhatItReplaced() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forget-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let repository = try Repository.createBare(at: folder, initialBranch: "main")
        repository.memo = ObjectMemo()
        let big = Array(repeating: UInt8(ascii: "x"), count: 4096)
        let base = try repository.deriveTree(
            base: nil,
            changes: [
                ("d/record.json", Array("{\"v\":1}".utf8)), ("d/draft.md", big), ("d/kept.md", Array("kept".utf8)),
                ("e/copy.md", Array("old copy".utf8)),
            ])
        try repository.write(base)
        #expect(base.replacedFiles.isEmpty)
        // The draft issued as a version (the same bytes, so not replaced), the record and the
        // copy overwritten.
        let next = try repository.deriveTree(
            base: base.id,
            changes: [
                ("d/record.json", Array("{\"v\":2}".utf8)), ("d/draft.md", nil), ("d/versions/1.md", big),
                ("e/copy.md", big),
            ])
        let record = try #require(base.files["d/record.json"])
        #expect(Set(next.replacedFiles) == Set([record, try #require(base.files["e/copy.md"])]))
        // Forgotten: the record, the folders replaced; kept: the draft's bytes, now the version's.
        #expect(!repository.remembers(blob: record))
        #expect(repository.remembers(blob: try #require(base.files["d/draft.md"])))
        let replacedFolders = base.folders.map(\.id)
        #expect(replacedFolders.count == 3)
        for id in replacedFolders { #expect(!repository.remembers(folderOfTree: id)) }
        for folder in next.folders { #expect(repository.remembers(folderOfTree: folder.id)) }
        // What was forgotten is read from the store: the same answers.
        let old = try repository.rememberedTree(base.id)
        for (path, id) in base.files { #expect(try old.entry(at: path)?.id == id, "\(path)") }
        #expect(try repository.blob(try #require(base.files["d/record.json"])) == Array("{\"v\":1}".utf8))
        let new = try repository.rememberedTree(next.id)
        #expect(try new.entry(at: "d/versions/1.md")?.id == base.files["d/draft.md"])
        #expect(try new.entry(at: "d/draft.md") == nil)
        #expect(try new.entry(at: "d/kept.md")?.id == base.files["d/kept.md"])
    }

    @Test("A memo's forgotten value is gone and no longer counts against its budget")
    func memoRemoval() {
        var memo = GenerationalMemo<String, Int>(generationBudget: 10)
        memo.store(1, cost: 1, for: "kept")
        memo.store(2, cost: 8, for: "replaced")
        memo.remove("replaced")
        memo.remove("never stored")
        #expect(memo.value(for: "replaced") == nil)
        // Had the 8 still counted, the first of these would have started a generation and the
        // second another, dropping "kept".
        memo.store(3, cost: 8, for: "new")
        memo.store(4, cost: 5, for: "newer")
        #expect(memo.value(for: "kept") == 1)
        #expect(memo.value(for: "new") == 3)
        #expect(memo.value(for: "newer") == 4)
        // A key stored again while the older generation holds it is forgotten in both.
        var twice = GenerationalMemo<String, Int>(generationBudget: 10)
        twice.store(1, cost: 4, for: "a")
        twice.store(2, cost: 7, for: "b")
        twice.store(1, cost: 2, for: "a")
        twice.remove("a")
        #expect(twice.value(for: "a") == nil)
        #expect(twice.value(for: "b") == 2)
    }

    @Test(
        "A handle with no memo lent keeps no tables, and reads and derives the same trees; one lent keeps until taken back"
    )
    func memoIsLentByTheRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let repository = try Repository.createBare(at: folder, initialBranch: "main")
        let files = [("d/record.json", Array("{}".utf8)), ("d/draft.md", Array(repeating: 0x78, count: 2048))]
        let plain = try repository.deriveTree(base: nil, changes: files)
        try repository.write(plain)
        #expect(repository.memo == nil)
        #expect(!repository.remembers(folderOfTree: plain.id))
        #expect(!repository.remembers(blob: try #require(plain.files["d/draft.md"])))
        #expect(try repository.entry(at: "d/draft.md", inTree: plain.id)?.id == plain.files["d/draft.md"])
        let kept = try repository.remembering { () throws(GitError) in
            let derived = try repository.deriveTree(base: nil, changes: files)
            #expect(repository.remembers(folderOfTree: derived.id))
            #expect(
                try repository.rememberedTree(derived.id).entry(at: "d/record.json")?.id == plain.files["d/record.json"]
            )
            return derived.id
        }
        #expect(kept == plain.id)
        #expect(repository.memo == nil)
    }
}

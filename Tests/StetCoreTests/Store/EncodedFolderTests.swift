import Testing

@testable import StetGit

@Suite("Encoded folders")
struct EncodedFolderTests {
    /// Random entries: names with spaces, dots and non-ASCII letters, short and longer than a
    /// SHA-1 block, files and folders, now and then a mode Stet does not write.
    struct Entries {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab. -é0")

        mutating func name() -> String {
            let length = Int.random(in: 0..<12, using: &generator) == 0 ? 70 : Int.random(in: 1...6, using: &generator)
            return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
        }

        mutating func entry(named name: String) -> TreeEntry {
            let modes: [UInt32] = [TreeEntry.fileMode, TreeEntry.folderMode, TreeEntry.fileMode, 0o100755, 0o120000]
            var id = [UInt8](repeating: 0, count: 20)
            for index in id.indices { id[index] = UInt8.random(in: 0...255, using: &generator) }
            return TreeEntry(name: name, mode: modes.randomElement(using: &generator)!, id: ObjectID(bytes: id)!)
        }

        /// Entries of distinct names, in no particular order.
        mutating func distinct(_ count: Int) -> [TreeEntry] {
            var names: Set<String> = []
            while names.count < count { names.insert(name()) }
            return names.map { entry(named: $0) }
        }
    }

    @Test("Entries spliced into a folder give the bytes of the whole folder encoded afresh")
    func splicedIsEncoded() {
        var random = Entries()
        for round in 0..<400 {
            let base = random.distinct(Int.random(in: 0...40, using: &random.generator))
            let folder = EncodedFolder(base)
            #expect(folder.entries == base.sorted(by: ObjectEncoding.gitOrder))
            // Names removed, replaced and added; some removed that are not there.
            var removing = base.filter { _ in Bool.random(using: &random.generator) }.map(\.name)
            removing += (0..<2).map { _ in random.name() }
            let kept = base.filter { !removing.contains($0.name) }
            var adding: [TreeEntry] = []
            for name in Set(removing) where Bool.random(using: &random.generator) {
                adding.append(random.entry(named: name))
            }
            adding.sort(by: ObjectEncoding.gitOrder)
            let spliced = folder.replacing(removing, with: adding)
            let afresh = EncodedFolder(kept + adding)
            #expect(spliced.bytes == afresh.bytes, "round \(round)")
            #expect(spliced.entries == afresh.entries, "round \(round)")
            #expect(!spliced.plainHashable || afresh.plainHashable, "round \(round)")
            for entry in kept + adding {
                #expect(spliced.index(named: entry.name).map(spliced.entry(at:)) == entry, "round \(round)")
            }
        }
    }

    @Test("A stored folder out of order or holding a name twice is encoded in git's order, equal names as given")
    func disorderAndDuplicates() throws {
        var random = Entries()
        let first = random.entry(named: "same")
        let second = TreeEntry(name: "same", mode: first.mode, id: random.entry(named: "x").id)
        let others = random.distinct(5).filter { $0.name != "same" }
        let folder = EncodedFolder(others.reversed() + [first] + others + [second])
        #expect(folder.entries.filter { $0.name == "same" } == [first, second])
        #expect(folder.index(named: "same") == folder.entries.firstIndex(of: first))
        // Both go when the name is changed.
        let replacement = random.entry(named: "same")
        let replaced = folder.replacing(["same"], with: [replacement])
        #expect(replaced.entries.filter { $0.name == "same" } == [replacement])
        #expect(folder.replacing(["same"], with: []).index(named: "same") == nil)
    }

    @Test("Names are found whole, not as the end of a longer name or of one with a space")
    func namesFoundWhole() {
        var random = Entries()
        let folder = EncodedFolder(["a b", "b", "ab", "0", "a"].map { random.entry(named: $0) })
        for name in ["a b", "b", "ab", "0", "a"] {
            #expect(folder.index(named: name).map { folder.entry(at: $0).name } == name)
        }
        for missing in ["", " b", "a ", "c", "ab b"] { #expect(folder.index(named: missing) == nil, "\(missing)") }
        #expect(EncodedFolder.empty.index(named: "a") == nil)
        #expect(EncodedFolder.empty.bytes.isEmpty)
    }
}

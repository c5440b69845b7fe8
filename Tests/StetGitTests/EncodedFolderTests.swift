import Testing

@testable import StetGit
@testable import StetTestSupport

@Suite("Encoded folders")
struct EncodedFolderTests {
    /// Random entries: names with spaces (leading ones too), dots and non-ASCII letters, short
    /// and longer than a SHA-1 block, files and folders, now and then a mode Stet does not write
    /// (as a crafted stored tree may hold: of one digit to six), and ids of any bytes.
    struct Entries {
        var generator = SplitMix64(seed: 20_261_129)
        let alphabet = Array("ab. -é0")

        mutating func name() -> String {
            let length = Int.random(in: 0..<12, using: &generator) == 0 ? 70 : Int.random(in: 1...6, using: &generator)
            return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
        }

        mutating func entry(named name: String) -> TreeEntry {
            let modes: [UInt32] = [
                TreeEntry.fileMode, TreeEntry.folderMode, TreeEntry.fileMode, TreeEntry.folderMode, 0o100755, 0o120000,
                0o1, 0o4, 0o40, 0o10644, 0o40755,
            ]
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
        // A file and a folder of one name: the file is first in git's order, and both go.
        let asFolder = TreeEntry(name: "same", mode: TreeEntry.folderMode, id: first.id)
        let mixed = EncodedFolder([asFolder, TreeEntry(name: "same-", mode: TreeEntry.fileMode, id: first.id), second])
        #expect(mixed.index(named: "same").map(mixed.entry(at:)) == second)
        #expect(mixed.replacing(["same"], with: []).entries.map(\.name) == ["same-"])
        // A name with a '/' (a crafted stored tree), which git's order cannot place: found all the same.
        let slashed = TreeEntry(name: "a/b", mode: TreeEntry.fileMode, id: first.id)
        let crafted = EncodedFolder(others + [slashed])
        #expect(crafted.index(named: "a/b").map(crafted.entry(at:)) == slashed)
        #expect(crafted.replacing(["a/b"], with: []).index(named: "a/b") == nil)
    }

    @Test("Names are found whole, not as the end of a longer name, one with a space or one after a short mode")
    func namesFoundWhole() {
        var random = Entries()
        let names = ["a b", "b", "ab", "0", "a", " x", "abcd x", "0000 y"]
        var entries = names.map { random.entry(named: $0) }
        // Modes of one to five digits before names that begin with a space or digits, and an id
        // with spaces in it: each name is where its own mode ends.
        let spaces = ObjectID(bytes: [UInt8](repeating: 0x20, count: 20))!
        entries += [
            TreeEntry(name: " z", mode: 0o1, id: spaces), TreeEntry(name: "0000 w", mode: 0o4, id: spaces),
            TreeEntry(name: "c", mode: 0o10644, id: spaces), TreeEntry(name: "d", mode: 0o4, id: spaces),
        ]
        let folder = EncodedFolder(entries)
        #expect(Set(folder.entries.map(\.name)) == Set(entries.map(\.name)))
        for entry in entries { #expect(folder.index(named: entry.name).map(folder.entry(at:)) == entry, "\(entry)") }
        for missing in ["", " b", "a ", "e", "ab b", "x", "z", "w", "0000"] {
            #expect(folder.index(named: missing) == nil, "\(missing)")
        }
        #expect(EncodedFolder.empty.index(named: "a") == nil)
        #expect(EncodedFolder.empty.bytes.isEmpty)
    }

    @Test("Ids that share all but their last bytes key tables apart (an id read from a store is not yet a hash)")
    func idsHashWhole() {
        var bytes = [UInt8](repeating: 0, count: 20)
        var hashes: Set<Int> = []
        for last in 0..<64 {
            bytes[19] = UInt8(last)
            hashes.insert(ObjectID(bytes: bytes)!.hashValue)
        }
        #expect(hashes.count == 64)
    }
}

import Foundation
import StetCore
import StetGit

/// Builds a valid, fully signed store of a given size, with realistic documents and events,
/// for benchmarks and scale tests. Objects go into packs, not loose files.
struct StoreGenerator {
    var documents: Int
    var events: Int
    var seed: UInt64
    /// The passphrase of every generated user's key file.
    static let passphrase = "benchmark passphrase"

    struct Summary {
        var events: Int
        var documents: Int
        var seconds: Double
    }

    /// The people of a generated store: one controller and five of each other role.
    static let people: [(id: String, name: String, roles: [Role])] =
        [("qm", "Quality Manager", [.controller])]
        + (1...5).map { ("author\($0)", "Author \($0)", [.author]) }
        + (1...5).map { ("reviewer\($0)", "Reviewer \($0)", [.reviewer]) }
        + (1...5).map { ("approver\($0)", "Approver \($0)", [.approver]) }
        + (1...5).map { ("staff\($0)", "Staff \($0)", [.reader]) }

    func generate(into folder: String, progress: (String) -> Void) throws -> Summary {
        let started = Date()
        var random = SplitMix64(seed: seed)
        let home = folder + "/keys"
        var keys: [String: SigningKey] = [:]
        for person in Self.people {
            _ = try KeyFile.generate(user: person.id, passphrase: Self.passphrase, home: home)
            keys[person.id] = try KeyFile.unlock(user: person.id, passphrase: Self.passphrase, home: home)
        }
        // Events are spread from 2020 to a minute ago, one clock tick each.
        let start = Timestamp("2020-01-02T08:00:00Z")!.seconds
        let end = Timestamp.now().seconds - 60
        let step = max(1, (end - start) / Int64(max(events, 1)))
        let clock = ManualClock(seconds: start)
        try GitSettings.setDurableWrites(false)
        // Back on for whatever the program does next; were that to fail, the next write does too.
        defer { try? GitSettings.setDurableWrites(true) }
        let controller = Self.people[0]
        let store = try Store.create(
            at: folder + "/store",
            controller: NewUser(
                id: UserID(stringLiteral: controller.id), name: controller.name, roles: controller.roles,
                key: keys["qm"]!.publicKey),
            signedBy: keys["qm"]!, now: { clock.now })
        let bulk = try store.bulkWriter()
        var recorded = 1
        func record(_ action: Action, as user: String) throws -> RecordedEvent {
            clock.advance(by: step)
            let event = try store.record(action, signedBy: keys[user]!)
            try bulk.add(commit: event.commit)
            recorded += 1
            if recorded % 2000 == 0 {
                try bulk.flush()
                progress("\(recorded) events")
            }
            return event
        }
        // One event after another, each derived from the last: folders and blobs kept between them.
        try store.remembering {
            for person in Self.people.dropFirst() {
                _ = try record(
                    .addUser(
                        NewUser(
                            id: UserID(stringLiteral: person.id), name: person.name, roles: person.roles,
                            key: keys[person.id]!.publicKey)),
                    as: "qm")
            }
            var plans = (0..<documents).map { _ in DocumentPlan() }
            let budget = max(events - recorded, documents)
            for index in 0..<budget { plans[index % documents].steps += 1 }
            var active = Array(0..<documents)
            var content: [Int: [UInt8]] = [:]
            let types = ["sop", "sop", "sop", "policy", "work-instruction", "form"]
            while !active.isEmpty {
                let slot = Int(random.next() % UInt64(active.count))
                let index = active[slot]
                var plan = plans[index]
                let author = "author\(1 + index % 5)"
                let reviewer = "reviewer\(1 + Int(random.next() % 5))"
                let approver = "approver\(1 + Int(random.next() % 5))"
                switch plan.next(&random) {
                case .create:
                    let text = Markdown.document(title: "Procedure \(index)", random: &random)
                    content[index] = text
                    let created = try record(
                        .create(
                            type: types[index % types.count], title: "Procedure \(index)", content: text,
                            reason: "New document"),
                        as: author)
                    plan.id = created.event.documentID
                case .edit:
                    let text = Markdown.revise(content[index]!, random: &random)
                    content[index] = text
                    _ = try record(.edit(document: plan.id!, content: text, reason: "Periodic update"), as: author)
                case .submit:
                    _ = try record(
                        .submit(
                            document: plan.id!, reviewers: [UserID(stringLiteral: reviewer)],
                            approvers: [UserID(stringLiteral: approver)]), as: author)
                    plan.reviewer = reviewer
                    plan.approver = approver
                case .reject:
                    _ = try record(
                        .review(document: plan.id!, accept: false, comment: "Clarify the acceptance criteria"),
                        as: plan.reviewer!)
                case .accept:
                    _ = try record(.review(document: plan.id!, accept: true, comment: "Checked"), as: plan.reviewer!)
                case .approve:
                    _ = try record(.approve(document: plan.id!, comment: nil), as: plan.approver!)
                case .issue:
                    _ = try record(.issue(document: plan.id!, effective: nil), as: "qm")
                case .acknowledge:
                    _ = try record(.acknowledge(document: plan.id!), as: plan.nextReader)
                case .reaffirm:
                    _ = try record(.reaffirm(document: plan.id!, comment: "Reviewed; still valid"), as: "qm")
                case .retire:
                    _ = try record(.retire(document: plan.id!, reason: "Withdrawn"), as: "qm")
                case nil:
                    break
                }
                plans[index] = plan
                if plan.isDone {
                    active.swapAt(slot, active.count - 1)
                    active.removeLast()
                    content[index] = nil
                }
            }
            try bulk.flush()
        }
        return Summary(events: recorded, documents: documents, seconds: Date().timeIntervalSince(started))
    }
}

/// One document's remaining lifecycle in a generated store.
struct DocumentPlan {
    enum Step { case create, edit, submit, reject, accept, approve, issue, acknowledge, reaffirm, retire }

    var steps = 0
    var id: DocumentID?
    var reviewer: String?
    var approver: String?
    private var queue: [Step] = []
    private var acknowledged = 0

    var isDone: Bool { steps <= 0 && queue.isEmpty }

    /// The next event: a first version, then revisions (sometimes rejected once), acknowledgements
    /// and periodic reviews between them, and for a few documents retirement at the end.
    mutating func next(_ random: inout SplitMix64) -> Step? {
        if queue.isEmpty {
            guard steps > 0 else { return nil }
            if id == nil {
                queue = [.create, .submit, .accept, .approve, .issue]
            } else if steps <= 2 && random.next() % 20 == 0 {
                queue = [.retire]
            } else if acknowledged < 5 && (steps < 5 || random.next() % 3 == 0) {
                queue = [.acknowledge]
            } else if steps >= 8 && random.next() % 5 == 0 {
                queue = [.edit, .submit, .reject, .edit, .submit, .accept, .approve, .issue]
            } else if steps >= 5 {
                queue = [.edit, .submit, .accept, .approve, .issue]
            } else {
                queue = [.reaffirm]
            }
        }
        steps -= 1
        let step = queue.removeFirst()
        switch step {
        case .issue: acknowledged = 0
        case .acknowledge: acknowledged += 1
        case .retire: steps = 0
        default: break
        }
        return step
    }

    /// Who acknowledges next: each member of staff once per version.
    var nextReader: String { "staff\(acknowledged)" }
}

/// A clock the generator moves forward itself.
///
/// Unchecked Sendable: its one field is read and written only with `lock` held.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Int64
    init(seconds: Int64) { self.seconds = seconds }
    var now: Timestamp { lock.withLock { Timestamp(seconds: seconds) } }
    func advance(by step: Int64) { lock.withLock { seconds += step } }
}

/// A small, fast, seeded random number generator, so a store can be built again identically.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generated procedure text: headings, numbered steps and tables, 2 to 40 KB.
enum Markdown {
    static let words = """
        specimen sample label request form laboratory analyser calibration control reagent lot temperature \
        centrifuge pipette record result report validate verify check reject accept store transport deliver \
        clean disinfect inspect maintain training competence supervisor staff patient identifier barcode \
        procedure reference range quality audit deviation incident review approve document retain dispose
        """.split(separator: " ").map(String.init)

    static func sentence(_ random: inout SplitMix64) -> String {
        let count = 6 + Int(random.next() % 12)
        let body = (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
        return body.prefix(1).uppercased() + body.dropFirst() + "."
    }

    static func document(title: String, random: inout SplitMix64) -> [UInt8] {
        let target = 2048 + Int(random.next() % (38 * 1024))
        var text = "---\ntitle: \"\(title)\"\n---\n\n# \(title)\n"
        var section = 1
        while text.utf8.count < target {
            text += "\n## \(section). \(sentence(&random).dropLast())\n\n"
            for step in 1...(3 + Int(random.next() % 6)) { text += "\(step). \(sentence(&random))\n" }
            section += 1
        }
        return Array(text.utf8)
    }

    /// The same document with a few steps reworded.
    static func revise(_ content: [UInt8], random: inout SplitMix64) -> [UInt8] {
        var lines = String(decoding: content, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        for _ in 0..<3 {
            let index = Int(random.next() % UInt64(lines.count))
            if let first = lines[index].first, first.isNumber { lines[index] = "1. " + sentence(&random) }
        }
        lines.append("Revised: \(sentence(&random))")
        return Array(lines.joined(separator: "\n").utf8)
    }
}

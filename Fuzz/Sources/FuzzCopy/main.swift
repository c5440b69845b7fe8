import Foundation
import StetCore

/// One store, made at start-up, holding an issued document whose Markdown tries every trick.
nonisolated(unsafe) let fixture: (store: Store, id: DocumentID) = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-fuzz-\(getpid())").path
    try? FileManager.default.removeItem(atPath: folder)
    var clock: Int64 = Timestamp("2026-03-02T09:00:00Z")!.seconds
    let now = { () -> Timestamp in
        clock += 60
        return Timestamp(seconds: clock)
    }
    let keys = ["dana", "alice", "bob", "carol"].map { SigningKey.generate(user: $0) }
    do {
        let store = try Store.create(
            at: folder,
            controller: NewUser(
                id: "dana", name: "Dana <b>Whitfield</b>", roles: [.controller], key: keys[0].publicKey),
            signedBy: keys[0], now: now)
        for (key, roles) in zip(keys.dropFirst(), [[Role.author], [.reviewer], [.approver]]) {
            _ = try store.record(
                .addUser(NewUser(id: try UserID(key.user), name: key.user, roles: roles, key: key.publicKey)),
                signedBy: keys[0])
        }
        let markdown = "# Spill <script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
        let created = try store.record(
            .create(type: "sop", title: "Spill response", content: Array(markdown.utf8), reason: "fuzz"),
            signedBy: keys[1])
        let id = created.event.documentID!
        _ = try store.record(.submit(document: id, reviewers: ["bob"], approvers: ["carol"]), signedBy: keys[1])
        _ = try store.record(.review(document: id, accept: true, comment: nil), signedBy: keys[2])
        _ = try store.record(.approve(document: id, comment: nil), signedBy: keys[3])
        _ = try store.record(.issue(document: id, effective: nil), signedBy: keys[0])
        // scripts/fuzz --seeds: the store's own copies start the corpus (commit ids differ per run, but a
        // copy is recognised by document, version, content hash and body, which do not).
        if let seeds = ProcessInfo.processInfo.environment["STET_FUZZ_WRITE_SEEDS"] {
            let day = Day("2026-06-01")!
            for format in ControlledCopy.Format.allCases {
                let copy = try ControlledCopy.render(
                    try store.snapshot(), id: id, version: nil, on: day, format: format)
                FileManager.default.createFile(atPath: "\(seeds)/copy.\(format.rawValue)", contents: Data(copy))
            }
            FileManager.default.createFile(atPath: "\(seeds)/markdown.md", contents: Data(markdown.utf8))
        }
        atexit {
            try? FileManager.default.removeItem(
                atPath: FileManager.default.temporaryDirectory.appendingPathComponent("stet-fuzz-\(getpid())").path)
        }
        return (store, id)
    } catch {
        fatalError("could not build the fuzzing store: \(error)")
    }
}()

let allowedAttributes: [String: Set<String>] = [
    "a": ["href", "title", "class"], "img": ["src", "alt", "title"], "span": ["class"], "code": ["class"],
    "ol": ["start"],
    "th": ["align"], "td": ["align"],
]
let allowedElements: Set<String> = Set(allowedAttributes.keys).union([
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "s", "b", "i", "u", "sub", "sup",
    "blockquote", "ul", "li", "pre", "table", "thead", "tbody", "tr",
])
// Written independently of the sanitizer: every "<" in a rendered body opens one of these tags.
let tagPattern = try! NSRegularExpression(pattern: #"\G<(/?)([a-z][a-z0-9]*)((?: [a-z]+="[^"<>]*")*)>"#)
let attributePattern = try! NSRegularExpression(pattern: #" ([a-z]+)="([^"]*)""#)

func assertInert(_ html: String) {
    let text = html as NSString
    var location = 0
    while true {
        let next = text.range(of: "<", range: NSRange(location: location, length: text.length - location))
        if next.location == NSNotFound { return }
        guard
            let tag = tagPattern.firstMatch(
                in: html, range: NSRange(location: next.location, length: text.length - next.location))
        else {
            preconditionFailure("a '<' that opens no allowed tag at \(next.location)")
        }
        let name = text.substring(with: tag.range(at: 2))
        precondition(allowedElements.contains(name), "element <\(name)> let through")
        let attributes = text.substring(with: tag.range(at: 3))
        for match in attributePattern.matches(
            in: attributes, range: NSRange(location: 0, length: (attributes as NSString).length))
        {
            let attribute = (attributes as NSString).substring(with: match.range(at: 1))
            let value = (attributes as NSString).substring(with: match.range(at: 2)).lowercased()
            precondition(allowedAttributes[name]?.contains(attribute) == true, "attribute \(attribute) let through")
            if attribute == "href" {
                // A link leads out of the copy only to an address a reader can see in full on paper,
                // never to a relative path a browser resolves against where the copy happens to be.
                let outward = ["http://", "https://"].contains { scheme in
                    value.hasPrefix(scheme)
                        && value.dropFirst(scheme.count).first.map { $0 != "/" && $0 != "\\" } == true
                }
                precondition(
                    outward || (value.hasPrefix("mailto:") && value.count > 7)
                        || (value.hasPrefix("#") && value.count > 1),
                    "link \(value) let through")
            }
            if attribute == "class" && name == "a" {
                precondition(value == "bare", "class \(value) let through")
            }
            if attribute == "class" && name == "span" {
                precondition(value == "outside-image", "class \(value) let through")
            }
            if attribute == "src" {
                precondition(name == "img" && value.hasPrefix("data:image/"), "source \(value) let through")
            }
        }
        location = tag.range.location + tag.range.length
    }
}

/// Any bytes as a file handed to `stet check-copy`, and as Markdown rendered into a copy.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCopy(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let day = Day("2026-06-01")!
    if case .current? = try? ControlledCopy.check(bytes, in: fixture.store.snapshot(), on: day) {
        // A copy passes as current only if it carries the issued text, as Markdown or rendered.
        let content = String(
            decoding: try! fixture.store.snapshot().versionContent(of: fixture.id, version: 1), as: UTF8.self)
        let text = String(decoding: bytes, as: UTF8.self)
        precondition(
            text.contains(content) || text.contains(ControlledCopy.htmlBody(content)), "an altered copy passed")
    }
    if let markdown = String(validating: bytes, as: UTF8.self) {
        assertInert(ControlledCopy.htmlBody(markdown))
    }
    // Clause tags are read from any text at every content event and its replay: each is a
    // standard and a clause, once, in a stable order.
    let tags = ClauseTags.read(bytes)
    precondition(Set(tags).count == tags.count && tags.allSatisfy { $0.contains(":") }, "malformed tags \(tags)")
    precondition(ClauseTags.read(bytes) == tags, "clause tags read two ways")
    return 0
}

import Foundation
import Yams

/// The Markdown of one revision, checked before it enters the store.
public enum DocumentContent {
    /// The text after its front matter block, if it starts with one: what a copy shows (Stet has
    /// read the front matter already, and a copy's header says what it held).
    public static func withoutFrontMatter(_ markdown: String) -> String {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.first == "---" || lines.first == "---\r" else { return markdown }
        lines = lines.dropFirst()
        while let line = lines.first {
            lines = lines.dropFirst()
            if line == "---" || line == "---\r" || line == "..." || line == "...\r" {
                return lines.joined(separator: "\n")
            }
        }
        return markdown
    }

    /// Checks that `bytes` is a Markdown text Stet will control: UTF-8, no NUL, within the size
    /// limit, and with well-formed YAML front matter if it has any.
    @discardableResult
    public static func validate(_ bytes: [UInt8]) throws(StetError) -> FrontMatter {
        guard !bytes.isEmpty else { throw .invalidContent("the file is empty") }
        guard bytes.count <= Limits.documentSize else {
            throw .invalidContent("it is \(bytes.count) bytes; the limit is \(Limits.documentSize) bytes")
        }
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidContent("it is not UTF-8 text (binary file?)")
        }
        return try FrontMatter(markdown: text)
    }
}

/// The YAML block between `---` lines at the top of a Markdown document.
public struct FrontMatter: Sendable {
    /// The top-level scalar fields, as text.
    public let fields: [String: String]

    /// Deepest nesting accepted: front matter is metadata, not a data structure.

    public var title: String? { fields["title"] }

    init(markdown text: String) throws(StetError) {
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else {
            fields = [:]
            return
        }
        // Only the lines up to the closing marker are read: a long document costs no more.
        var lines: [Substring] = []
        var closed = false
        let utf8 = text.utf8
        var start = utf8.index(after: utf8.firstIndex(of: 0x0A)!)
        while start < text.endIndex, lines.count < 4096 {
            let end = utf8[start...].firstIndex(of: 0x0A) ?? text.endIndex
            let line = text[start..<end]
            if line == "---" || line == "---\r" || line == "..." {
                closed = true
                break
            }
            lines.append(line)
            start = end == text.endIndex ? end : utf8.index(after: end)
        }
        guard closed else { throw .invalidFrontMatter("no closing '---' line") }
        let yaml = lines.joined(separator: "\n")
        guard yaml.utf8.count <= Limits.frontMatterSize else {
            throw .invalidFrontMatter("it is larger than \(Limits.frontMatterSize / 1024) KiB")
        }
        // Aliases can multiply a small text into a huge document ("billion laughs"); metadata never needs them.
        if Self.containsAnchorOrAlias(yaml) {
            throw .invalidFrontMatter("it uses YAML anchors or aliases ('&name', '*name'); write the values out")
        }
        // Yams recurses once per nesting level and overflows the stack long before 64 KiB of '['
        // (found while fuzzing; Fuzz/Regressions/FuzzFrontMatter). Block nesting needs indentation,
        // which 64 KiB bounds to a few hundred levels; flow nesting is bounded here, before parsing.
        guard yaml.utf8.lazy.filter({ $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "{") }).count <= 256 else {
            throw .invalidFrontMatter("it has more than 256 '[' or '{'; front matter is metadata, not a data structure")
        }
        let node: Node?
        do { node = try Yams.compose(yaml: yaml) } catch {
            throw .invalidFrontMatter(
                String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable YAML")
        }
        guard let node else {
            fields = [:]
            return
        }
        guard case .mapping(let mapping) = node else {
            throw .invalidFrontMatter("it is not a set of 'key: value' lines")
        }
        try Self.checkDepth(node, depth: 0)
        var fields: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw .invalidFrontMatter("a key is not plain text") }
            guard fields[name] == nil else {
                throw .invalidFrontMatter("the key '\(Text.printable(name))' appears twice")
            }
            fields[name] = value.scalar?.string ?? ""
        }
        self.fields = fields
    }

    /// Finds `&` or `*` starting a token outside quoted strings and comments.
    static func containsAnchorOrAlias(_ yaml: String) -> Bool {
        for line in yaml.split(separator: "\n") {
            var quote: Character?
            var previous: Character = " "
            for character in line {
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    if " [{,:-".contains(previous) { quote = character }
                } else if character == "#" && previous == " " {
                    break
                } else if (character == "&" || character == "*") && " [{,:-".contains(previous) {
                    return true
                }
                previous = character
            }
        }
        return false
    }

    private static func checkDepth(_ node: Node, depth: Int) throws(StetError) {
        guard depth <= Limits.frontMatterDepth else {
            throw .invalidFrontMatter("it is nested more than \(Limits.frontMatterDepth) levels deep")
        }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                try checkDepth(key, depth: depth + 1)
                try checkDepth(value, depth: depth + 1)
            }
        case .sequence(let sequence):
            for item in sequence { try checkDepth(item, depth: depth + 1) }
        default:
            break
        }
    }
}

extension Templates {
    /// The starting Markdown for a new document of `type` titled `title`.
    public static func instantiate(type: String, title: String) -> [UInt8] {
        let template = byType[type] ?? byType["sop"]!
        // In the front matter the title sits in double quotes: escape it as YAML requires.
        let quoted =
            "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
        let text = template.replacingOccurrences(of: "\"{{title}}\"", with: quoted)
            .replacingOccurrences(of: "{{title}}", with: title)
        return Array((text + "\n").utf8)
    }
}

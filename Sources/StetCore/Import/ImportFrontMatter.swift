import Foundation
import StetGit

/// Front matter as quality systems write it, repaired where that is unambiguous.
extension FolderImport {
    /// The front matter's fields and the content to store. Front matter that is not YAML is
    /// read leniently where that is unambiguous (`key:value` with no space is repaired); else its
    /// plain `key: value` lines still give the id and title, and it is kept, visibly, as text.
    static func frontMatter(
        of bytes: [UInt8], warnings: inout [String]
    ) throws(ImportFailure) -> (
        [String: String], [UInt8]
    ) {
        do {
            return (try DocumentContent.validate(bytes).fields, bytes)
        } catch .invalidFrontMatter(let problem) {
            let text = String(decoding: bytes, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let closing = lines.dropFirst().firstIndex(where: { ["---", "---\r", "..."].contains($0) }) else {
                // An opening line with no closing one: a thematic break, not front matter.
                lines[0] = "***"
                warnings.append("its first line '---' opens no front matter: kept as a horizontal rule")
                return ([:], Array(lines.joined(separator: "\n").utf8))
            }
            var repaired = lines
            var changed = 0
            for index in 1..<closing {
                let line = repaired[index]
                guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                    line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "_-".contains($0) }),
                    line.index(after: colon) < line.endIndex, !line[line.index(after: colon)].isWhitespace,
                    line[line.index(after: colon)] != ":"
                else { continue }
                repaired[index] = line[...colon] + " " + line[line.index(after: colon)...]
                changed += 1
            }
            let candidate = Array(repaired.joined(separator: "\n").utf8)
            if changed > 0, let fields = try? DocumentContent.validate(candidate).fields {
                warnings.append(
                    "its front matter was not valid YAML: a space was added after ':' on \(changed) line(s)")
                return (fields, candidate)
            }
            var fields: [String: String] = [:]
            for line in lines[1..<closing] {
                guard let colon = line.firstIndex(of: ":"), !line.hasPrefix(" ") else { continue }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                    value = String(value.dropFirst().dropLast())
                }
                guard !key.isEmpty, fields[key] == nil, !value.isEmpty, !"[{|>&*!%@`\"'".contains(value.first!) else {
                    continue
                }
                fields[key] = value
            }
            lines[0] = "```yaml"
            lines[closing] = "```"
            warnings.append(
                "its front matter is not valid YAML (\(problem)): kept as text at the top; id and title read from its plain lines, file name and heading"
            )
            return (fields, Array(lines.joined(separator: "\n").utf8))
        } catch {
            throw .refused(error)
        }
    }
}

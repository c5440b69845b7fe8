import Foundation
import StetGit

/// The files of an imported folder, and the paths and links between them.
extension FolderImport {
    /// Every regular file under `root`, as sorted relative paths, and the symbolic links found
    /// there (never followed: one could bring a file from anywhere into the store). Hidden files
    /// and folders are passed over.
    static func files(under root: URL) -> (files: [String], links: [String]) {
        var files: [String] = []
        var links: [String] = []
        func walk(_ relative: String, depth: Int) {
            let folder = relative.isEmpty ? root.path : root.path + "/" + relative
            guard depth < 32, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : relative + "/" + name
                switch FileSystem.status(of: root.path + "/" + path)?.kind {
                case .link: links.append(path)
                case .folder: walk(path, depth: depth + 1)
                case .file: files.append(path)
                case .other, nil: continue
                }
            }
        }
        walk("", depth: 0)
        return (files.sorted(), links.sorted())
    }

    /// Relative link targets in Markdown and HTML image tags; web links and anchors are not files.
    public static func links(in text: String) -> [String] {
        var targets: [String] = []
        // Markdown links and images only: raw HTML (an `<img src>`, a comment) never brings a file
        // in; a raw image shows only a file a Markdown link stored.
        for pattern in [#"\]\(([^)\s]+)(?:\s+"[^"]*")?\)"#] {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                let target = String(text[range])
                if target.contains(":") || target.hasPrefix("#") || target.hasPrefix("/") { continue }
                let path = String(target.prefix { $0 != "#" && $0 != "?" })
                let normalised = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
                if !normalised.isEmpty && !targets.contains(normalised) { targets.append(normalised) }
            }
        }
        return targets
    }

    // NSString's path methods trap on some runs of slashes (found by FuzzImport), so paths are
    // split here by hand.
    static func folder(of file: String) -> String {
        file.split(separator: "/").dropLast().joined(separator: "/")
    }

    /// The file name without its folder and its last extension: `a/SOP-0001 Title.md` → `SOP-0001 Title`.
    static func baseName(of file: String) -> String {
        let last = file.split(separator: "/").last ?? ""
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return String(last) }
        return String(last[..<dot])
    }

    /// `folder/link`, with `.` and `..` resolved; a result starting `../` lies outside the imported folder.
    static func join(_ folder: String, _ link: String) -> String {
        var parts: [Substring] = []
        for part in (folder.isEmpty ? link : folder + "/" + link).split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}

import Foundation

/// The files a Markdown document links to by relative path (its images, the forms it points
/// to), read from beside it so they are stored with it.
public enum LinkedFiles {
    /// Every local file `markdown` (the text of `file`) links to, by the path it links it by.
    ///
    /// A link that leaves the document's folder, or names a file that is not there, is refused:
    /// a copy must never show a document without what it points to.
    public static func read(linkedFrom markdown: [UInt8], file: String) throws(StetError) -> [String: [UInt8]] {
        let folder = (file as NSString).deletingLastPathComponent
        let root = folder.isEmpty ? "." : folder
        var files: [String: [UInt8]] = [:]
        var total = 0
        for link in FolderImport.links(in: String(decoding: markdown, as: UTF8.self)) {
            let path = FolderImport.join("", link)
            guard !path.hasPrefix("../"), path != ".." else {
                throw .invalidContent(
                    "it links to \(Text.printable(link)), outside its folder: put the file beside the document "
                        + "(or in a folder below it) and link it from there")
            }
            // A target that cannot be a file name (quotes, spaces, markup) is text, not a file:
            // the copy shows it as a link that leads nowhere, never as something it loads.
            guard (try? Identifier.attachmentPath(link)) != nil else { continue }
            // Hidden files (`.ssh/...`, `.env`) are never what a procedure shows.
            guard !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else {
                throw .invalidContent(
                    "it links to \(Text.printable(link)), a hidden file: Stet does not store hidden files")
            }
            guard files.count < Limits.linkedFiles else {
                throw .invalidContent("it links to more than \(Limits.linkedFiles) files")
            }
            let bytes: [UInt8]
            do {
                bytes = try InputFile.read(
                    root + "/" + path, limit: Limits.attachmentSize, within: root, followingLinks: false)
            } catch .fileTooLarge(_, let size, let limit) {
                throw .invalidContent("its linked file \(link) is \(size) bytes; the limit is \(limit) bytes")
            } catch {
                throw .invalidContent(
                    "it links to \(Text.printable(link)), which cannot be read beside it: put the file there, or remove the link"
                )
            }
            files[link] = bytes
            total += bytes.count
            guard total <= Limits.linkedBytes else {
                throw .invalidContent(
                    "the files it links to come to more than \(Limits.linkedBytes >> 20) MiB together")
            }
        }
        return files
    }
}

import Foundation

/// Converts Word (`.docx`) and OpenDocument (`.odt`) files to Markdown with pandoc, keeping the
/// images they hold.
///
/// pandoc is a separate program, found on `PATH` by the caller. It writes GitHub-flavoured
/// Markdown without raw HTML (a copy would not show it), and the images it extracts become the
/// document's linked files under `media/`.
///
/// The file converted is anyone's, so pandoc runs confined: its sandbox lets it read the file it
/// is given and nothing else (an image naming a local file, a device or a URL is left as a link,
/// never read, copied or fetched), in a private folder (0700) that only this user can enter, with
/// a heap of at most 512 MiB and two minutes, and an environment without the user's proxies,
/// home or pandoc data folder.
public enum DocumentConversion {
    /// The pandoc on `path`, if there is one.
    public static func pandoc(path: String?) -> String? {
        ExternalProgram.find(["pandoc"], on: path)
    }

    /// The heap pandoc may use (its runtime's `-M`): 20 times the largest document Stet accepts.
    static let heapLimit = "512m"
    /// How long a conversion may take.
    static let timeLimit: TimeInterval = 120

    /// The arguments pandoc is run with to convert `file` (in `format`) into `output`.
    static func arguments(file: String, format: String, output: String) -> [String] {
        // The runtime's options first: they bound pandoc's heap before it reads anything.
        let heap = ["+RTS", "-M" + heapLimit, "-RTS"]
        return heap + [
            "--sandbox", "--from", format, "--to", "gfm-raw_html", "--wrap=none", "--extract-media=.", "--output",
            output, "--", file,
        ]
    }

    /// The Markdown for the document at `file` (in `format`, pandoc's name for it), and its images
    /// by the path the Markdown links them by.
    static func markdown(
        from file: String, format: String, pandoc: String
    ) throws(StetError) -> (
        [UInt8], [String: [UInt8]]
    ) {
        guard let folder = ExternalProgram.privateFolder("stet-convert") else {
            throw .outputFailed("cannot prepare a folder for pandoc")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("document.md")
        let outcome: ExternalProgram.Outcome
        do {
            outcome = try ExternalProgram.run(
                pandoc, arguments(file: file, format: format, output: output.path), in: folder, timeLimit: timeLimit)
        } catch {
            throw .invalidContent("pandoc could not be started to convert it: \(error.localizedDescription)")
        }
        // A document that makes pandoc hang must not hang the import.
        if outcome == .timedOut { throw .invalidContent("pandoc did not finish converting it within two minutes") }
        // 251 is the runtime's exit status when the heap limit is reached.
        if outcome == .exited(251) {
            throw .invalidContent("pandoc needed more than \(heapLimit)B of memory to convert it")
        }
        var outputSize = 0
        if let attributes = try? FileManager.default.attributesOfItem(atPath: output.path) {
            outputSize = (attributes[.size] as? Int) ?? 0
        }
        guard outputSize <= Limits.documentSize else {
            throw .invalidContent("pandoc made \(outputSize) bytes of Markdown of it")
        }
        guard outcome == .exited(0), let data = FileManager.default.contents(atPath: output.path) else {
            throw .invalidContent("pandoc could not convert it (\(outcome))")
        }
        var text = String(decoding: data, as: UTF8.self)
        // pandoc links extracted images as `./media/image1.png`: the store keeps them as `media/…`.
        // From OpenDocument they come out as `./Pictures/0.png`: kept as `media/` too.
        text = text.replacingOccurrences(of: "](./media/", with: "](media/")
            .replacingOccurrences(of: "](./Pictures/", with: "](media/")
        var media: [String: [UInt8]] = [:]
        for extracted in ["media", "Pictures"] {
            let mediaFolder = folder.appendingPathComponent(extracted)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: mediaFolder.path)) ?? [] {
                let path = mediaFolder.appendingPathComponent(name).path
                guard let status = FileSystem.status(of: path), status.kind == .file,
                    status.size <= Limits.attachmentSize,
                    let bytes = FileManager.default.contents(atPath: path),
                    (try? Identifier.attachmentPath("media/" + name)) != nil
                else { continue }
                media["media/" + name] = Array(bytes)
            }
        }
        let markdown = Array(text.utf8)
        guard !markdown.isEmpty, markdown.count <= Limits.documentSize else {
            throw .invalidContent("pandoc made \(markdown.count) bytes of Markdown of it")
        }
        return (markdown, media)
    }
}

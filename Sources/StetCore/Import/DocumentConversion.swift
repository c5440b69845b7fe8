import Foundation

/// Converts Word (`.docx`) and OpenDocument (`.odt`) files to Markdown with pandoc, keeping the
/// images they hold.
///
/// pandoc is a separate program, found on `PATH` by the caller. It writes GitHub-flavoured
/// Markdown without raw HTML (a copy would not show it), and the images it extracts become the
/// document's linked files under `media/`.
public enum DocumentConversion {
    /// The pandoc on `path`, if there is one.
    public static func pandoc(path: String?) -> String? {
        for folder in (path ?? "/usr/bin:/bin").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(folder)/pandoc") {
            return "\(folder)/pandoc"
        }
        return nil
    }

    /// The Markdown for the document at `file` (in `format`, pandoc's name for it), and its images
    /// by the path the Markdown links them by.
    static func markdown(
        from file: String, format: String, pandoc: String
    ) throws(StetError) -> (
        [UInt8], [String: [UInt8]]
    ) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stet-convert-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("document.md")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .outputFailed("cannot prepare a folder for pandoc: \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pandoc)
        process.currentDirectoryURL = folder
        process.arguments = [
            "--from", format, "--to", "gfm-raw_html", "--wrap=none", "--extract-media=.", "--output", output.path,
            file,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .invalidContent("pandoc could not be started to convert it: \(error.localizedDescription)")
        }
        // A document that makes pandoc hang must not hang the import.
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw .invalidContent("pandoc did not finish converting it within two minutes")
        }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output.path) else {
            throw .invalidContent("pandoc could not convert it (exit status \(process.terminationStatus))")
        }
        var text = String(decoding: data, as: UTF8.self)
        // pandoc links extracted images as `./media/image1.png`: the store keeps them as `media/…`.
        text = text.replacingOccurrences(of: "](./media/", with: "](media/")
        var media: [String: [UInt8]] = [:]
        let mediaFolder = folder.appendingPathComponent("media")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: mediaFolder.path)) ?? [] {
            guard let bytes = FileManager.default.contents(atPath: mediaFolder.appendingPathComponent(name).path),
                bytes.count <= Limits.attachmentSize, (try? Identifier.attachmentPath("media/" + name)) != nil
            else { continue }
            media["media/" + name] = Array(bytes)
        }
        let markdown = Array(text.utf8)
        guard !markdown.isEmpty, markdown.count <= Limits.documentSize else {
            throw .invalidContent("pandoc made \(markdown.count) bytes of Markdown of it")
        }
        return (markdown, media)
    }
}

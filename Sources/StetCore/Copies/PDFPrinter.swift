import Foundation

/// Prints an HTML copy to PDF with headless Chromium, which lays out the copy's paged-media
/// rules (`@page` margin boxes: the running header, the check code, "Page X of Y").
///
/// Chromium is a separate program, found on `PATH` or named by the caller; Stet runs it with a
/// profile of its own in a temporary folder. The copy's own Content-Security-Policy keeps it
/// from running anything or loading anything from outside.
public enum PDFPrinter {
    /// The names Chromium goes by on Linux distributions.
    static let programs = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The Chromium to use: `explicit` if given, else the first of `programs` on `path`.
    public static func chromium(explicit: String?, path: String?) throws(StetError) -> String {
        if let explicit {
            guard FileManager.default.isExecutableFile(atPath: explicit) else { throw .chromiumMissing(explicit) }
            return explicit
        }
        guard let found = ExternalProgram.find(programs, on: path) else { throw .chromiumMissing(nil) }
        return found
    }

    /// `html` as a PDF, laid out by `chromium`.
    public static func pdf(_ html: [UInt8], chromium: String) throws(StetError) -> [UInt8] {
        guard let folder = ExternalProgram.privateFolder("stet-pdf") else {
            throw .outputFailed("cannot prepare a folder for Chromium")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("copy.html")
        let output = folder.appendingPathComponent("copy.pdf")
        do { try Data(html).write(to: page) } catch {
            throw .outputFailed("cannot prepare the page for Chromium: \(error.localizedDescription)")
        }
        let arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--disable-background-networking",
            // Printed once every stage of drawing has run, on virtual time: the same copy prints
            // the same bytes however loaded the machine is (a check-copy reprint once differed
            // from the first print under a test suite's load, with a large image on the page).
            "--run-all-compositor-stages-before-draw", "--virtual-time-budget=30000",
            "--user-data-dir=" + folder.appendingPathComponent("profile").path, "--no-pdf-header-footer",
            "--print-to-pdf=" + output.path, page.absoluteString,
        ]
        // A Chromium that hangs must not hang stet: two minutes is far more than any copy needs.
        let outcome: ExternalProgram.Outcome
        do { outcome = try ExternalProgram.run(chromium, arguments, in: folder, timeLimit: 120) } catch {
            throw .chromiumFailed("it could not be started: \(error.localizedDescription)")
        }
        if outcome == .timedOut { throw .chromiumFailed("it did not finish within two minutes") }
        guard outcome == .exited(0), let data = FileManager.default.contents(atPath: output.path),
            data.starts(with: Array("%PDF".utf8))
        else {
            throw .chromiumFailed("it ended with \(outcome) and wrote no PDF")
        }
        return Array(data)
    }
}

import Foundation
import StetCore

/// Prints controlled copies to PDF for the portal: with headless Chromium, one at a time, on a
/// queue of its own (a print takes a second or more, which neither the store's thread nor the
/// server's would wait for), and refusing more than a few waiting prints at once.
///
/// Unchecked Sendable: `waiting` is read and written only with `lock` held; the queue is Sendable.
final class CopyPrinter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "stet-portal-printer")
    private let lock = NSLock()
    private var waiting = 0
    static let mostWaiting = 8

    /// The Chromium that prints, found as the CLI finds it (`$STET_CHROMIUM`, else on `PATH`).
    static func chromium() throws(StetError) -> String {
        let environment = ProcessInfo.processInfo.environment
        return try PDFPrinter.chromium(explicit: environment["STET_CHROMIUM"], path: environment["PATH"])
    }

    enum Failure: Error {
        case busy
        case failed(StetError)
    }

    func print(_ html: [UInt8], chromium: String) async -> Result<[UInt8], Failure> {
        let admitted = lock.withLock {
            guard waiting < Self.mostWaiting else { return false }
            waiting += 1
            return true
        }
        guard admitted else { return .failure(.busy) }
        let result = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(
                    returning: Result { () throws(StetError) in try PDFPrinter.pdf(html, chromium: chromium) })
            }
        }
        lock.withLock { waiting -= 1 }
        return result.mapError { .failed($0) }
    }
}

import Foundation
import NIOCore
import StetCore
import StetGit

/// The store as the portal serves it: one handle, used by one request at a time on a thread of
/// its own (`StoreThread`), that serves only from a head whose whole history verified, and keeps
/// the pages it rendered for that head and day (a new event is a new head, and a new day can put
/// another version in force, so a kept page is never stale).
///
/// A kept page is served without waiting for that thread while the files recording the branch
/// are as they were when the page's head was read (`BranchSignature`) and the day is the same.
public actor PortalStore {
    /// A response with the tag that names its state, for browsers to revalidate against.
    public struct Served: Sendable {
        public var response: PortalResponse
        /// Nil for what is never kept (a refusal, a store that failed, a health check).
        public var entityTag: String?
        /// The body as the server sends it, made once for a kept page.
        let buffer: ByteBuffer

        init(response: PortalResponse, entityTag: String? = nil) {
            self.response = response
            self.entityTag = entityTag
            buffer = ByteBuffer(bytes: response.body)
        }
    }

    let store: Store
    private let storePath: String
    let now: @Sendable () -> Timestamp
    /// Set when the portal takes signatures (`--keys`).
    let signing: PortalSigning?
    /// Where this actor's work runs (see `StoreThread`).
    private let thread = StoreThread()
    public nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }
    private let kept = KeptPages()
    private let printer = CopyPrinter()
    private static let style = Served(
        response: PortalResponse(status: .ok, contentType: "text/css; charset=utf-8", body: PortalStyle.bytes),
        entityTag: PortalStyle.entityTag)

    /// The search index of the versions in force at one head on one day, made at the first search.
    private var searchIndex: (state: String, index: SearchIndex)?

    /// The head whose history verified last, and the one that failed, with why and when.
    private var verifiedHead: ObjectID?
    private var failure: (head: ObjectID, reason: String, at: Timestamp)?
    /// How long a head that failed is not verified again. A failure can pass: an event dated
    /// ahead of this computer's clock stops being in its future.
    static let failureRetry: Int64 = 60

    /// Opens the store at `path` with the key folder `home` (where verified heads, good
    /// signatures and register rows are kept, as for every command).
    public init(
        path: String, home: String, signing: PortalSigning? = nil,
        now: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) throws(StetError) {
        self.signing = signing
        let store = try Store.open(at: path, now: now)
        store.verifiedHeads = VerifiedHeads(home: home)
        store.signatureCache = SignatureCache(home: home)
        store.registerCache = RegisterCache(home: home)
        self.store = store
        storePath = store.path
        self.now = now
    }

    deinit { thread.stop() }

    /// Verifies the history up to the current head, as every request does: for start-up, so
    /// that the first visitor does not wait for a whole store's replay. The reason when it fails.
    public func verifyHead() -> String? {
        switch currentState() {
        case .success: nil
        case .failure(let refusal): refusal.message
        }
    }

    /// The answer to a GET of `path` with `query` (as sent, percent-encoded).
    public nonisolated func respond(path: String, query: String?) async -> Served {
        if path == "/static/portal.css" { return Self.style }
        let key = query.map { path + "?" + $0 } ?? path
        // Read before the branch is: a move after this is seen by the next request.
        let signature = Store.branchSignature(ofStoreAt: storePath)
        let day = now().day
        if let page = kept.page(key, signature: signature, day: day) { return page }
        if path.hasSuffix("/copy.pdf") {
            return await printed(path: path, query: query, key: key, signature: signature)
        }
        return await respondOnThread(path: path, query: query, key: key, signature: signature)
    }

    /// A controlled copy as PDF: the HTML copy of the same address, printed by Chromium, and
    /// handed out only once its text reads as that copy (as `stet render --format pdf` does).
    private nonisolated func printed(
        path: String, query: String?, key: String, signature: BranchSignature
    ) async
        -> Served
    {
        let copy = await respond(path: String(path.dropLast(".pdf".count)) + ".html", query: query)
        guard copy.response.status == .ok, let state = copy.entityTag else {
            var refused = copy
            refused.response.location = copy.response.location.map { String($0.dropLast(".html".count)) + ".pdf" }
            return refused
        }
        let chromium: String
        do { chromium = try CopyPrinter.chromium() } catch {
            return Self.noPDF(
                "PDF copies cannot be made on this portal: \(error.errorDescription ?? "\(error)") "
                    + "The HTML copy can be saved and printed instead.")
        }
        switch await printer.print(copy.response.body, chromium: chromium) {
        case .failure(.busy): return Self.noPDF("Too many PDF copies are being made at once: try again in a minute.")
        case .failure(.failed(let error)): return Self.noPDF(error.errorDescription ?? "\(error)")
        case .success(let pdf):
            let response = PortalResponse(
                status: .ok, contentType: "application/pdf", body: pdf,
                attachmentName: copy.response.attachmentName.map { String($0.dropLast(".html".count)) + ".pdf" })
            return await confirmed(response, state: state, key: key, signature: signature)
        }
    }

    /// `pdf` kept and served if its text reads as the copy rendered at `state`, the head and day now.
    private func confirmed(_ pdf: PortalResponse, state: String, key: String, signature: BranchSignature) -> Served {
        guard case .success(let snapshot) = currentState(), state == Self.entityTag(snapshot) else {
            return Self.noPDF("The store changed while the copy was printed: ask again.")
        }
        do {
            try ControlledCopy.confirmPrint(
                pdf.body, in: snapshot,
                pdftotext: try ControlledCopy.pdftotext(path: ProcessInfo.processInfo.environment["PATH"]))
        } catch {
            return Self.noPDF(error.errorDescription ?? "\(error)")
        }
        let served = Served(response: pdf, entityTag: state)
        kept.keep(served, for: key, state: state, signature: signature, day: snapshot.today)
        return served
    }

    /// Why no PDF copy is served now (the HTML copy still is).
    private static func noPDF(_ message: String) -> Served {
        Served(
            response: .refusal(PortalRefusal(status: .serviceUnavailable, title: "No PDF copy now", message: message)))
    }

    static func entityTag(_ snapshot: Snapshot) -> String {
        "\"" + snapshot.head.hex + "-" + snapshot.today.description + "\""
    }

    private func respondOnThread(path: String, query: String?, key: String, signature: BranchSignature) -> Served {
        let snapshot: Snapshot
        switch currentState() {
        case .success(let current): snapshot = current
        case .failure(let refusal):
            if path == "/health" { return Served(response: .text(refusal.message, status: .serviceUnavailable)) }
            return Served(response: .html(PortalPage.refusal(refusal), status: refusal.status))
        }
        if path == "/health" { return Served(response: .text("ok \(snapshot.head.hex)", status: .ok)) }
        let state = Self.entityTag(snapshot)
        let response = PortalRoutes.response(
            path: path, query: query, in: snapshot, signing: signing, now: now,
            searchIndex: { () throws(StetError) -> SearchIndex in
                if let kept = self.searchIndex, kept.state == state { return kept.index }
                let index = try SearchIndex(snapshot, on: snapshot.today)
                self.searchIndex = (state, index)
                return index
            })
        // Only pages are kept: a refusal costs little to make again, and keeping those would let
        // any address fill the memory.
        guard response.status == .ok, response.keepable else { return Served(response: response) }
        let served = Served(response: response, entityTag: state)
        kept.keep(served, for: key, state: state, signature: signature, day: snapshot.today)
        return served
    }

    /// The snapshot to serve from: the current head once its history verifies.
    func currentState() -> Result<Snapshot, PortalRefusal> {
        do {
            let head = try store.branchHead()
            if head != verifiedHead {
                if let failure, failure.head == head, now().seconds - failure.at.seconds < Self.failureRetry {
                    return .failure(Self.failed(failure.reason))
                }
                do {
                    verifiedHead = try store.followVerifiedHead()
                    failure = nil
                } catch {
                    let reason = error.errorDescription ?? "\(error)"
                    failure = (head, reason, now())
                    verifiedHead = nil
                    return .failure(Self.failed(reason))
                }
            }
            return .success(try store.snapshot())
        } catch {
            return .failure(PortalRefusal(error))
        }
    }

    private static func failed(_ reason: String) -> PortalRefusal {
        PortalRefusal(
            status: .serviceUnavailable, title: "Nothing can be served from this store",
            message: "Its history does not verify, so no document is shown from it: \(reason)")
    }
}

/// The pages rendered for one head and day, and the branch signature read before that head was:
/// what any request may serve without the store's thread. Within a budget of bytes.
///
/// Unchecked Sendable: every field is read and written only with `lock` held.
final class KeptPages: @unchecked Sendable {
    private let lock = NSLock()
    private var pages: [String: PortalStore.Served] = [:]
    private var state = ""
    private var signature: BranchSignature?
    private var day: Day?
    private var bytes = 0
    static let budget = 64 << 20

    func page(_ key: String, signature: BranchSignature, day: Day) -> PortalStore.Served? {
        lock.lock()
        defer { lock.unlock() }
        guard signature == self.signature, day == self.day else { return nil }
        return pages[key]
    }

    /// Keeps `served` for `state` (head and day); the pages of any other state are dropped.
    func keep(_ served: PortalStore.Served, for key: String, state: String, signature: BranchSignature, day: Day) {
        lock.lock()
        defer { lock.unlock() }
        if state != self.state {
            pages = [:]
            bytes = 0
            self.state = state
        }
        // The signature read before this head was: if the branch moved since, it differs from
        // the next request's, which then asks the store again.
        self.signature = signature
        self.day = day
        let cost = key.utf8.count + 2 * served.response.body.count + 256
        guard pages[key] == nil, bytes + cost <= Self.budget else { return }
        pages[key] = served
        bytes += cost
    }
}

extension PortalResponse {
    static func text(_ text: String, status: Status) -> PortalResponse {
        PortalResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array((text + "\n").utf8))
    }
}

import StetCore
import StetGit

/// The store as the portal serves it: one handle, used by one request at a time, that serves
/// only from a head whose whole history verified, and keeps the pages it rendered for that head
/// and day (a new event is a new head and a new day can put another version in force, so a kept
/// page is never stale).
public actor PortalStore {
    /// A response with the tag that names its state, for browsers to revalidate against.
    public struct Served: Sendable {
        public var response: PortalResponse
        /// Nil for what is never kept (a store that failed, a health check).
        public var entityTag: String?
    }

    private let store: Store
    /// The head whose history verified last, and the one that failed, with why.
    private var verifiedHead: ObjectID?
    private var failure: (head: ObjectID, reason: String)?
    /// Pages for `pagesState` (head and day), by path and query, within a budget of bytes.
    private var pages: [String: Served] = [:]
    private var pagesState = ""
    private var pagesBytes = 0
    static let pagesBudget = 64 << 20

    /// Opens the store at `path` with the key folder `home` (where verified heads, good
    /// signatures and register rows are kept, as for every command).
    public init(path: String, home: String, now: @escaping @Sendable () -> Timestamp = Timestamp.now) throws(StetError)
    {
        let store = try Store.open(at: path, now: now)
        store.verifiedHeads = VerifiedHeads(home: home)
        store.signatureCache = SignatureCache(home: home)
        store.registerCache = RegisterCache(home: home)
        self.store = store
    }

    /// Verifies the history up to the current head, as every request does: for start-up, so
    /// that the first visitor does not wait for a whole store's replay. The reason when it fails.
    public func verifyHead() -> String? {
        switch currentState() {
        case .success: nil
        case .failure(let refusal): refusal.message
        }
    }

    /// The answer to a GET of `path` with `query` (as sent, percent-encoded).
    public func respond(path: String, query: String?) -> Served {
        if path == "/static/portal.css" {
            return Served(
                response: PortalResponse(status: .ok, contentType: "text/css; charset=utf-8", body: PortalStyle.bytes),
                entityTag: PortalStyle.entityTag)
        }
        let snapshot: Snapshot
        switch currentState() {
        case .success(let current): snapshot = current
        case .failure(let refusal):
            if path == "/health" { return Served(response: .text(refusal.message, status: .serviceUnavailable)) }
            return Served(response: .html(PortalPage.refusal(refusal), status: refusal.status))
        }
        if path == "/health" { return Served(response: .text("ok \(snapshot.head.hex)", status: .ok)) }

        let state = snapshot.head.hex + "-" + snapshot.today.description
        if state != pagesState {
            pages = [:]
            pagesBytes = 0
            pagesState = state
        }
        let key = query.map { path + "?" + $0 } ?? path
        if let kept = pages[key] { return kept }
        let served = Served(
            response: PortalRoutes.response(path: path, query: query, in: snapshot), entityTag: "\"\(state)\"")
        if pagesBytes + served.response.body.count <= Self.pagesBudget {
            pages[key] = served
            pagesBytes += served.response.body.count
        }
        return served
    }

    /// The snapshot to serve from: the current head once its history verifies.
    private func currentState() -> Result<Snapshot, PortalRefusal> {
        do {
            let head = try store.branchHead()
            if head != verifiedHead {
                if let failure, failure.head == head { return .failure(Self.failed(failure.reason)) }
                do {
                    verifiedHead = try store.followVerifiedHead()
                    failure = nil
                } catch {
                    let reason = error.errorDescription ?? "\(error)"
                    failure = (head, reason)
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

extension PortalResponse {
    static func text(_ text: String, status: Status) -> PortalResponse {
        PortalResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array((text + "\n").utf8))
    }
}

import StetCore

/// What the portal answers to one request, before it is put on the wire: computed from one
/// verified head on one day, so the same request at the same head and day gets the same bytes.
public struct PortalResponse: Sendable {
    public enum Status: Int, Sendable {
        case ok = 200
        case movedPermanently = 301
        case badRequest = 400
        case forbidden = 403
        case notFound = 404
        case conflict = 409
        case contentTooLarge = 413
        case unsupportedMediaType = 415
        case tooManyRequests = 429
        case serviceUnavailable = 503
    }

    public var status: Status
    public var contentType: String
    public var body: [UInt8]
    /// Set for a file to save (a controlled copy): its name.
    public var attachmentName: String?
    /// Where a redirect points.
    public var location: String?
    /// For a refusal that passes: the seconds to wait.
    public var retryAfter: Int64?
    /// Whether the page may be kept for its head and day and served to anyone: not a page with
    /// a form token in it, which is made for one visitor.
    public var keepable = true

    public init(status: Status, contentType: String, body: [UInt8], attachmentName: String? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.attachmentName = attachmentName
    }

    static func html(_ page: PortalPage, status: Status = .ok) -> PortalResponse {
        PortalResponse(status: status, contentType: "text/html; charset=utf-8", body: Array(page.html.utf8))
    }

    static func refusal(_ refusal: PortalRefusal, organisation: String? = nil) -> PortalResponse {
        .html(PortalPage.refusal(refusal, organisation: organisation), status: refusal.status)
    }
}

/// A request for a page under another address than its own (an id in other letters): sent on,
/// so that each page has one address, kept once.
struct PortalRedirect: Error {
    let location: String
}

/// A request the portal refuses, with the page that says why.
struct PortalRefusal: Error {
    let status: PortalResponse.Status
    let title: String
    let message: String

    static func badRequest(_ message: String) -> PortalRefusal {
        PortalRefusal(status: .badRequest, title: "Not a valid request", message: message)
    }

    static func notFound(_ message: String) -> PortalRefusal {
        PortalRefusal(status: .notFound, title: "Not found", message: message)
    }
}

extension PortalRefusal {

    /// The refusal a store error on a read stands for: what names a document or version that
    /// is not there is "not found"; anything else is the store's fault, and says so.
    init(_ error: StetError) {
        switch error {
        case .noSuchDocument, .noSuchVersion, .noEffectiveVersion:
            self = .notFound(error.errorDescription ?? "\(error)")
        case .invalidDocumentID, .invalidDate, .invalidText:
            self = .badRequest(error.errorDescription ?? "\(error)")
        default:
            self = PortalRefusal(
                status: .serviceUnavailable, title: "The store cannot be read",
                message: error.errorDescription ?? "\(error)")
        }
    }
}

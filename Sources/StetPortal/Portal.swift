import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import StetCore

/// `stet serve`: the portal over one store, on Hummingbird. Every page is computed by
/// `PortalStore`; this file puts them on the wire with the headers a browser needs: the tag to
/// revalidate with, and the policy that forbids scripts, inline styles and outside resources.
public enum Portal {
    /// Forbids everything a page does not need: no script at all, styles and images from the
    /// portal only (images in the text come as `data:`), forms that post only to the portal.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
        + "frame-ancestors 'none'"

    /// The application serving `store` on `host`:`port`; `onRunning` is told the port bound
    /// (port 0 picks a free one).
    public static func application(
        store: PortalStore, host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.middlewares.add(LogRequestsMiddleware(.info))
        router.middlewares.add(SecurityHeaders())
        router.get("/") { request, _ in await response(to: request, from: store) }
        router.get("/**") { request, _ in await response(to: request, from: store) }
        router.head("/") { request, _ in await response(to: request, from: store) }
        router.head("/**") { request, _ in await response(to: request, from: store) }
        return Application(
            router: router,
            // A connection left idle is closed: no client holds the portal's sockets.
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port), serverName: "stet"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    static func response(to request: Request, from store: PortalStore) async -> Response {
        let served = await store.respond(path: request.uri.path, query: request.uri.query)
        var headers: HTTPFields = [.contentType: served.response.contentType]
        if let tag = served.entityTag {
            headers[.eTag] = tag
            // Always asked again, and answered "not modified" while the head and day are the same.
            headers[.cacheControl] = "no-cache"
            if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespaces) == tag
            }) == true {
                return Response(status: .notModified, headers: headers)
            }
        } else {
            headers[.cacheControl] = "no-store"
        }
        if let name = served.response.attachmentName {
            headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        }
        return Response(
            status: .init(code: served.response.status.rawValue), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: served.response.body)))
    }
}

/// The headers every response carries, whatever answered it (a page, a refusal, the router's own 404).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do { response = try await next(request, context) } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Portal.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}

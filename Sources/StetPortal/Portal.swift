import Foundation
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

    /// Serves `store` on `host`:`port` until SIGTERM or SIGINT; `onRunning` is told the port
    /// bound (port 0 picks a free one).
    public static func serve(
        store: PortalStore, host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        // Built and run here: the application's type stays inside this module. (Returned as an
        // opaque type to the program, a release build's optimiser crashed the compiler.)
        try await application(store: store, host: host, port: port, logger: logger, onRunning: onRunning)
            .runService()
    }

    /// The application serving `store` on `host`:`port`.
    static func application(
        store: PortalStore, host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: PortalContext.self)
        router.middlewares.add(RequestLog())
        router.middlewares.add(SecurityHeaders())
        for path in ["/", "/**"] {
            router.get(RouterPath(path)) { request, _ in await response(to: request, from: store) }
            router.head(RouterPath(path)) { request, _ in await response(to: request, from: store) }
            // Only signing forms are posted (routed here: the router does not go back from a
            // longer path that matched in part to "/**"); anything else is refused, saying what is allowed.
            router.post(RouterPath(path)) { request, context in
                let parts = request.uri.path.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 4, parts[1] == "documents", parts[3] == "acknowledge" else {
                    return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
                }
                return await signature(request, id: String(parts[2]), context: context, store: store)
            }
            for method in [HTTPRequest.Method.put, .delete, .patch, .options] {
                router.on(RouterPath(path), method: method) { _, _ in
                    Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
                }
            }
        }
        return Application(
            router: router,
            // A connection left idle is closed: no client holds the portal's sockets.
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port), serverName: "stet"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The longest path answered: ids, version numbers and file names are short.
    static let longestPath = 2048

    static func response(to request: Request, from store: PortalStore) async -> Response {
        guard request.uri.path.utf8.count <= longestPath, (request.uri.query?.utf8.count ?? 0) <= 4096 else {
            return Response(status: .uriTooLong)
        }
        return wire(await store.respond(path: request.uri.path, query: request.uri.query), for: request)
    }

    /// A signing form posted: accepted only from the portal's own pages, as a form, of a few fields.
    static func signature(
        _ request: Request, id: String, context: PortalContext, store: PortalStore
    ) async
        -> Response
    {
        func refused(_ status: PortalResponse.Status, _ message: String) -> Response {
            wire(
                PortalStore.Served(
                    response: .refusal(PortalRefusal(status: status, title: "Not signed", message: message))),
                for: request)
        }
        // A browser says where a form came from; one from another site is refused (the token
        // would refuse it too, but this says why).
        if let origin = request.headers[.origin], let authority = request.head.authority,
            origin != "http://" + authority, origin != "https://" + authority
        {
            return refused(.forbidden, "the form was posted from another site (\(origin.prefix(100)))")
        }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            return refused(.forbidden, "the form was posted from another site")
        }
        guard let type = request.headers[.contentType]?.lowercased(),
            type.hasPrefix("application/x-www-form-urlencoded")
        else { return refused(.unsupportedMediaType, "the form must be posted as application/x-www-form-urlencoded") }
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: context.maxUploadSize) } catch {
            return refused(.contentTooLarge, "the form is larger than \(context.maxUploadSize / 1024) KB")
        }
        return wire(
            await store.acknowledge(id: id, body: String(buffer: body), address: context.address), for: request)
    }

    /// `served` as the answer to `request`, with the headers its kind needs.
    static func wire(_ served: PortalStore.Served, for request: Request) -> Response {
        var headers: HTTPFields = [.contentType: served.response.contentType]
        if let tag = served.entityTag {
            headers[.eTag] = tag
            // Always asked again, and answered "not modified" while the head and day are the same.
            headers[.cacheControl] = "no-cache"
            if let asked = request.headers[.ifNoneMatch], matches(asked, tag) {
                return Response(status: .notModified, headers: headers)
            }
        } else {
            headers[.cacheControl] = "no-store"
        }
        if let location = served.response.location { headers[.location] = location }
        if let wait = served.response.retryAfter { headers[.retryAfter] = String(wait) }
        if let name = served.response.attachmentName {
            headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        }
        return Response(
            status: .init(code: served.response.status.rawValue), headers: headers,
            body: .init(byteBuffer: served.buffer))
    }
}

extension Portal {
    /// Whether an `If-None-Match` header names `tag`: `*`, or the tag itself, weak (`W/`) or not.
    static func matches(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || trimmed == tag || trimmed == "W/" + tag
        }
    }
}

/// One line per request: the method, the path (at most 200 characters of it; the query is not
/// logged, as it may hold what someone searched for), the status and the time taken.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do { response = try await next(request, context) } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        let elapsed = start.duration(to: .now)
        let tenths = elapsed.components.seconds * 10_000 + elapsed.components.attoseconds / 100_000_000_000_000
        var path = request.uri.path
        if path.utf8.count > 200 { path = String(path.prefix(200)) + "…" }
        context.logger.info("\(request.method) \(path) \(response.status.code) \(tenths / 10).\(tenths % 10) ms")
        return response
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

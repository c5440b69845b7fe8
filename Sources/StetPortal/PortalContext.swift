import Hummingbird
import NIOCore

/// What the portal knows of a request besides the request itself: the address it came from
/// (failed signatures are counted per address), and how much of a body it will read.
struct PortalContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer of the connection: the browser's, or the reverse proxy's in front of the portal.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The only bodies the portal reads are its signing form's few fields.
    var maxUploadSize: Int { 16 * 1024 }

    /// The address as counted for limits: the IP address without the port.
    var address: String {
        guard let remoteAddress else { return "unknown" }
        return remoteAddress.ipAddress ?? remoteAddress.pathname ?? "unknown"
    }
}

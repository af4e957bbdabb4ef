import Hummingbird

/// Per-request state: Hummingbird's core storage; who is calling is resolved per route.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

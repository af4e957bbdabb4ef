/// Every route of the server, in the order the OpenAPI document lists them.
public enum RouteTable {
    public static let all: [Route] =
        OperationsRoutes.routes() + EntityRoutes.routes() + UserRoutes.routes() + JobRoutes.routes() + BlobRoutes.routes()
        + QueueRoutes.routes() + QueueItemRoutes.routes() + RunRoutes.routes() + RunOutputRoutes.routes() + SweepRoutes.routes() + SweepTrialRoutes.routes() + AgentRoutes.routes()
}

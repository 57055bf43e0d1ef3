import Hummingbird

/// Counts every request by route (the matched path pattern, not the raw URL), method and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: CoordinatorMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        self.metrics.recordRequest(
            route: context.endpointPath ?? "unmatched", method: request.method.rawValue,
            status: response.status.code,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        return response
    }
}

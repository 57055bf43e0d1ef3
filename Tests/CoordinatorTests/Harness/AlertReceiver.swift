import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A loopback HTTP server that records every POST (path, headers, body, arrival) and answers with the status
/// `respond(path, n)` chooses (header names lowercased) for the n-th request (0-based) to that path: a webhook, Telegram or Discord
/// receiver for the alert tests.
final class AlertReceiver: Sendable {
    struct Received: Sendable {
        var path: String
        var headers: [String: String]
        var body: [UInt8]
        var arrival: ContinuousClock.Instant

        var text: String { String(decoding: self.body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(self.body)) as? [String: Any] else {
                throw HTTPClient.Failure(description: "not a JSON object: \(self.text)")
            }
            return object
        }
    }

    let port: Int
    private let records: Shared<[Received]>
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    var baseURL: String { "http://127.0.0.1:\(self.port)" }

    /// Every request so far, in arrival order.
    var received: [Received] { self.records.get() }

    func received(path: String) -> [Received] { self.received.filter { $0.path == path } }

    private init(port: Int, records: Shared<[Received]>, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.records = records
        self.group = group
        self.task = task
    }

    static func start(respond: @escaping @Sendable (_ path: String, _ index: Int) -> Int = { _, _ in 200 }) async throws -> AlertReceiver {
        let records = Shared<[Received]>([])
        let router = Router()
        router.post("**") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let path = request.uri.path
            let index = records.update { list -> Int in
                let index = list.filter { $0.path == path }.count
                list.append(Received(path: path, headers: headers, body: Array(body.readableBytesView), arrival: .now))
                return index
            }
            let status = respond(path, index)
            return Response(
                status: HTTPResponse.Status(code: status),
                body: .init(byteBuffer: ByteBuffer(string: status == 200 ? "{\"ok\":true}" : "{\"ok\":false,\"description\":\"refused by the test receiver\"}")))
        }
        var logger = Logger(label: "xcheck-test-alert-receiver")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        let port = try await bounded(.seconds(60), "alert receiver listening") { () -> Int? in
            for await port in ports { return port }
            return nil
        }
        guard let port, port > 0 else {
            task.cancel()
            throw HTTPClient.Failure(description: "the alert receiver did not start")
        }
        return AlertReceiver(port: port, records: records, group: group, task: task)
    }

    /// Runs `body`, then stops the receiver (also when `body` throws).
    func using<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            await self.stop()
            return value
        } catch {
            await self.stop()
            throw error
        }
    }

    func stop() async {
        await self.group.triggerGracefulShutdown()
        let task = self.task
        if (try? await bounded(.seconds(5), "alert receiver stop") { _ = try? await task.value }) == nil {
            task.cancel()
        }
    }
}

import Curl
import XCheckModel
import XCheckProbe
import XCheckProtocol
import XCheckVerdict

/// One `xcheck check`: the local probe and the coordinator's fan-out at the same time, the local confirmation
/// retry, alternatives tried from here, and the verdict.
struct CheckRun: Sendable {
    /// What the run found.
    struct Outcome: Sendable {
        var target: TargetSummary
        var verdict: Verdict
        var local: ProbeResult?
        /// Why the coordinator's part is missing, when it is.
        var coordinatorProblem: String?
        var checkID: String?
        /// Things the user should know that the verdict does not say (e.g. a requested region without agents).
        var notes: [String] = []
    }

    let input: ParsedInput
    let engine: ProbeEngine
    let driver: CurlDriver
    let settings: CoordinatorSettings
    let regions: [String]?
    let local: Bool
    let `private`: Bool
    let wait: Duration
    let progress: ProgressLine

    static let localVantage = Vantage(name: "local", kind: .local, region: "local", network: "local")

    func execute() async -> Outcome {
        async let localResult = self.runLocal()
        async let remote = self.runRemote()
        var (localObservation, (document, problem)) = (await localResult, await remote)

        // Alternatives the agents found (another port, https) that this machine has not tried: try them here.
        if var observation = localObservation, let document, !observation.result.outcome.isHealthy {
            let agentsVerdict = document.verdict
            for alternative in agentsVerdict.alternatives where alternative.outcome.isHealthy && !alternative.triedLocally {
                guard !observation.result.alternatives.contains(where: { $0.url == alternative.url }),
                    let parsed = try? TargetParser.parse(url: alternative.url, username: self.input.target.username, password: self.private ? nil : self.input.target.password?.value)
                else { continue }
                self.progress.show("trying \(alternative.url) from here…")
                if let tried = try? await self.engine.probe(parsed) {
                    observation.result.alternatives.append(Alternative(url: alternative.url, outcome: tried.outcome, kind: tried.kind))
                }
            }
            localObservation = observation
        }

        var observations = document?.vantages.map {
            VantageObservation(vantage: $0.agent.vantage, result: $0.result, confirmation: $0.confirmation)
        } ?? []
        if let localObservation { observations.append(localObservation) }
        let verdict = VerdictEngine.decide(observations, missing: document?.missing.map(\.vantage) ?? [])
        var notes: [String] = []
        if let document, let requested = self.regions {
            let served = Set(document.vantages.map(\.agent.region) + document.missing.map(\.region))
            let empty = Set(requested).subtracting(served).sorted()
            if !empty.isEmpty {
                let list = empty.map { "'\($0)'" }.joined(separator: ", ")
                notes.append(empty.count == 1
                    ? "no agent is online in region \(list): nobody there was asked"
                    : "no agent is online in regions \(list): nobody there was asked")
            }
        }
        return Outcome(
            target: TargetSummary(self.input.target), verdict: verdict, local: localObservation?.result,
            coordinatorProblem: problem, checkID: document?.id, notes: notes)
    }

    /// The local probe, with a confirming second attempt after a network-level failure.
    func runLocal() async -> VantageObservation? {
        guard self.local else { return nil }
        guard let first = try? await self.engine.probe(self.input) else { return nil }
        var confirmation: ProbeResult?
        if first.isNetworkLevelFailure {
            self.progress.show("confirming the failure from here…")
            try? await Task.sleep(for: .seconds(3))
            confirmation = try? await self.engine.probe(self.input)
        }
        return VantageObservation(vantage: Self.localVantage, result: first, confirmation: confirmation)
    }

    /// Creates the check at the coordinator and follows it until every agent answered or the wait is over.
    func runRemote() async -> (CheckDocument?, String?) {
        guard let url = self.settings.url else {
            return (nil, "no coordinator is configured (--coordinator, XCHECK_COORDINATOR or the config file); only this machine was checked")
        }
        // A coordinator that accepts connections but does not answer must not hold the run past --wait.
        let client = CoordinatorClient(
            driver: self.driver, baseURL: url, token: self.settings.token, totalTimeout: self.wait + .seconds(5))
        let target = self.input.target
        // --private: the credentials stay on this machine; the coordinator (and so the agents) never gets the
        // password, and the agents' reachability check needs no username (the coordinator refuses one without a
        // password).
        let request = CheckCreateRequest(
            url: target.baseURL, username: self.private ? nil : target.username,
            password: self.private ? nil : target.password?.value, regions: self.regions,
            waitSeconds: 0, private: self.private)
        do {
            var document = try await client.post("/v1/checks", request, as: CheckDocument.self)
            let deadline = ContinuousClock.now + self.wait
            while document.status == "running" && ContinuousClock.now < deadline {
                let total = document.vantages.count + document.missing.count
                let regions = Set(document.vantages.map(\.agent.region)).sorted()
                self.progress.show("\(document.vantages.count)/\(total) agents answered\(regions.isEmpty ? "" : " (\(regions.joined(separator: ", ")))")…")
                try await Task.sleep(for: .milliseconds(500))
                document = try await client.get("/v1/checks/\(document.id)", as: CheckDocument.self)
            }
            return (document, nil)
        } catch let failure as CoordinatorClient.Failure {
            return (nil, failure.description)
        } catch {
            return (nil, "\(error)")
        }
    }
}

/// The body of `POST /v1/checks`.
struct CheckCreateRequest: Encodable, Sendable {
    var url: String
    var username: String?
    var password: String?
    var regions: [String]?
    var waitSeconds: Int
    var `private`: Bool

    enum CodingKeys: String, CodingKey {
        case url, username, password, regions
        case waitSeconds = "wait_seconds"
        case `private`
    }
}

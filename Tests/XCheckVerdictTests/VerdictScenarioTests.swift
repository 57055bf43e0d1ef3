import Testing
import XCheckModel
import XCheckVerdict

/// One synthetic vantage set and the verdict it must get.
struct Scenario: Sendable, CustomTestStringConvertible {
    let name: String
    let observations: [VantageObservation]
    var missing: [Vantage] = []
    let verdict: OverallVerdict
    let rule: VerdictRule
    let reason: Outcome?
    /// Expected region verdicts (regions not listed are not checked).
    var regions: [String: RegionVerdict] = [:]
    /// Expected blocking per vantage name (nil: not blocked). Vantages not listed are not checked.
    var blocking: [String: BlockingType?] = [:]

    var testDescription: String { self.name }
}

@Suite("Verdict scenarios")
struct VerdictScenarioTests {
    static let up: [Scenario] = [
        Scenario(
            name: "all agents log in", observations: healthyAgents(), verdict: .up, rule: .worksFromAgents, reason: .ok,
            regions: ["eu": .up, "us": .up, "asia": .up], blocking: ["eu-1": nil]
        ),
        Scenario(
            name: "local and agents log in", observations: [obs(local(), .ok)] + healthyAgents(), verdict: .up,
            rule: .worksFromYourNetwork, reason: .ok, regions: ["local": .up, "eu": .up]
        ),
        Scenario(
            name: "without credentials every network reaches the server",
            observations: [obs(local(), .reachable, kind: .reachability)] + healthyAgents(.reachable, kind: .reachability),
            verdict: .up, rule: .worksFromYourNetwork, reason: .reachable
        ),
        Scenario(
            name: "local works while one agent region drops packets",
            observations: [obs(local(), .ok), obs(agent("eu-1", "eu"), .ok), obs(agent("asia-1", "asia"), .connectionTimeout)],
            verdict: .up, rule: .worksFromYourNetwork, reason: .ok,
            regions: ["local": .up, "eu": .up, "asia": .blocked], blocking: ["asia-1": .tcpIP, "local": nil]
        ),
        Scenario(
            name: "a flaky region drops only the first attempt",
            observations: [
                obs(local(), .ok), obs(agent("eu-1", "eu"), .ok),
                obs(agent("asia-1", "asia"), .connectionTimeout, second: .outcome(.ok)),
            ],
            verdict: .up, rule: .worksFromYourNetwork, reason: .ok,
            regions: ["asia": .up], blocking: ["asia-1": nil]
        ),
        Scenario(
            name: "one failing vantage among healthy ones in its region does not flip the region",
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("eu-2", "eu"), .ok),
                obs(agent("eu-3", "eu"), .connectionReset),
                obs(agent("us-1", "us"), .ok),
            ],
            verdict: .up, rule: .worksFromAgents, reason: .ok,
            regions: ["eu": .up, "us": .up], blocking: ["eu-3": .tcpIP]
        ),
        Scenario(
            name: "an unconfirmed agent failure is not counted",
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok),
                obs(agent("asia-1", "asia"), .connectionTimeout, second: .none),
            ],
            verdict: .up, rule: .worksFromAgents, reason: .ok,
            regions: ["asia": .inconclusive], blocking: ["asia-1": nil]
        ),
        Scenario(
            name: "a rate-limited agent is not counted",
            observations: [obs(local(), .ok), obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .rateLimited)],
            verdict: .up, rule: .worksFromYourNetwork, reason: .ok,
            regions: ["us": .inconclusive], blocking: ["us-1": nil]
        ),
        Scenario(
            name: "geo-DNS: different addresses but a working login are not blocking",
            observations: [
                obs(agent("eu-1", "eu"), .ok, addresses: ["198.51.100.1"]),
                obs(agent("us-1", "us"), .ok, addresses: ["198.51.100.2"]),
            ],
            verdict: .up, rule: .worksFromAgents, reason: .ok
        ),
    ]

    static let down: [Scenario] = [
        Scenario(
            name: "panel host down: timeouts everywhere",
            observations: [obs(local(), .connectionTimeout)] + healthyAgents(.connectionTimeout),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .connectionTimeout,
            regions: ["local": .down, "eu": .down, "us": .down, "asia": .down],
            blocking: ["local": nil, "eu-1": nil]
        ),
        Scenario(
            name: "panel stopped: port closed everywhere",
            observations: [obs(local(), .connectionRefused)] + healthyAgents(.connectionRefused),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .connectionRefused
        ),
        Scenario(
            name: "the name is gone everywhere",
            observations: [obs(local(), .dnsNXDOMAIN)] + healthyAgents(.dnsNXDOMAIN),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .dnsNXDOMAIN
        ),
        Scenario(
            name: "DNS broken everywhere",
            observations: healthyAgents(.dnsFailure),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .dnsFailure
        ),
        Scenario(
            name: "origin down behind the CDN",
            observations: [obs(local(), .cdnOriginError)] + healthyAgents(.cdnOriginError),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .cdnOriginError
        ),
        Scenario(
            name: "panel answers 5xx everywhere",
            observations: [obs(local(), .httpError, status: 502)] + [
                obs(agent("eu-1", "eu"), .httpError, status: 502), obs(agent("us-1", "us"), .httpError, status: 503),
            ],
            verdict: .downForEveryone, rule: .sharedFailure, reason: .httpError
        ),
        Scenario(
            name: "broken TLS everywhere",
            observations: healthyAgents(.tlsFailure),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .tlsFailure
        ),
        Scenario(
            name: "no panel at this URL for anyone",
            observations: healthyAgents(.notXtream),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .notXtream
        ),
        Scenario(
            name: "wrong scheme for everyone",
            observations: healthyAgents(.schemeMismatch),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .schemeMismatch
        ),
        Scenario(
            name: "panel hung: no answer in time anywhere",
            observations: healthyAgents(.responseTimeout),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .responseTimeout
        ),
        Scenario(
            name: "mixed connect-layer failures are one layer",
            observations: [
                obs(agent("eu-1", "eu"), .connectionTimeout), obs(agent("us-1", "us"), .connectionTimeout),
                obs(agent("asia-1", "asia"), .connectionRefused),
            ],
            verdict: .downForEveryone, rule: .sharedFailure, reason: .connectionTimeout
        ),
        Scenario(
            name: "down for everyone, and one region's DNS also fails",
            observations: [
                obs(agent("eu-1", "eu"), .connectionTimeout), obs(agent("us-1", "us"), .connectionTimeout),
                obs(agent("asia-1", "asia"), .dnsNXDOMAIN),
            ],
            verdict: .downForEveryone, rule: .sharedFailure, reason: .connectionTimeout,
            regions: ["eu": .down, "asia": .blocked], blocking: ["asia-1": .dns, "eu-1": nil]
        ),
        Scenario(
            name: "the user's DNS fails while the server is down for everyone",
            observations: [obs(local(), .dnsNXDOMAIN)] + healthyAgents(.connectionTimeout),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .connectionTimeout,
            regions: ["local": .blocked, "eu": .down], blocking: ["local": .dns, "eu-1": nil]
        ),
        Scenario(
            name: "an unconfirmed local failure does not hide an outage",
            observations: [obs(local(), .connectionTimeout, second: .none)] + healthyAgents(.connectionTimeout),
            verdict: .downForEveryone, rule: .sharedFailure, reason: .connectionTimeout,
            regions: ["local": .inconclusive]
        ),
    ]

    static let blockedForYou: [Scenario] = [
        Scenario(
            name: "the panel port is blocked at the user's ISP",
            observations: [obs(local(), .connectionTimeout)] + healthyAgents(),
            verdict: .blockedForYou, rule: .yourNetworkBlocked, reason: .connectionTimeout,
            regions: ["local": .blocked, "eu": .up], blocking: ["local": .tcpIP, "eu-1": nil]
        ),
        Scenario(
            name: "the user's resolver says NXDOMAIN",
            observations: [obs(local(), .dnsNXDOMAIN)] + healthyAgents(),
            verdict: .blockedForYou, rule: .yourNetworkBlocked, reason: .dnsNXDOMAIN, blocking: ["local": .dns]
        ),
        Scenario(
            name: "the user's resolver answers a poisoned address",
            observations: [obs(local(), .connectionTimeout, addresses: ["10.10.10.10"])] + healthyAgents(),
            verdict: .blockedForYou, rule: .yourNetworkBlocked, reason: .connectionTimeout, blocking: ["local": .dns]
        ),
        Scenario(
            name: "the user's ISP shows a block page",
            observations: [obs(local(), .notXtream)] + healthyAgents(),
            verdict: .blockedForYou, rule: .yourNetworkBlocked, reason: .notXtream, blocking: ["local": .httpDiff]
        ),
        Scenario(
            name: "the user's ISP resets after the request",
            observations: [obs(local(), .connectionReset, stage: .http)] + healthyAgents(),
            verdict: .blockedForYou, rule: .yourNetworkBlocked, reason: .connectionReset,
            blocking: ["local": .httpFailure]
        ),
        Scenario(
            name: "the user's path breaks TLS",
            observations: [obs(local(), .tlsFailure)] + healthyAgents(),
            verdict: .blockedForYou, rule: .yourNetworkBlocked, reason: .tlsFailure, blocking: ["local": .httpFailure]
        ),
        Scenario(
            name: "the local check works once a second attempt confirms nothing",
            observations: [obs(local(), .connectionTimeout, second: .outcome(.ok))] + healthyAgents(),
            verdict: .up, rule: .worksFromYourNetwork, reason: .ok, blocking: ["local": nil]
        ),
    ]

    static let regional: [Scenario] = [
        Scenario(
            name: "one region drops packets",
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok), obs(agent("asia-1", "asia"), .connectionTimeout),
            ],
            verdict: .blockedInSomeRegions, rule: .regionalBlocking, reason: .connectionTimeout,
            regions: ["eu": .up, "us": .up, "asia": .blocked], blocking: ["asia-1": .tcpIP]
        ),
        Scenario(
            name: "poisoned DNS in one region",
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok),
                obs(agent("asia-1", "asia"), .connectionRefused, addresses: ["192.0.2.66"]),
            ],
            verdict: .blockedInSomeRegions, rule: .regionalBlocking, reason: .connectionRefused,
            regions: ["asia": .blocked], blocking: ["asia-1": .dns]
        ),
        Scenario(
            name: "a block page in one region",
            observations: [obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok), obs(agent("asia-1", "asia"), .notXtream)],
            verdict: .blockedInSomeRegions, rule: .regionalBlocking, reason: .notXtream,
            regions: ["asia": .blocked], blocking: ["asia-1": .httpDiff]
        ),
        Scenario(
            name: "a reset after the request in one region",
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok),
                obs(agent("asia-1", "asia"), .connectionReset, stage: .http),
            ],
            verdict: .blockedInSomeRegions, rule: .regionalBlocking, reason: .connectionReset,
            regions: ["asia": .blocked], blocking: ["asia-1": .httpFailure]
        ),
        Scenario(
            name: "an agent whose resolver points at a private address",
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok),
                obs(agent("asia-1", "asia"), .targetForbidden, addresses: ["127.0.0.1"]),
            ],
            verdict: .blockedInSomeRegions, rule: .regionalBlocking, reason: .targetForbidden,
            regions: ["asia": .blocked], blocking: ["asia-1": .dns]
        ),
        Scenario(
            name: "a region blocked by two of its three networks",
            observations: [
                obs(agent("eu-1", "eu"), .ok),
                obs(agent("asia-1", "asia"), .connectionTimeout), obs(agent("asia-2", "asia"), .connectionTimeout),
                obs(agent("asia-3", "asia"), .ok),
            ],
            verdict: .blockedInSomeRegions, rule: .regionalBlocking, reason: .connectionTimeout,
            regions: ["eu": .up, "asia": .blocked]
        ),
    ]

    static let account: [Scenario] =
        Outcome.accountOutcomes.map { code in
            Scenario(
                name: "every network gets \(code.rawValue)",
                observations: [obs(local(), code)] + healthyAgents(code),
                verdict: .accountProblem, rule: .accountRefused, reason: code,
                regions: ["local": .accountProblem, "eu": .accountProblem], blocking: ["local": nil]
            )
        } + [
            Scenario(
                name: "account problem while the user's network is also blocked",
                observations: [obs(local(), .connectionTimeout)] + healthyAgents(.accountExpired),
                verdict: .accountProblem, rule: .accountRefused, reason: .accountExpired,
                regions: ["local": .blocked, "eu": .accountProblem], blocking: ["local": .tcpIP]
            ),
            Scenario(
                name: "account problem while one region is blocked",
                observations: [
                    obs(local(), .credentialsRejected), obs(agent("eu-1", "eu"), .credentialsRejected),
                    obs(agent("asia-1", "asia"), .notXtream),
                ],
                verdict: .accountProblem, rule: .accountRefused, reason: .credentialsRejected,
                regions: ["asia": .blocked], blocking: ["asia-1": .httpDiff]
            ),
            Scenario(
                name: "a line at its connection limit seen by some checks only",
                observations: [obs(local(), .maxConnectionsReached), obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .maxConnectionsReached)],
                verdict: .accountProblem, rule: .accountRefused, reason: .maxConnectionsReached
            ),
            Scenario(
                name: "private mode: the login runs locally, agents check reachability",
                observations: [obs(local(), .accountExpired)] + healthyAgents(.reachable, kind: .reachability),
                verdict: .accountProblem, rule: .accountRefused, reason: .accountExpired,
                regions: ["local": .accountProblem, "eu": .up]
            ),
        ]

    static let inconclusive: [Scenario] = [
        Scenario(
            name: "only one agent alive",
            observations: [obs(agent("eu-1", "eu"), .ok)], missing: [agent("us-1", "us"), agent("asia-1", "asia")],
            verdict: .inconclusive, rule: .tooFewNetworks, reason: .ok,
            regions: ["eu": .up, "us": .inconclusive, "asia": .inconclusive]
        ),
        Scenario(
            name: "only the local check",
            observations: [obs(local(), .connectionTimeout)],
            verdict: .inconclusive, rule: .tooFewNetworks, reason: .connectionTimeout,
            regions: ["local": .inconclusive], blocking: ["local": nil]
        ),
        Scenario(
            name: "nobody answered", observations: [], missing: [agent("eu-1", "eu"), agent("us-1", "us")],
            verdict: .inconclusive, rule: .tooFewNetworks, reason: nil, regions: ["eu": .inconclusive, "us": .inconclusive]
        ),
        Scenario(
            name: "two agents in the same network are one network",
            observations: [obs(agent("eu-1", "eu", network: "hoster"), .ok), obs(agent("us-1", "us", network: "hoster"), .connectionTimeout)],
            verdict: .inconclusive, rule: .tooFewNetworks, reason: .ok
        ),
        Scenario(
            name: "failures without confirmation never make an outage",
            observations: [
                obs(local(), .connectionTimeout, second: .none), obs(agent("eu-1", "eu"), .connectionTimeout, second: .none),
                obs(agent("us-1", "us"), .connectionTimeout, second: .none),
            ],
            verdict: .inconclusive, rule: .tooFewNetworks, reason: .connectionTimeout
        ),
        Scenario(
            name: "every agent rate limited",
            observations: [obs(local(), .ok)] + healthyAgents(.rateLimited),
            verdict: .inconclusive, rule: .tooFewNetworks, reason: .ok
        ),
        Scenario(
            name: "the panel refuses from one network and accepts from another",
            observations: [obs(local(), .credentialsRejected), obs(agent("eu-1", "eu"), .ok), obs(agent("us-1", "us"), .ok)],
            verdict: .inconclusive, rule: .accountDisagreement, reason: .credentialsRejected
        ),
        Scenario(
            name: "two different account answers",
            observations: [obs(agent("eu-1", "eu"), .accountExpired), obs(agent("us-1", "us"), .accountBanned)],
            verdict: .inconclusive, rule: .accountDisagreement, reason: .accountExpired
        ),
        Scenario(
            name: "the local failure was not confirmed",
            observations: [obs(local(), .connectionTimeout, second: .none)] + healthyAgents(),
            verdict: .inconclusive, rule: .yourNetworkUnconfirmed, reason: .connectionTimeout,
            regions: ["local": .inconclusive, "eu": .up], blocking: ["local": nil]
        ),
        Scenario(
            name: "the panel rate-limits the user's address",
            observations: [obs(local(), .rateLimited)] + healthyAgents(),
            verdict: .inconclusive, rule: .yourNetworkUnusable, reason: .rateLimited, blocking: ["local": nil]
        ),
        Scenario(
            name: "the CDN challenges the user's network",
            observations: [obs(local(), .cdnChallenge)] + healthyAgents(),
            verdict: .inconclusive, rule: .yourNetworkUnusable, reason: .cdnChallenge
        ),
        Scenario(
            name: "the user's network gets a rate limit while the agents find the server down",
            observations: [obs(local(), .rateLimited)] + healthyAgents(.connectionTimeout),
            verdict: .inconclusive, rule: .yourNetworkUnusable, reason: .rateLimited
        ),
        Scenario(
            name: "every region split between a blocked and a working network",
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("eu-2", "eu"), .connectionTimeout),
                obs(agent("us-1", "us"), .ok), obs(agent("us-2", "us"), .notXtream),
            ],
            verdict: .inconclusive, rule: .contradictory, reason: .connectionTimeout,
            regions: ["eu": .inconclusive, "us": .inconclusive], blocking: ["eu-2": .tcpIP, "us-2": .httpDiff]
        ),
        Scenario(
            name: "a region blocked but no region up",
            observations: [
                obs(agent("eu-1", "eu"), .ok), obs(agent("eu-2", "eu"), .connectionTimeout),
                obs(agent("asia-1", "asia"), .connectionTimeout),
            ],
            verdict: .inconclusive, rule: .contradictory, reason: .connectionTimeout,
            regions: ["eu": .inconclusive, "asia": .blocked]
        ),
        Scenario(
            name: "nobody reaches the panel and the failures sit at different layers",
            observations: [
                obs(agent("eu-1", "eu", network: "isp-a"), .dnsFailure),
                obs(agent("eu-2", "eu", network: "isp-a"), .connectionTimeout),
                obs(agent("us-1", "us", network: "isp-b"), .dnsFailure),
            ],
            verdict: .inconclusive, rule: .contradictory, reason: .dnsFailure,
            regions: ["eu": .inconclusive, "us": .blocked], blocking: ["us-1": .dns, "eu-1": nil]
        ),
        Scenario(
            name: "the local network fails while an agent in the same network logs in",
            observations: [
                obs(local(network: "isp-a"), .connectionTimeout), obs(agent("eu-1", "eu", network: "isp-a"), .ok),
                obs(agent("us-1", "us"), .connectionTimeout),
            ],
            verdict: .inconclusive, rule: .contradictory, reason: .connectionTimeout, blocking: ["us-1": .tcpIP, "local": nil]
        ),
        Scenario(
            name: "only one network got as far as the failing layer",
            observations: [obs(agent("eu-1", "eu"), .connectionTimeout), obs(agent("asia-1", "asia"), .dnsNXDOMAIN)],
            verdict: .inconclusive, rule: .tooFewNetworks, reason: .connectionTimeout,
            regions: ["eu": .inconclusive, "asia": .blocked], blocking: ["asia-1": .dns]
        ),
    ]

    @Test("up", arguments: Self.up) func upScenarios(_ scenario: Scenario) { Self.check(scenario) }
    @Test("down for everyone", arguments: Self.down) func downScenarios(_ scenario: Scenario) { Self.check(scenario) }
    @Test("blocked for you", arguments: Self.blockedForYou) func blockedForYouScenarios(_ scenario: Scenario) { Self.check(scenario) }
    @Test("blocked in some regions", arguments: Self.regional) func regionalScenarios(_ scenario: Scenario) { Self.check(scenario) }
    @Test("account problem", arguments: Self.account) func accountScenarios(_ scenario: Scenario) { Self.check(scenario) }
    @Test("inconclusive", arguments: Self.inconclusive) func inconclusiveScenarios(_ scenario: Scenario) { Self.check(scenario) }

    static var all: [Scenario] { Self.up + Self.down + Self.blockedForYou + Self.regional + Self.account + Self.inconclusive }

    @Test("the scenarios cover every overall verdict, region verdict, blocking type and rule")
    func coverage() {
        let verdicts = Self.all.map { VerdictEngine.decide($0.observations, missing: $0.missing) }
        #expect(Set(verdicts.map(\.verdict)) == Set(OverallVerdict.allCases))
        #expect(Set(verdicts.flatMap { $0.regions.map(\.verdict) }) == Set(RegionVerdict.allCases))
        #expect(Set(verdicts.flatMap { $0.vantages.compactMap(\.blocking) }) == Set(BlockingType.allCases))
        #expect(Set(verdicts.map(\.rule)) == Set(VerdictRule.allCases))
    }

    static func check(_ scenario: Scenario, sourceLocation: SourceLocation = #_sourceLocation) {
        let verdict = VerdictEngine.decide(scenario.observations, missing: scenario.missing)
        let context = "\(verdict.verdict.rawValue)/\(verdict.rule.rawValue)/\(verdict.reason?.rawValue ?? "nil"): \(verdict.summary)"
        #expect(verdict.verdict == scenario.verdict, "\(context)", sourceLocation: sourceLocation)
        #expect(verdict.rule == scenario.rule, "\(context)", sourceLocation: sourceLocation)
        #expect(verdict.reason == scenario.reason, "\(context)", sourceLocation: sourceLocation)
        for (region, expected) in scenario.regions {
            let report = verdict.region(region)
            #expect(report?.verdict == expected, "region \(region): \(String(describing: report))", sourceLocation: sourceLocation)
        }
        for (name, expected) in scenario.blocking {
            let report = verdict.vantage(name)
            #expect(report != nil, "no vantage \(name)", sourceLocation: sourceLocation)
            #expect(report?.blocking == expected, "vantage \(name): \(String(describing: report))", sourceLocation: sourceLocation)
        }
        #expect(!verdict.summary.isEmpty, sourceLocation: sourceLocation)
        #expect(!verdict.advice.isEmpty, "no advice: \(context)", sourceLocation: sourceLocation)
        #expect(verdict.vantages.count == scenario.observations.count, sourceLocation: sourceLocation)
    }
}

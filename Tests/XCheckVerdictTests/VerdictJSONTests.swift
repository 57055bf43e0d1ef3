#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import XCheckModel
import XCheckVerdict

@Suite("Verdict JSON contract")
struct VerdictJSONTests {
    /// The user's port is blocked, https works from the user's network, one agent logs in, one agent's failure
    /// was not confirmed, and one agent did not answer.
    static func sample() -> Verdict {
        var agentResult = Build.result(.ok)
        agentResult.timings = StageTimings(dns: 4, connect: 31, tls: nil, firstByte: 80, total: 95.5)
        var localResult = Build.result(
            .connectionTimeout, alternatives: [Alternative(url: "https://panel.example", outcome: .reachable, kind: .port)]
        )
        localResult.timings = StageTimings(dns: 12, connect: nil, tls: nil, firstByte: nil, total: 10012)
        return VerdictEngine.decide(
            [
                VantageObservation(vantage: local(region: "home", network: "AS64500 Home ISP"), result: localResult, confirmation: localResult),
                VantageObservation(vantage: agent("eu-1", "eu-west", network: "AS64501 Hoster"), result: agentResult),
                VantageObservation(
                    vantage: agent("us-1", "us-east", network: "AS64502 Cloud"), result: Build.result(.connectionReset, stage: .http),
                    confirmation: nil
                ),
            ],
            missing: [agent("ap-1", "ap-south", network: "AS64503 Other")]
        )
    }

    static let golden = #"""
        {
          "advice" : [
            "Something on your network (usually the ISP) drops or rejects connections to port 8080 of this server. Try https or another port if the panel offers one, another network (mobile data), or a VPN.",
            "http on 8080 is blocked from your network; https on 443 works (reachable): use https://panel.example in your player."
          ],
          "alternatives" : [
            {
              "kind" : "port",
              "outcome" : "reachable",
              "tried_locally" : true,
              "url" : "https://panel.example",
              "vantages" : [
                "local"
              ]
            }
          ],
          "confidence" : {
            "networks" : 2,
            "vantages" : 2
          },
          "missing" : [
            {
              "kind" : "agent",
              "name" : "ap-1",
              "network" : "AS64503 Other",
              "region" : "ap-south"
            }
          ],
          "reason" : "connection_timeout",
          "regions" : [
            {
              "blocking" : "tcp_ip",
              "missing" : [

              ],
              "note" : null,
              "region" : "home",
              "vantages" : [
                "local"
              ],
              "verdict" : "blocked"
            },
            {
              "blocking" : null,
              "missing" : [

              ],
              "note" : null,
              "region" : "eu-west",
              "vantages" : [
                "eu-1"
              ],
              "verdict" : "up"
            },
            {
              "blocking" : null,
              "missing" : [

              ],
              "note" : "No usable answer from this region (connection_reset).",
              "region" : "us-east",
              "vantages" : [
                "us-1"
              ],
              "verdict" : "inconclusive"
            },
            {
              "blocking" : null,
              "missing" : [
                "ap-1"
              ],
              "note" : "No vantage in this region answered.",
              "region" : "ap-south",
              "vantages" : [

              ],
              "verdict" : "inconclusive"
            }
          ],
          "rule" : "your_network_blocked",
          "summary" : "Your network cannot connect to panel.example:8080 (connection_timeout at connect) while 1 other network (eu-west) reaches the panel: blocked for you at the TCP/IP level.",
          "vantages" : [
            {
              "attempts" : 2,
              "blocking" : "tcp_ip",
              "confirmed" : true,
              "http_status" : null,
              "kind" : "local",
              "name" : "local",
              "network" : "AS64500 Home ISP",
              "note" : null,
              "outcome" : "connection_timeout",
              "region" : "home",
              "stage" : "connect",
              "timings_ms" : {
                "connect" : null,
                "dns" : 12,
                "first_byte" : null,
                "tls" : null,
                "total" : 10012
              },
              "usable" : true
            },
            {
              "attempts" : 1,
              "blocking" : null,
              "confirmed" : null,
              "http_status" : 200,
              "kind" : "agent",
              "name" : "eu-1",
              "network" : "AS64501 Hoster",
              "note" : null,
              "outcome" : "ok",
              "region" : "eu-west",
              "stage" : null,
              "timings_ms" : {
                "connect" : 31,
                "dns" : 4,
                "first_byte" : 80,
                "tls" : null,
                "total" : 95.5
              },
              "usable" : true
            },
            {
              "attempts" : 1,
              "blocking" : null,
              "confirmed" : null,
              "http_status" : null,
              "kind" : "agent",
              "name" : "us-1",
              "network" : "AS64502 Cloud",
              "note" : "Failed once (connection_reset at http) and no second attempt was made to confirm it: not counted.",
              "outcome" : "connection_reset",
              "region" : "us-east",
              "stage" : "http",
              "timings_ms" : {
                "connect" : 20,
                "dns" : 5,
                "first_byte" : null,
                "tls" : null,
                "total" : 120
              },
              "usable" : false
            }
          ],
          "verdict" : "blocked_for_you"
        }
        """#

    static func encode(_ verdict: Verdict) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(verdict), as: UTF8.self)
    }

    @Test("the verdict document matches the golden file: key names and explicit nulls")
    func golden() throws {
        let json = try Self.encode(Self.sample())
        #expect(json == Self.golden, "got:\n\(json)")
    }

    @Test("the contract's keys are always present, nulls included")
    func contractKeys() throws {
        let json = try Self.encode(Self.sample())
        for key in ["verdict", "reason", "summary", "regions", "vantages", "confidence", "alternatives", "advice"] {
            #expect(json.contains("\n  \"\(key)\" : "), "top-level \(key)")
        }
        for key in ["name", "kind", "region", "network", "outcome", "stage", "blocking", "timings_ms"] {
            #expect(json.contains("      \"\(key)\" : "), "vantage \(key)")
        }
        #expect(json.contains("\"blocking\" : null"))
        #expect(json.contains("\"stage\" : null"))
    }

    @Test("a verdict without any answer encodes a null reason")
    func nullReason() throws {
        let json = try Self.encode(VerdictEngine.decide([]))
        #expect(json.contains("\"reason\" : null"))
        #expect(json.contains("\"verdict\" : \"inconclusive\""))
    }

    @Test("the document decodes back to the same verdict")
    func roundTrip() throws {
        let verdict = Self.sample()
        let data = try JSONEncoder().encode(verdict)
        #expect(try JSONDecoder().decode(Verdict.self, from: data) == verdict)
    }

    @Test("observations round-trip through JSON (as agents and the coordinator exchange them)")
    func observationRoundTrip() throws {
        let observation = obs(agent("eu-1", "eu"), .connectionTimeout)
        let data = try JSONEncoder().encode(observation)
        #expect(try JSONDecoder().decode(VantageObservation.self, from: data) == observation)
        let json = String(decoding: try JSONEncoder().encode(obs(agent("eu-1", "eu"), .ok)), as: UTF8.self)
        #expect(json.contains("\"confirmation\":null"))
    }
}

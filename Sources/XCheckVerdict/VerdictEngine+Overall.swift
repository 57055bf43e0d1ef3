import XCheckModel

extension VerdictEngine {
    /// The overall rules, in order (docs/verdicts.md):
    /// 1. fewer than two networks with usable answers: inconclusive;
    /// 2. any account outcome: account problem when the login answers agree, otherwise inconclusive;
    /// 3. with a local vantage: up when it reaches the panel, blocked for you when it fails while another
    ///    network reaches the panel, the shared-failure rule when nobody reaches it (the local vantage may then
    ///    be blocked at an earlier layer too), inconclusive when its own answer cannot be used (unless the
    ///    agents alone show the server down for everyone);
    /// 4. without one: the agents' rules (up, blocked in some regions, down for everyone, inconclusive).
    static func decideOverall(_ context: VerdictContext) -> VerdictDecision {
        if context.usableNetworks.count < 2 {
            return Self.tooFewNetworks(context)
        }
        let answers = context.usable.compactMap(\.loginAnswer)
        if answers.contains(where: \.isAccountProblem) {
            if let code = Self.consistentAccountAnswer(answers) {
                return Self.accountRefused(code, answers: answers, context: context)
            }
            return Self.accountDisagreement(context)
        }
        guard let local = context.local else {
            return Self.agentsDecision(context)
        }
        switch local.standing {
        case .reached:
            return Self.worksFromYourNetwork(local, context: context)
        case .failed:
            if !context.references(outside: local.network).isEmpty {
                // Another network reaches the panel, so the local failure is blocking (see classifyBlocking).
                return Self.yourNetworkBlocked(local, context: context)
            }
            if let other = context.usable.first(where: \.reachedPanel) {
                return Self.contradictory(
                    context,
                    why: "your network fails (\(local.effective.outcomeDescription)) while \(other.vantage.name), in the same network (\(other.network)), reaches the panel"
                )
            }
            return Self.sharedFailure(context)
        case .unconfirmed:
            let agents = Self.agentsDecision(context)
            if agents.verdict == .downForEveryone { return agents }
            return Self.yourNetworkUnconfirmed(local, agents: agents, context: context)
        case .unusable:
            return Self.yourNetworkUnusable(local, agents: Self.agentsDecision(context), context: context)
        case .account:
            // Unreachable: an account outcome is decided by the account rule above.
            return Self.agentsDecision(context)
        }
    }

    // MARK: - Rule 1: too few networks

    static func tooFewNetworks(_ context: VerdictContext) -> VerdictDecision {
        let reason =
            context.local?.effective.outcome
            ?? context.usable.map(\.effective.outcome).mostCommon()
            ?? context.assessments.map(\.effective.outcome).mostCommon()
        var summary: String
        if context.assessments.isEmpty {
            summary = context.missing.isEmpty
                ? "No vantage answered, so there is nothing to compare."
                : "None of the \(VerdictWording.count(context.missing.count, "vantage")) asked answered, so there is nothing to compare."
        } else if let network = context.usableNetworks.first {
            let found = context.usable.map(\.effective.outcome.rawValue).distinct().joined(separator: ", ")
            let whose = context.local.map { $0.isUsable && $0.network == network } == true ? "your own network" : "one network (\(network))"
            summary = "Only \(whose) gave a usable answer (\(found)); xcheck needs at least two networks to compare, so it does not guess."
        } else {
            summary = "No vantage gave a usable answer; xcheck needs at least two networks to compare, so it does not guess."
        }
        let excluded = Self.excludedList(context)
        if !excluded.isEmpty, !context.assessments.isEmpty {
            summary += " Not counted: \(excluded)."
        }
        var advice = ["Run the check again in a few minutes, with more regions if you can: a verdict needs answers from at least two networks."]
        if let local = context.local, local.standing == .unusable {
            advice.insert(contentsOf: AdviceWriter.advice(for: local.effective).prefix(1), at: 0)
        }
        return VerdictDecision(verdict: .inconclusive, reason: reason, rule: .tooFewNetworks, summary: summary, advice: advice)
    }

    /// "2 rate limited by the panel, 1 unconfirmed failure, 1 did not answer".
    static func excludedList(_ context: VerdictContext) -> String {
        var parts: [String] = []
        let unconfirmed = context.assessments.filter { $0.standing == .unconfirmed }.count
        let limited = context.assessments.filter { $0.standing == .unusable && $0.effective.outcome == .rateLimited }.count
        let challenged = context.assessments.filter { $0.standing == .unusable && $0.effective.outcome == .cdnChallenge }.count
        let forbidden = context.assessments.filter { $0.standing == .unusable && $0.effective.outcome == .targetForbidden }.count
        if limited > 0 { parts.append("\(limited) rate limited by the panel") }
        if challenged > 0 { parts.append("\(challenged) challenged by the CDN") }
        if forbidden > 0 { parts.append("\(forbidden) refused to check the address") }
        if unconfirmed > 0 { parts.append(VerdictWording.count(unconfirmed, "unconfirmed failure")) }
        if !context.missing.isEmpty { parts.append("\(context.missing.count) did not answer") }
        return parts.joined(separator: ", ")
    }

    // MARK: - Rule 2: the account

    static func accountRefused(_ code: Outcome, answers: [Outcome], context: VerdictContext) -> VerdictDecision {
        let refusing = context.usable.filter { $0.loginAnswer == code }
        let refusingNetworks = refusing.map(\.network).distinct().count
        let reachingNetworks = context.usable.filter(\.reachedPanel).map(\.network).distinct().count
        var summary: String
        if code == .maxConnectionsReached, answers.contains(.ok) {
            summary = "The panel answers and the line is at its connection limit: \(refusing.count) of \(answers.count) logins found every connection in use (max_connections_reached)."
        } else if refusingNetworks == reachingNetworks {
            summary = "The panel answers from \(VerdictWording.count(reachingNetworks, "network")) and refuses the login from every one: \(VerdictWording.accountPhrase(code)) (\(code.rawValue)). The server works; the account is the problem."
        } else {
            let from = refusing.contains(where: \.isLocal) && refusingNetworks == 1 ? "your network" : VerdictWording.count(refusingNetworks, "network")
            summary = "The panel answers from \(VerdictWording.count(reachingNetworks, "network")); the login, tried from \(from), is refused: \(VerdictWording.accountPhrase(code)) (\(code.rawValue)). The server works; the account is the problem."
        }
        let representative = refusing.first(where: \.isLocal) ?? refusing.first
        var advice = representative.map { AdviceWriter.advice(for: $0.effective) } ?? []
        if let local = context.local, local.isBlocked, let type = local.blocking {
            summary += " Separately, your network cannot reach the panel (\(type.rawValue))."
            advice.append(VerdictWording.blockedAdvice(type, context: context, referenceAddresses: Self.referenceAddresses(for: local, context: context)))
        }
        let blocked = context.blockedAgentRegions
        if !blocked.isEmpty {
            summary += " It is also blocked in \(VerdictWording.regionBlockingList(blocked))."
        }
        return VerdictDecision(verdict: .accountProblem, reason: code, rule: .accountRefused, summary: summary, advice: advice)
    }

    static func accountDisagreement(_ context: VerdictContext) -> VerdictDecision {
        var groups: [String] = []
        let answering = context.usable.filter { $0.loginAnswer != nil }
        for answer in answering.compactMap(\.loginAnswer).distinct() {
            let names = answering.filter { $0.loginAnswer == answer }.map(\.vantage.name)
            groups.append("\(answer.rawValue) from \(VerdictWording.list(names))")
        }
        let localCode = context.local?.loginAnswer.flatMap { $0.isAccountProblem ? $0 : nil }
        let reason = localCode ?? answering.compactMap(\.loginAnswer).filter(\.isAccountProblem).mostCommon()
        return VerdictDecision(
            verdict: .inconclusive,
            reason: reason,
            rule: .accountDisagreement,
            summary: "The panel answers the same login differently from different networks (\(groups.joined(separator: "; "))), so xcheck cannot say whether the account is the problem.",
            advice: [
                "Run the check again in a few minutes. If the answers still differ, ask your provider whether the line is limited to some countries or addresses.",
            ]
        )
    }

    // MARK: - Rule 3: the user's own network

    static func worksFromYourNetwork(_ local: VantageAssessment, context: VerdictContext) -> VerdictDecision {
        let others = context.usable.filter { $0.network != local.network }
        let reachingOthers = others.filter(\.reachedPanel).map(\.network).distinct().count
        let otherNetworks = others.map(\.network).distinct().count
        var summary: String
        let loginOthers = others.filter { $0.reachedPanel && $0.effective.outcome == .ok }.map(\.network).distinct().count
        if local.effective.outcome == .ok, loginOthers < reachingOthers {
            // Some other networks only checked that the server answers (a private check, or agents without the
            // password): say so, rather than claim the login works there.
            let reachabilityOnly = reachingOthers - loginOthers
            summary = "The login works from your network (ok). "
            if loginOthers > 0 {
                summary += "It works from \(loginOthers) of \(VerdictWording.count(otherNetworks, "other network")) too, and the server answers from \(reachabilityOnly) more that checked without your password."
            } else {
                summary += "The server answers from \(reachingOthers) of \(VerdictWording.count(otherNetworks, "other network")), which checked without your password."
            }
        } else {
            let what = local.effective.outcome == .ok ? "The login works" : "The server answers"
            summary = "\(what) from your network (\(local.effective.outcome.rawValue)) and from \(reachingOthers) of \(VerdictWording.count(otherNetworks, "other network"))."
        }
        var advice = AdviceWriter.advice(for: local.effective)
        summary += Self.blockedElsewhereSentence(context, advice: &advice)
        let agents = others.filter { $0.vantage.kind == .agent }
        if !agents.isEmpty, agents.allSatisfy(\.isBlocked) {
            advice.append("Every agent is blocked while your network works: the panel or its host may refuse datacenter addresses, which many IPTV panels do.")
        }
        return VerdictDecision(verdict: .up, reason: local.effective.outcome, rule: .worksFromYourNetwork, summary: summary, advice: advice)
    }

    /// " It is blocked in eu-east (tcp_ip)." or " 1 vantage fails: ...", with matching advice; "" when
    /// nothing fails.
    static func blockedElsewhereSentence(_ context: VerdictContext, advice: inout [String]) -> String {
        let blocked = context.blockedAgentRegions
        if !blocked.isEmpty {
            advice.append("Blocked in \(VerdictWording.regionBlockingList(blocked)): people there need another network, a VPN, or another port or https if the panel offers one.")
            return " It is blocked in \(VerdictWording.regionBlockingList(blocked))."
        }
        let failing = context.usable.filter { $0.standing == .failed }
        if !failing.isEmpty {
            return " \(VerdictWording.count(failing.count, "vantage")) in a minority fail\(failing.count == 1 ? "s" : "") (\(Self.failureList(failing)))."
        }
        return ""
    }

    static func yourNetworkBlocked(_ local: VantageAssessment, context: VerdictContext) -> VerdictDecision {
        let type = local.blocking ?? local.effective.blockingType
        let references = context.references(outside: local.network)
        let referenceCount = references.map(\.network).distinct().count
        let referenceRegions = references.map(\.vantage.region).distinct()
        let othersPhrase: String
        if referenceCount > 0 {
            othersPhrase = "while \(VerdictWording.count(referenceCount, "other network")) (\(VerdictWording.list(referenceRegions))) reach\(referenceCount == 1 ? "es" : "") the panel"
        } else {
            othersPhrase = "while other networks get past that point"
        }
        let outcome = local.effective.outcomeDescription
        let hostPort = context.hostPort
        let addresses = Self.referenceAddresses(for: local, context: context)
        var summary: String
        switch type {
        case .dns:
            if !local.addresses.isEmpty, !addresses.isEmpty, local.addresses.isDisjoint(with: addresses) {
                summary = "Your network resolves \(context.host) to \(Self.addressList(local.addresses)), which shares nothing with the addresses that reach the panel (\(Self.addressList(addresses))), \(othersPhrase): blocked for you by DNS."
            } else {
                summary = "Your network cannot resolve \(context.host) (\(outcome)) \(othersPhrase): blocked for you by DNS."
            }
        case .tcpIP:
            summary = "Your network cannot connect to \(hostPort) (\(outcome)) \(othersPhrase): blocked for you at the TCP/IP level."
        case .httpFailure:
            summary = "Your network's connection to \(hostPort) breaks after it is set up (\(outcome)) \(othersPhrase): blocked for you."
        case .httpDiff:
            summary = "Your network gets a different answer from \(hostPort) (\(outcome)) \(othersPhrase): blocked for you, probably by a block page."
        }
        var advice = [VerdictWording.blockedAdvice(type, context: context, referenceAddresses: addresses)]
        let blocked = context.blockedAgentRegions.filter { $0.region != local.vantage.region }
        if !blocked.isEmpty {
            summary += " It is also blocked in \(VerdictWording.regionBlockingList(blocked))."
        }
        if local.first.kind == .login, !references.isEmpty, references.allSatisfy({ $0.effective.kind != .login }) {
            advice.append("The other networks checked without your credentials, so the login itself could not be tried anywhere the panel answers.")
        }
        return VerdictDecision(verdict: .blockedForYou, reason: local.effective.outcome, rule: .yourNetworkBlocked, summary: summary, advice: advice)
    }

    /// The addresses the vantages outside `subject`'s network resolved when they reached the panel.
    static func referenceAddresses(for subject: VantageAssessment, context: VerdictContext) -> Set<String> {
        context.references(outside: subject.network).reduce(into: Set<String>()) { $0.formUnion($1.addresses) }
    }

    static func yourNetworkUnconfirmed(_ local: VantageAssessment, agents: VerdictDecision, context: VerdictContext) -> VerdictDecision {
        VerdictDecision(
            verdict: .inconclusive,
            reason: local.first.outcome,
            rule: .yourNetworkUnconfirmed,
            summary: "Your network's check failed once (\(local.first.outcomeDescription)) and was not repeated, so xcheck cannot tell a passing hiccup from a block. From the other networks: \(agents.summary)",
            advice: ["Run the check again: a failure from your network counts only when a second attempt a few seconds later fails too."]
        )
    }

    static func yourNetworkUnusable(_ local: VantageAssessment, agents: VerdictDecision, context: VerdictContext) -> VerdictDecision {
        let outcome = local.effective.outcome
        let what: String
        switch outcome {
        case .rateLimited: what = "The panel is limiting or blocking requests from your address (rate_limited)"
        case .cdnChallenge: what = "The CDN in front of the panel answers your network with a bot challenge (cdn_challenge)"
        default: what = "Your network's check could not be used (\(outcome.rawValue))"
        }
        var advice = Array(AdviceWriter.advice(for: local.effective).prefix(1))
        advice.append("xcheck cannot compare your network with the others while it gets this answer; run the check again later.")
        return VerdictDecision(
            verdict: .inconclusive,
            reason: outcome,
            rule: .yourNetworkUnusable,
            summary: "\(what), which says nothing about blocking on the way. From the other networks: \(agents.summary)",
            advice: advice
        )
    }

    // MARK: - Rule 4: the agents

    static func agentsDecision(_ context: VerdictContext) -> VerdictDecision {
        guard context.usable.contains(where: \.reachedPanel) else {
            return Self.sharedFailure(context)
        }
        let blocked = context.regions(.blocked)
        let up = context.regions(.up)
        let down = context.regions(.down)
        if !blocked.isEmpty, !up.isEmpty {
            return Self.regionalBlocking(context, blocked: blocked, up: up)
        }
        if blocked.isEmpty, down.isEmpty, !up.isEmpty {
            return Self.worksFromAgents(context, up: up)
        }
        if !blocked.isEmpty {
            return Self.contradictory(
                context,
                why: "blocked in \(VerdictWording.regionBlockingList(blocked)), but no region reaches the panel by a majority"
            )
        }
        if !down.isEmpty {
            return Self.contradictory(
                context,
                why: "\(VerdictWording.list(down.map(\.region))) fail\(down.count == 1 ? "s" : "") where no other network gets through, yet other vantages reach the panel"
            )
        }
        return Self.contradictory(context, why: "no region reaches the panel by a majority")
    }

    static func worksFromAgents(_ context: VerdictContext, up: [RegionReport]) -> VerdictDecision {
        let reaching = context.usable.filter(\.reachedPanel)
        let reason = reaching.map(\.effective.outcome).mostCommon() ?? .ok
        let what = reason == .ok ? "The login works" : "The server answers"
        var summary = "\(what) from \(reaching.map(\.network).distinct().count) of \(VerdictWording.count(context.usableNetworks.count, "network")) checked (\(VerdictWording.list(up.map(\.region))))."
        var advice: [String] = []
        summary += Self.blockedElsewhereSentence(context, advice: &advice)
        if context.local == nil {
            advice.insert("If your player still fails, run the check with your own machine included to compare your network with the agents.", at: 0)
        }
        if let example = reaching.first(where: { $0.effective.outcome == .ok }) {
            for line in AdviceWriter.advice(for: example.effective) where line.hasPrefix("The subscription ends") {
                advice.append(line)
            }
        }
        return VerdictDecision(verdict: .up, reason: reason, rule: .worksFromAgents, summary: summary, advice: advice)
    }

    static func regionalBlocking(_ context: VerdictContext, blocked: [RegionReport], up: [RegionReport]) -> VerdictDecision {
        let blockedRegions = Set(blocked.map(\.region))
        let failures = context.usable.filter { $0.isBlocked && blockedRegions.contains($0.vantage.region) }
        let reason = failures.map(\.effective.outcome).mostCommon()
        let summary = "Blocked in \(VerdictWording.regionBlockingList(blocked)) while \(VerdictWording.list(up.map(\.region))) reach\(up.count == 1 ? "es" : "") the panel."
        var advice: [String] = []
        let types = blocked.compactMap(\.blocking).distinct()
        for type in types {
            advice.append("\(VerdictWording.list(blocked.filter { $0.blocking == type }.map(\.region))): \(VerdictWording.blockingPhrase(type)).")
        }
        advice.append("If you are in a blocked region, use another network (mobile data), a VPN, or another port or https if the panel offers one.")
        if context.local == nil {
            advice.append("Run the check with your own machine included to see whether your network is affected.")
        }
        return VerdictDecision(verdict: .blockedInSomeRegions, reason: reason, rule: .regionalBlocking, summary: summary, advice: advice)
    }

    // MARK: - Shared failure and contradictions

    /// Nobody reaches the panel: down for everyone when the networks that got furthest all fail at the same
    /// layer and they are at least two networks.
    static func sharedFailure(_ context: VerdictContext) -> VerdictDecision {
        let shared = context.usable.filter(\.isSharedFailure)
        guard !shared.isEmpty else {
            return Self.contradictory(context, why: "no network reaches the panel, yet no failure is shared")
        }
        let layers = shared.map(\.layer).distinct()
        guard layers.count == 1, let layer = layers.first else {
            let parts = shared.map { "\($0.vantage.name): \($0.effective.outcomeDescription)" }
            return Self.contradictory(context, why: "no network reaches the panel, and they fail at different layers (\(parts.joined(separator: "; ")))")
        }
        let networks = shared.map(\.network).distinct()
        let reason = shared.map(\.effective.outcome).mostCommon() ?? .httpError
        guard networks.count >= 2 else {
            let summary = "Only one network (\(networks[0])) got as far as \(layer.phrase) and failed there (\(reason.rawValue)); the others were stopped earlier, so xcheck cannot say whether the server is down for everyone."
            return VerdictDecision(
                verdict: .inconclusive, reason: reason, rule: .tooFewNetworks, summary: summary,
                advice: ["Run the check again in a few minutes, with more regions if you can."]
            )
        }
        let status = shared.first { $0.effective.outcome == reason }?.effective.httpStatus
        var summary = VerdictWording.downSentence(reason, layer: layer, context: context, status: status)
        var advice = [VerdictWording.downAdvice(reason, context: context)]
        let blocked = context.blockedAgentRegions
        if !blocked.isEmpty {
            summary += " It is also blocked in \(VerdictWording.regionBlockingList(blocked))."
        }
        if let local = context.local, local.isBlocked, let type = local.blocking {
            summary += " Your network is also blocked (\(type.rawValue))."
            advice.append(VerdictWording.blockedAdvice(type, context: context, referenceAddresses: []))
        }
        return VerdictDecision(verdict: .downForEveryone, reason: reason, rule: .sharedFailure, summary: summary, advice: advice)
    }

    static func contradictory(_ context: VerdictContext, why: String) -> VerdictDecision {
        let reason = context.usable.filter { $0.standing == .failed }.map(\.effective.outcome).mostCommon()
        return VerdictDecision(
            verdict: .inconclusive,
            reason: reason,
            rule: .contradictory,
            summary: "The answers disagree in a way no rule explains: \(why). xcheck does not guess.",
            advice: ["Run the check again in a few minutes; the vantages' own lines show what each one found."]
        )
    }
}

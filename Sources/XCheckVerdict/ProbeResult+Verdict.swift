import XCheckModel

extension ProbeResult {
    /// True when a server answered in HTTP (or in plain text where TLS was expected) with something that is
    /// not a usable Xtream login answer: a block page, an error status, a CDN error, the wrong scheme.
    var hasHTTPAnswer: Bool {
        switch self.outcome {
        case .notXtream, .schemeMismatch, .cdnOriginError, .rateLimited, .cdnChallenge:
            return true
        case .httpError:
            return self.httpStatus != nil
        default:
            return false
        }
    }

    /// The blocking type this failure has when other networks get through.
    var blockingType: BlockingType {
        self.hasHTTPAnswer ? .httpDiff : FailureLayer(of: self).blockingType
    }

    /// "connection_timeout at connect", "http_error (HTTP 502) at http".
    var outcomeDescription: String {
        var text = self.outcome.rawValue
        if let status = self.httpStatus, !self.outcome.isHealthy { text += " (HTTP \(status))" }
        if let stage = self.stage { text += " at \(stage.rawValue)" }
        return text
    }

    /// The resolved addresses, normalised for comparison (lower case, no brackets).
    var addressSet: Set<String> {
        var set = Set<String>()
        for address in self.resolvedAddresses {
            var text = address.lowercased()
            if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
            if !text.isEmpty { set.insert(text) }
        }
        return set
    }
}

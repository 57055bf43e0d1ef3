import XCheckModel

extension VerdictEngine {
    /// Judges every counted failure against the other networks as its control (OONI Web Connectivity):
    ///
    /// - When a vantage in another network reached the panel, the failure is blocking. Its type is `dns` when
    ///   the failing vantage resolved the name to addresses sharing none with those the reaching vantages
    ///   resolved, otherwise the type of the layer it failed at (`dns`, `tcp_ip`, `http_failure`) or
    ///   `http_diff` for an HTTP answer that is not the panel's.
    /// - When nobody in another network reached the panel, the failure is still blocking if a vantage in
    ///   another network got past the failing layer while talking to the same addresses (for example others
    ///   resolve the name and then time out, where this one gets NXDOMAIN).
    /// - Otherwise it is a shared failure: no blocking type.
    ///
    /// A `target_forbidden` vantage whose resolved addresses share none with the reaching vantages' is
    /// counted as DNS blocking: its resolver pointed it at a private address.
    static func classifyBlocking(_ assessments: inout [VantageAssessment]) {
        let snapshot = assessments
        for index in assessments.indices {
            let subject = snapshot[index]
            let isForbidden = subject.standing == .unusable && subject.effective.outcome == .targetForbidden
            guard subject.standing == .failed || isForbidden else { continue }

            let references = snapshot.filter { $0.isUsable && $0.reachedPanel && $0.network != subject.network }
            if !references.isEmpty {
                let referenceAddresses = references.reduce(into: Set<String>()) { $0.formUnion($1.addresses) }
                if !subject.addresses.isEmpty, !referenceAddresses.isEmpty,
                    subject.addresses.isDisjoint(with: referenceAddresses)
                {
                    assessments[index].blocking = .dns
                    assessments[index].standing = .failed
                    if isForbidden {
                        // Counted after all: the private address is the DNS answer of this network.
                        assessments[index].notes.removeAll()
                    }
                    assessments[index].notes.append(
                        "Resolved \(Self.addressList(subject.addresses)), sharing no address with the networks that reach the panel (\(Self.addressList(referenceAddresses))): the answer of this network's DNS is wrong."
                    )
                } else if subject.standing == .failed {
                    assessments[index].blocking = subject.effective.blockingType
                }
                continue
            }
            guard subject.standing == .failed else { continue }
            let layer = subject.layer
            let controls = snapshot.filter { control in
                control.isUsable && control.network != subject.network && control.passes(layer)
                    && (layer == .dns || subject.addresses.isEmpty || control.addresses.isEmpty
                        || !subject.addresses.isDisjoint(with: control.addresses))
            }
            if !controls.isEmpty {
                assessments[index].blocking = subject.effective.blockingType
            }
        }
    }

    /// Up to three addresses, sorted, for a sentence.
    static func addressList(_ addresses: Set<String>) -> String {
        let sorted = addresses.sorted()
        let shown = sorted.prefix(3).joined(separator: ", ")
        return sorted.count > 3 ? "\(shown) and \(sorted.count - 3) more" : shown
    }
}

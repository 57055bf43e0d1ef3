/// A line's effective state at request time, with XC v2's precedence: Banned > Disabled > Expired/Active.
enum LineState: Hashable {
    case active
    case expired
    case banned
    case disabled

    init(account: SimulatorConfiguration.Account, now: Int64) {
        switch account.status {
        case .banned: self = .banned
        case .disabled: self = .disabled
        case .expired: self = .expired
        case .active:
            if let expiry = account.expiry(now: now), expiry <= now {
                self = .expired
            } else {
                self = .active
            }
        }
    }

    /// The `user_info.status` spelling.
    var statusText: String {
        switch self {
        case .active: "Active"
        case .expired: "Expired"
        case .banned: "Banned"
        case .disabled: "Disabled"
        }
    }
}

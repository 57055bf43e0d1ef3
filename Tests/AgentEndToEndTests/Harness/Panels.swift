import PanelSimulator

/// Simulated panels on loopback addresses of their own (`127.0.<group>.<n>`): the agents' politeness gate
/// allows one check at a time per host, so spreading jobs over hosts lets them run at once.
enum Panels {
    /// The lines every panel knows, all active, with the test password.
    static let usernames = ["u0", "u1", "u2", "u3", "u4"]
    static var accounts: [SimulatorConfiguration.Account] {
        Self.usernames.map {
            SimulatorConfiguration.Account(username: $0, password: E2E.password, expiresIn: 86_400 * 30, maxConnections: 0)
        }
    }

    /// Starts `count` panels on 127.0.`group`.1 … 127.0.`group`.`count`, each on a free port.
    static func start(
        _ count: Int, group: Int, mode: SimulatorConfiguration.Mode = .normal
    ) async throws -> [PanelSimulator] {
        var panels: [PanelSimulator] = []
        do {
            for index in 1...count {
                panels.append(try await PanelSimulator.start(SimulatorConfiguration(
                    mode: mode, accounts: Self.accounts, host: "127.0.\(group).\(index)")))
            }
        } catch {
            await self.stop(panels)
            throw error
        }
        return panels
    }

    static func stop(_ panels: [PanelSimulator]) async {
        for panel in panels { try? await panel.shutdown() }
    }

    /// Requests the panels received, all together.
    static func requests(_ panels: [PanelSimulator]) -> Int {
        panels.reduce(0) { $0 + $1.stats.totalRequests }
    }
}

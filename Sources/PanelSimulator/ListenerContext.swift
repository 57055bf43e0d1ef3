/// What every connection on one listener shares: the mode, the panel logic and the counters.
struct ListenerContext: Sendable {
    let mode: SimulatorConfiguration.Mode
    let responder: PanelResponder
    let stats: StatsRecorder
}

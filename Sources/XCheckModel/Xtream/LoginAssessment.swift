/// How xcheck judged one `player_api.php` answer: the outcome, the stage it belongs to, the panel
/// family, what the panel said about the account and server, and one plain sentence saying why.
public struct LoginAssessment: Sendable, Hashable {
    /// The verdict.
    public var outcome: Outcome
    /// ``Stage/http`` for answers about the HTTP layer or a CDN, ``Stage/login`` for answers about the account.
    public var stage: Stage
    /// The panel family, as far as the answer (or an earlier one) shows it.
    public var panel: PanelFamily
    /// The account, when the panel sent a login answer for it.
    public var account: AccountInfo?
    /// The panel's `server_info`, when it sent one.
    public var server: ServerInfo?
    /// One plain sentence explaining the decision. Never contains the password.
    public var detail: String

    public init(
        outcome: Outcome,
        stage: Stage,
        panel: PanelFamily,
        account: AccountInfo? = nil,
        server: ServerInfo? = nil,
        detail: String
    ) {
        self.outcome = outcome
        self.stage = stage
        self.panel = panel
        self.account = account
        self.server = server
        self.detail = detail
    }
}

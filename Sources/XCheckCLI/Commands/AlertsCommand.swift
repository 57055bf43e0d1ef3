import ArgumentParser
import XCheckModel
import XCheckProtocol

extension XCheck {
    /// `xcheck alerts add|list|rm|log`: alerts on verdict changes (docs/alerts.md). Every call needs an admin
    /// token. A webhook URL or bot token is a secret: never printed, only its redacted form.
    struct AlertsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alerts", abstract: "Manage alerts on verdict changes of monitored targets (webhook, Telegram, Discord).",
            subcommands: [Add.self, List.self, Remove.self, Log.self])

        struct AlertList: Codable { var alerts: [AlertDocument] }
        struct DeliveryList: Codable { var deliveries: [AlertDeliveryDocument] }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add an alert (needs an admin token).",
                discussion: """
                    webhook: POSTs the JSON event to --url (add --sign for an X-XCheck-Signature header).
                    discord: posts a message to the Discord webhook --url.
                    telegram: sends a message through the bot (--bot-token or --bot-token-stdin) to --chat.
                    The URL and the bot token are secrets: prefer --url-stdin / --bot-token-stdin (an argument is \
                    visible in the process list).
                    """)
            @Argument(help: ArgumentHelp("webhook, discord or telegram.", valueName: "kind")) var kind: String
            @Option(help: "The webhook URL (webhook, discord).") var url: String?
            @Flag(help: "Read the webhook URL from the first line of standard input.") var urlStdin = false
            @Option(help: "The Telegram bot token.") var botToken: String?
            @Flag(help: "Read the Telegram bot token from the first line of standard input.") var botTokenStdin = false
            @Option(help: "The Telegram chat id (a number or @channelname).") var chat: String?
            @Option(help: "Only this target's changes (default: every target).") var target: Int64?
            @Option(help: "A name for lists.") var name: String?
            @Flag(help: "webhook: sign every POST; the secret is printed once.") var sign = false
            @OptionGroup var coordinator: CoordinatorOptions
            @Flag(help: "Print JSON.") var json = false

            func validate() throws {
                guard let kind = AlertKind(rawValue: self.kind) else { throw ValidationError("the kind must be webhook, discord or telegram") }
                guard !(self.url != nil && self.urlStdin) else { throw ValidationError("give the URL either with --url or with --url-stdin, not both") }
                guard !(self.botToken != nil && self.botTokenStdin) else {
                    throw ValidationError("give the bot token either with --bot-token or with --bot-token-stdin, not both")
                }
                switch kind {
                case .webhook, .discord:
                    guard self.url != nil || self.urlStdin else { throw ValidationError("a \(kind.rawValue) alert needs --url or --url-stdin") }
                    guard self.botToken == nil, !self.botTokenStdin, self.chat == nil else {
                        throw ValidationError("--bot-token and --chat are for telegram alerts")
                    }
                case .telegram:
                    guard self.botToken != nil || self.botTokenStdin else { throw ValidationError("a telegram alert needs --bot-token or --bot-token-stdin") }
                    guard self.chat != nil else { throw ValidationError("a telegram alert needs --chat") }
                    guard self.url == nil, !self.urlStdin else { throw ValidationError("--url is for webhook and discord alerts") }
                }
                guard !self.sign || kind == .webhook else { throw ValidationError("--sign is for webhook alerts") }
            }

            func run() async throws {
                let kind = AlertKind(rawValue: self.kind) ?? .webhook
                var url = self.url
                var token = self.botToken
                if self.urlStdin || self.botTokenStdin {
                    guard let line = Terminal.readLine()?.trimmingSpaces(), !line.isEmpty else {
                        Terminal.printError("xcheck: \(self.urlStdin ? "--url-stdin" : "--bot-token-stdin"): standard input is empty")
                        throw ExitStatus(code: ExitStatus.badInput)
                    }
                    if self.urlStdin { url = line } else { token = line }
                }
                let body = AlertRequest(
                    kind: kind, name: self.name, targetID: self.target, url: url, botToken: token, chatID: self.chat,
                    sign: self.sign ? true : nil)
                let created = try await RemoteCommand.with(self.coordinator) { try await $0.post("/v1/alerts", body, as: AlertDocument.self) }
                if self.json {
                    print(try JSONOutput.encode(created))
                    return
                }
                print("alert \(created.id) added: \(created.kind.rawValue) to \(created.destination), \(Self.scope(created.targetID))")
                if let secret = created.signingSecret {
                    print("signing secret (shown once; verify X-XCheck-Signature with it): \(secret)")
                }
            }

            static func scope(_ target: Int64?) -> String {
                target.map { "for target \($0)" } ?? "for every target"
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List alerts (needs an admin token).")
            @OptionGroup var coordinator: CoordinatorOptions
            @Flag(help: "Print JSON.") var json = false

            func run() async throws {
                let list = try await RemoteCommand.with(self.coordinator) { try await $0.get("/v1/alerts", as: AlertList.self) }
                if self.json {
                    print(try JSONOutput.encode(list))
                    return
                }
                let rows = list.alerts.map { a in
                    ["\(a.id)", a.name, a.kind.rawValue, a.destination, a.targetID.map { "\($0)" } ?? "all", a.signed ? "yes" : "no"]
                }
                print(VerdictFormatter.table(["ID", "NAME", "KIND", "DESTINATION", "TARGET", "SIGNED"], rows), terminator: "")
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove an alert (needs an admin token).")
            @Argument(help: "The alert's id.") var id: Int64
            @OptionGroup var coordinator: CoordinatorOptions

            func run() async throws {
                try await RemoteCommand.with(self.coordinator) { try await $0.delete("/v1/alerts/\(self.id)") }
                print("alert \(self.id) removed")
            }
        }

        struct Log: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a target's alert deliveries, newest first (needs an admin token).")
            @Argument(help: "The target's id.") var target: Int64
            @Option(help: "At most this many deliveries.") var limit: Int = 50
            @OptionGroup var coordinator: CoordinatorOptions
            @Flag(help: "Print JSON.") var json = false

            func validate() throws {
                guard (1...1000).contains(self.limit) else { throw ValidationError("--limit must be 1 to 1000") }
            }

            func run() async throws {
                let list = try await RemoteCommand.with(self.coordinator) {
                    try await $0.get("/v1/targets/\(self.target)/deliveries?limit=\(self.limit)", as: DeliveryList.self)
                }
                if self.json {
                    print(try JSONOutput.encode(list))
                    return
                }
                let rows = list.deliveries.map { d in
                    [CivilDateText.dateTime(d.createdAt), d.alertName ?? "-", "\(d.event.before.verdict.rawValue) → \(d.event.after.verdict.rawValue)",
                     d.state.rawValue, "\(d.attempts)", d.lastStatus.map { "\($0)" } ?? "-", d.lastError ?? ""]
                }
                print(VerdictFormatter.table(["TIME", "ALERT", "CHANGE", "STATE", "ATTEMPTS", "STATUS", "LAST ERROR"], rows), terminator: "")
            }
        }
    }
}

import ArgumentParser
import CoordinatorCore
import Foundation

extension XCheckCoordinator {
    /// `tokens add|list|revoke`: API users' tokens.
    struct Tokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make, list and revoke API tokens.",
            subcommands: [Add.self, List.self, Revoke.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make a token; prints it once, alone on the last line.")
            @Option(help: "A unique name for the token's holder.") var name: String
            @Option(help: "read, check or admin.") var scope: String = "check"
            @OptionGroup var database: DatabaseOptions

            func validate() throws {
                try Labels.check(self.name, "--name")
                guard Scope(rawValue: self.scope) != nil else { throw ValidationError("--scope is read, check or admin") }
            }

            func run() async throws {
                let scope = Scope(rawValue: self.scope) ?? .check
                let token = try await AdminSession.with(self.database) { try await $0.tokens.add(name: self.name, scope: scope) }
                print("token \(self.name) with scope \(scope.rawValue) (shown only now):")
                print(token.text)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let tokens = try await AdminSession.with(self.database) { try await $0.tokens.list() }
                print("NAME                 SCOPE    STATE")
                for token in tokens {
                    print("\(Labels.pad(token.name, 20)) \(Labels.pad(token.scope.rawValue, 8)) \(token.revokedAt == nil ? "active" : "revoked")")
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token.")
            @Option(help: "The token's name.") var name: String
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let done = try await AdminSession.with(self.database) { try await $0.tokens.revoke(name: self.name) }
                guard done else { throw ValidationError("no active token named '\(self.name)'") }
                print("token \(self.name) revoked")
            }
        }
    }
}

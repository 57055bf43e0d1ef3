import Foundation
import Testing
import XCheckTestSupport

/// The files under deploy/agent: the systemd unit, the install script, the Dockerfile, and the binary's
/// behaviour on bad configuration.
@Suite("Deploy")
struct DeployTests {
    static let deployDirectory = "\(TestEnvironment.packageRoot)/deploy/agent"
    static let agentBinary = "\(TestEnvironment.binDirectory)/xcheck-agent"

    static func read(_ name: String) throws -> String {
        try String(contentsOfFile: "\(Self.deployDirectory)/\(name)", encoding: .utf8)
    }

    @Test(
        "systemd-analyze verify accepts the unit",
        .enabled(if: ToolRunner.find("systemd-analyze") != nil, "systemd-analyze is not installed: skipped")
    )
    func unitVerifies() async throws {
        // verify checks that ExecStart exists: point it at the built binary in a copy of the unit.
        let unit = try Self.read("xcheck-agent.service")
        #expect(unit.contains("ExecStart=/usr/local/bin/xcheck-agent"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xcheck-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("xcheck-agent.service")
        try unit.replacingOccurrences(of: "/usr/local/bin/xcheck-agent", with: Self.agentBinary)
            .write(to: copy, atomically: true, encoding: .utf8)
        let result = try await ToolRunner.run(ToolRunner.find("systemd-analyze")!, ["verify", copy.path])
        #expect(result.status == 0, "\(result)")
        #expect(!result.output.contains("xcheck-agent.service:"), "no warning about the unit: \(result.output)")
    }

    @Test("the unit has the hardening and the shutdown settings")
    func unitSettings() throws {
        let unit = try Self.read("xcheck-agent.service")
        let lines = Set(unit.split(separator: "\n").map(String.init))
        for required in [
            "DynamicUser=yes", "StateDirectory=xcheck-agent", "ProtectSystem=strict", "ProtectHome=yes",
            "NoNewPrivileges=yes", "PrivateTmp=yes", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK",
            "CapabilityBoundingSet=", "SystemCallFilter=@system-service", "EnvironmentFile=/etc/xcheck/agent.conf",
            "KillSignal=SIGTERM", "Restart=on-failure", "RestartPreventExitStatus=78",
        ] {
            #expect(lines.contains(required), "missing \(required)")
        }
        let stop = lines.first { $0.hasPrefix("TimeoutStopSec=") }.flatMap { Int($0.dropFirst("TimeoutStopSec=".count)) }
        #expect((stop ?? 0) > 20 + 5, "TimeoutStopSec covers the 20 s shutdown deadline and the 5 s flush")
    }

    @Test(
        "shellcheck finds nothing in install.sh",
        .enabled(if: ToolRunner.find("shellcheck") != nil, "shellcheck is not installed: skipped")
    )
    func installScriptLints() async throws {
        let result = try await ToolRunner.run(ToolRunner.find("shellcheck")!, ["\(Self.deployDirectory)/install.sh"])
        #expect(result.status == 0, "\(result)")
    }

    @Test("install.sh is strict, refuses to run without root, and writes the config with mode 0600")
    func installScriptShape() throws {
        let script = try Self.read("install.sh")
        #expect(script.hasPrefix("#!/usr/bin/env bash"))
        #expect(script.contains("set -euo pipefail"))
        #expect(script.contains("\"$(id -u)\" -ne 0"))
        #expect(script.contains("chmod 0600"))
        #expect(script.contains("libcurl4"))
        #expect(script.contains("systemctl restart xcheck-agent.service"))
    }

    @Test("the Dockerfile builds with swift and runs on bookworm-slim with libcurl4 only")
    func dockerfile() throws {
        let dockerfile = try Self.read("Dockerfile")
        let stages = dockerfile.split(separator: "\n").filter { $0.hasPrefix("FROM ") }
        #expect(stages.count == 2)
        #expect(stages.first?.hasPrefix("FROM swift:6") == true)
        #expect(stages.last == "FROM debian:bookworm-slim")
        let runtime = dockerfile.components(separatedBy: "FROM debian:bookworm-slim").last ?? ""
        #expect(runtime.contains("libcurl4 ca-certificates"))
        #expect(!runtime.contains("-dev"))
        #expect(dockerfile.contains("STOPSIGNAL SIGTERM"))
    }

    @Test("bad configuration: exit 78, a clear message, and never the token")
    func binaryConfigurationErrors() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.agentBinary) else {
            Issue.record("no binary at \(Self.agentBinary); run `swift build --build-tests` first")
            return
        }
        let secret = "xca_Binary-Token-Never-Printed"
        let missing = try await ToolRunner.run(Self.agentBinary, ["--token", secret])
        #expect(missing.status == 78)
        #expect(missing.output.contains("the coordinator URL is missing"))
        #expect(!missing.output.contains(secret))

        let bad = try await ToolRunner.run(
            Self.agentBinary, ["--max-concurrency", "many"],
            environment: ["XCHECK_COORDINATOR": "https://c.example", "XCHECK_AGENT_TOKEN": secret]
        )
        #expect(bad.status == 78)
        #expect(bad.output.contains("--max-concurrency: 'many' is not a whole number"))
        #expect(!bad.output.contains(secret))

        let help = try await ToolRunner.run(Self.agentBinary, ["--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("--allow-private-targets"))
        #expect(help.output.contains("XCHECK_AGENT_TOKEN"))
    }

    @Test("SIGTERM stops the agent gracefully with exit 0, and a locked spool is refused")
    func binarySignal() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.agentBinary) else {
            Issue.record("no binary at \(Self.agentBinary)")
            return
        }
        let closed = LoopbackSockets.closedPort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xcheck-sig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = Self.agentBinary
        let status: Int32 = try await OffPool.run {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["--spool-dir", directory.path, "--log-level", "error"]
            process.environment = ["XCHECK_COORDINATOR": "http://127.0.0.1:\(closed)", "XCHECK_AGENT_TOKEN": "t"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(1_500_000)
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return process.terminationReason == .exit ? process.terminationStatus : -1
        }
        #expect(status == 0)
    }
}

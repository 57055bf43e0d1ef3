// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 mode, explicit `any`, and imports that are internal unless a
/// file says `public import` (so C modules never leak into public API).
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "xcheck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "xcheck", targets: ["XCheckCLI"]),
        .executable(name: "xcheck-panel-sim", targets: ["PanelSimulatorTool"]),
        .executable(name: "xcheck-bench", targets: ["XCheckBench"]),
        .executable(name: "xcheck-coordinator-bench", targets: ["XCheckCoordinatorBench"]),
        .executable(name: "xcheck-coordinator", targets: ["XCheckCoordinator"]),
        .executable(name: "xcheck-agent", targets: ["XCheckAgent"]),
        .library(name: "XCheckModel", targets: ["XCheckModel"]),
        .library(name: "XCheckProbe", targets: ["XCheckProbe"]),
        .library(name: "Curl", targets: ["Curl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // C libraries, imported only by their Swift wrappers.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        // libcurl's multi interface behind one driver thread and an async API.
        .target(name: "Curl", dependencies: ["CCurl"], swiftSettings: swiftSettings),

        // PostgreSQL through libpq: connections, a pool on threads it owns, LISTEN/NOTIFY, migrations.
        .target(name: "LibPQ", dependencies: ["CLibPQ"], swiftSettings: swiftSettings),

        // Pure logic and value types: input parsing, outcome taxonomy, Xtream decoding. No I/O.
        .target(name: "XCheckModel", swiftSettings: swiftSettings),

        // The verdict engine: cross-references every vantage's result into one answer. Pure, no I/O.
        .target(name: "XCheckVerdict", dependencies: ["XCheckModel"], swiftSettings: swiftSettings),

        // The wire protocol between agents, the coordinator and the CLI (JSON over HTTP).
        .target(name: "XCheckProtocol", dependencies: ["XCheckModel", "XCheckVerdict"], swiftSettings: swiftSettings),

        // The probe engine: DNS, TCP, TLS, HTTP and Xtream login stages on libcurl, with politeness rules.
        .target(
            name: "XCheckProbe",
            dependencies: ["Curl", "XCheckModel"],
            swiftSettings: swiftSettings
        ),

        // The `xcheck` command-line tool.
        .executableTarget(
            name: "XCheckCLI",
            dependencies: [
                "XCheckModel",
                "XCheckProbe",
                "XCheckProtocol",
                "XCheckVerdict",
                "Curl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // The probe benchmark (deploy/dev/bench-probe.sh runs it beside curl).
        .executableTarget(
            name: "XCheckBench",
            dependencies: [
                "XCheckModel",
                "XCheckProbe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // The coordinator benchmark (deploy/dev/bench-coordinator.sh runs it against a throwaway PostgreSQL).
        .executableTarget(
            name: "XCheckCoordinatorBench",
            dependencies: [
                "Curl",
                "XCheckModel",
                "XCheckProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // The coordinator's logic: HTTP API, agent protocol, storage, scheduling.
        .target(
            name: "CoordinatorCore",
            dependencies: [
                "XCheckModel",
                "XCheckProtocol",
                "XCheckVerdict",
                "LibPQ",
                "Curl",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // The agent's logic: configuration, coordinator client, spool, SSRF guard, work loop, metrics.
        .target(
            name: "AgentCore",
            dependencies: [
                "XCheckProbe",
                "XCheckProtocol",
                "XCheckModel",
                "Curl",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // The `xcheck-agent` daemon: argument parsing and wiring only.
        .executableTarget(
            name: "XCheckAgent",
            dependencies: [
                "AgentCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Agents/XCheckAgent",
            swiftSettings: swiftSettings
        ),

        // The coordinator executable, with its SQL migrations as resources.
        .executableTarget(
            name: "XCheckCoordinator",
            dependencies: [
                "CoordinatorCore",
                "LibPQ",
                "EmbeddedPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Coordinator/XCheckCoordinator",
            resources: [.copy("Migrations")],
            swiftSettings: swiftSettings
        ),

        // Runs a private PostgreSQL cluster from the machine's binaries (the coordinator's embedded default).
        .target(
            name: "EmbeddedPostgres",
            dependencies: [
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Test and demo support: an Xtream panel simulator. Never linked into the probe path.
        .target(
            name: "PanelSimulator",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PanelSimulatorTool",
            dependencies: [
                "PanelSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // Helpers shared by the test targets (loopback sockets, fixtures, the isolation flag).
        .target(
            name: "XCheckTestSupport", dependencies: [.product(name: "Logging", package: "swift-log")], path: "Tests/XCheckTestSupport",
            swiftSettings: swiftSettings),

        .testTarget(
            name: "CoordinatorCoreTests",
            dependencies: ["CoordinatorCore", "XCheckModel", "XCheckProtocol", "XCheckVerdict", "XCheckTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        .testTarget(name: "XCheckVerdictTests", dependencies: ["XCheckVerdict", "XCheckModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EmbeddedPostgresTests",
            dependencies: [
                "EmbeddedPostgres",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LibPQTests", dependencies: ["LibPQ", "XCheckTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "XCheckModelTests", dependencies: ["XCheckModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CurlTests",
            dependencies: ["Curl", "PanelSimulator", "XCheckTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "XCheckProbeTests",
            dependencies: ["XCheckProbe", "XCheckModel", "PanelSimulator", "XCheckTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PanelSimulatorTests",
            dependencies: ["PanelSimulator", "XCheckTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AgentCoreTests",
            dependencies: ["AgentCore", "PanelSimulator", "XCheckTestSupport"],
            swiftSettings: swiftSettings
        ),
        // The agent against the real coordinator and PostgreSQL (enabled by XCHECK_TEST_DATABASE_URL).
        .testTarget(
            name: "AgentEndToEndTests",
            dependencies: [
                "AgentCore", "XCheckProtocol", "XCheckModel", "Curl", "PanelSimulator", "XCheckTestSupport", "LibPQ",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "XCheckCLITests",
            dependencies: ["XCheckModel", "PanelSimulator", "XCheckTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CheckCommandTests",
            dependencies: ["XCheckModel", "XCheckProtocol", "XCheckVerdict", "PanelSimulator", "XCheckTestSupport", "LibPQ"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CoordinatorTests",
            dependencies: [
                "CoordinatorCore", "LibPQ", "XCheckProtocol", "XCheckModel", "Curl", "XCheckTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "kaizen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kaizen", targets: ["kaizen"]),
        .library(name: "KaizenCore", targets: ["KaizenCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Core values: JSON, personas, lifecycle, trajectory events. No dependencies.
        .target(name: "KaizenCore", swiftSettings: strict),
        // YAML documents with source locations, for precise config and policy errors.
        .target(name: "KaizenYAML", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: strict),
        // The SQLite store: migrations, journal, metrics, llm_calls, audit log, trajectories, documents.
        .target(
            name: "KaizenStore",
            dependencies: ["KaizenCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // OpenAI-compatible HTTP client over URLSession (libcurl on Linux).
        .target(
            name: "KaizenLLM",
            dependencies: ["KaizenCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Policies/: budgets, approval rules, guardrails, launch criteria.
        .target(name: "KaizenPolicy", dependencies: ["KaizenCore", "KaizenYAML"], swiftSettings: strict),
        // Workspaces: kaizen.yaml, the bundled default Prompts/ Policies/ scripts/, secrets.
        .target(
            name: "KaizenWorkspace",
            dependencies: ["KaizenCore", "KaizenYAML", "KaizenPolicy", "KaizenLLM", "KaizenStore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict,
            plugins: ["EmbedDefaults"]),
        // The commands; the executable only calls into this.
        .target(
            name: "KaizenCLI",
            dependencies: [
                "KaizenCore", "KaizenStore", "KaizenLLM", "KaizenPolicy", "KaizenWorkspace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(name: "kaizen", dependencies: ["KaizenCLI"], swiftSettings: strict),

        // Build-time embedding of the top-level Prompts/, Policies/ and scripts/ folders.
        .executableTarget(name: "EmbedTool", path: "Plugins/EmbedTool", swiftSettings: strict),
        .plugin(name: "EmbedDefaults", capability: .buildTool(), dependencies: ["EmbedTool"]),

        // A scripted OpenAI-compatible server on real loopback sockets: a test double for
        // unit tests and the client-overhead benchmark only.
        .target(name: "ScriptedLLMServer", dependencies: ["KaizenCore"], path: "Tests/Support/ScriptedLLMServer", swiftSettings: strict),
        .executableTarget(
            name: "kaizen-bench",
            dependencies: ["KaizenCore", "KaizenStore", "KaizenLLM", "ScriptedLLMServer"],
            path: "Benchmarks/Sources/kaizen-bench",
            swiftSettings: strict),

        .testTarget(name: "KaizenCoreTests", dependencies: ["KaizenCore"], swiftSettings: strict),
        .testTarget(name: "KaizenYAMLTests", dependencies: ["KaizenYAML"], swiftSettings: strict),
        .testTarget(name: "KaizenStoreTests", dependencies: ["KaizenStore", "KaizenCore", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "KaizenLLMTests", dependencies: ["KaizenLLM", "KaizenCore", "KaizenStore", "ScriptedLLMServer"], swiftSettings: strict),
        .testTarget(name: "KaizenPolicyTests", dependencies: ["KaizenPolicy"], swiftSettings: strict),
        .testTarget(name: "KaizenWorkspaceTests", dependencies: ["KaizenWorkspace", "KaizenLLM"], swiftSettings: strict),
        // Runs the built `kaizen` executable, so it depends on it.
        .testTarget(name: "KaizenCLITests", dependencies: ["kaizen", "KaizenCore", "ScriptedLLMServer"], swiftSettings: strict),
    ]
)

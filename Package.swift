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
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
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
        // libcurl's easy interface (Debian: libcurl4-openssl-dev).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // OpenAI-compatible HTTP client over libcurl.
        .target(
            name: "KaizenLLM",
            dependencies: ["KaizenCore", "CCurl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Policies/: budgets, approval rules, guardrails, launch criteria.
        .target(name: "KaizenPolicy", dependencies: ["KaizenCore", "KaizenYAML"], swiftSettings: strict),
        // Workspaces: kaizen.yaml, the bundled default Prompts/ Policies/ scripts/, secrets.
        .target(
            name: "KaizenWorkspace",
            dependencies: ["KaizenCore", "KaizenYAML", "KaizenPolicy", "KaizenSearchSpace", "KaizenLLM", "KaizenStore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict,
            plugins: ["EmbedDefaults"]),
        // The search space (Policies/search-space.yaml): which fields a persona may change, and how.
        .target(name: "KaizenSearchSpace", dependencies: ["KaizenCore", "KaizenYAML"], swiftSettings: strict),
        // OpenBLAS's CBLAS (Debian: libopenblas-dev) for matrix products.
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        // Neural-network math for the built-in ranking model: layers, losses, optimizers.
        .target(name: "KaizenNN", dependencies: ["KaizenCore", "COpenBLAS"], swiftSettings: strict),
        // The built-in world: a seeded simulation of a recommendation service.
        .target(name: "KaizenWorld", dependencies: ["KaizenCore"], swiftSettings: strict),
        // Running untrusted programs: time and memory limits, no network, cleared environment.
        .target(name: "KaizenSandbox", dependencies: ["KaizenCore", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        // Trainers: train(config) -> proxy metrics. Built in (Swift) and command (any program).
        .target(
            name: "KaizenTrainer",
            dependencies: ["KaizenCore", "KaizenSearchSpace", "KaizenNN", "KaizenWorld", "KaizenSandbox", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Classical proposers over the search space (random, evolutionary) and distances in it.
        .target(name: "KaizenProposers", dependencies: ["KaizenCore", "KaizenSearchSpace"], swiftSettings: strict),
        // Evidence for the agents: the knowledge base (Knowledge/ notes, experiment cards) and
        // the Retriever protocol; BM25 over the store's FTS5 index is the first implementation.
        .target(name: "KaizenRetriever", dependencies: ["KaizenCore", "KaizenStore", "KaizenEncoder", "KaizenLRAT", "COpenBLAS"], swiftSettings: strict),
        // The offline agent: prompts, proposals, validation, de-duplication, training pipeline.
        .target(
            name: "KaizenAgent",
            dependencies: [
                "KaizenCode",
                "KaizenCore", "KaizenStore", "KaizenLLM", "KaizenPolicy", "KaizenSearchSpace", "KaizenProposers",
                "KaizenRetriever", "KaizenTrainer", "KaizenStats",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // Statistics for online decisions: Welch's t-test, a mixture SPRT with its confidence
        // sequence, binomial intervals, rank correlations. No dependencies.
        .target(name: "KaizenStats", swiftSettings: strict),
        // The online agent: selection, approvals, live experiments (built-in world or a command
        // adapter), guardrails, launch decisions, rollback.
        .target(
            name: "KaizenOnline",
            dependencies: [
                "KaizenCore", "KaizenStore", "KaizenPolicy", "KaizenStats", "KaizenSandbox", "KaizenTrainer", "KaizenWorld",
                "KaizenAgent", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // `kaizen run`: the unattended loop over the offline and online agents.
        .target(
            name: "KaizenLoop",
            dependencies: ["KaizenCore", "KaizenStore", "KaizenAgent", "KaizenOnline", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Observability for `kaizen run`: the loop's progress as swift-metrics gauges and
        // counters, served in Prometheus's text format on `/metrics` (Hummingbird).
        .target(
            name: "KaizenMonitor",
            dependencies: [
                "KaizenCore", "KaizenLoop",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // `kaizen report`: a self-contained HTML page with SVG charts.
        .target(name: "KaizenReport", dependencies: ["KaizenCore", "KaizenStore", "KaizenAgent"], swiftSettings: strict),
        // Review and approval: the queue, a candidate's full review, decisions with staleness
        // checks, reviewer tokens (SHA-256 via swift-crypto).
        .target(
            name: "KaizenReview",
            dependencies: ["KaizenCore", "KaizenStore", "KaizenAgent", "KaizenPolicy", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // `kaizen serve`: the review web page and JSON API (Hummingbird), with token login,
        // roles, CSRF-protected forms and a restrictive Content-Security-Policy.
        .target(
            name: "KaizenReviewServer",
            dependencies: [
                "KaizenCore", "KaizenStore", "KaizenReview", "KaizenReport", "KaizenPolicy", "KaizenAgent",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // LRAT: learning to retrieve from agent trajectories. Mining (browse after search is a
        // positive, unbrowsed results negatives), reasoning judges, weights.
        .target(
            name: "KaizenLRAT",
            dependencies: ["KaizenCore", "KaizenLLM", .product(name: "Mustache", package: "swift-mustache"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Architectures as code: pulling a model's source out of a reply, the `class Net` and
        // whitespace-free SHA-256 checks, the sandboxed compile.
        .target(name: "KaizenCode", dependencies: ["KaizenCore", "KaizenSandbox", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // A native sentence encoder: all-MiniLM-L6-v2 (BERT, WordPiece, mean pooling, L2
        // normalization) from its safetensors, with matrix products in OpenBLAS.
        .target(name: "KaizenEncoder", dependencies: ["KaizenCore", "COpenBLAS"], swiftSettings: strict),
        // The commands; the executable only calls into this.
        .target(
            name: "KaizenCLI",
            dependencies: [
                "KaizenCore", "KaizenStore", "KaizenLLM", "KaizenPolicy", "KaizenWorkspace", "KaizenSearchSpace",
                "KaizenWorld", "KaizenTrainer", "KaizenSandbox", "KaizenAgent", "KaizenRetriever", "KaizenProposers", "KaizenOnline", "KaizenStats", "KaizenLoop", "KaizenReport", "KaizenMonitor",
                "KaizenReview", "KaizenReviewServer", "KaizenLRAT", "KaizenEncoder",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
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
        // A store with a review queue in it, for the review tests (library, server, browser).
        .target(
            name: "ReviewFixtures", dependencies: ["KaizenCore", "KaizenStore", "KaizenAgent"], path: "Tests/Support/ReviewFixtures",
            swiftSettings: strict),
        .executableTarget(
            name: "kaizen-bench",
            dependencies: ["KaizenCore", "KaizenStore", "KaizenLLM", "ScriptedLLMServer", "KaizenTrainer", "KaizenWorld", "KaizenNN", "KaizenSandbox", "KaizenAgent", "KaizenProposers", "KaizenRetriever", "KaizenSearchSpace", "KaizenPolicy", "KaizenWorkspace", "KaizenOnline", "KaizenStats", "KaizenLoop", "KaizenEncoder", "KaizenCode"],
            path: "Benchmarks/Sources/kaizen-bench",
            swiftSettings: strict),

        .testTarget(name: "KaizenCoreTests", dependencies: ["KaizenCore"], swiftSettings: strict),
        .testTarget(name: "KaizenYAMLTests", dependencies: ["KaizenYAML"], swiftSettings: strict),
        .testTarget(name: "KaizenStoreTests", dependencies: ["KaizenStore", "KaizenCore", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "KaizenLLMTests", dependencies: ["KaizenLLM", "KaizenCore", "KaizenStore", "ScriptedLLMServer"], swiftSettings: strict),
        .testTarget(name: "KaizenPolicyTests", dependencies: ["KaizenPolicy"], swiftSettings: strict),
        .testTarget(name: "KaizenWorkspaceTests", dependencies: ["KaizenWorkspace", "KaizenLLM"], swiftSettings: strict),
        // Runs the built `kaizen` executable, so it depends on it.
        .testTarget(name: "KaizenSearchSpaceTests", dependencies: ["KaizenSearchSpace", "KaizenCore", "KaizenYAML"], swiftSettings: strict),
        .testTarget(name: "KaizenNNTests", dependencies: ["KaizenNN"], swiftSettings: strict),
        .testTarget(name: "KaizenWorldTests", dependencies: ["KaizenWorld", "KaizenCore"], swiftSettings: strict),
        .testTarget(name: "KaizenSandboxTests", dependencies: ["KaizenSandbox", "ScriptedLLMServer"], swiftSettings: strict),
        .testTarget(name: "KaizenTrainerTests", dependencies: ["KaizenTrainer", "KaizenCore", "KaizenWorld", "KaizenNN", "ScriptedLLMServer"], swiftSettings: strict),
        .testTarget(name: "KaizenProposersTests", dependencies: ["KaizenProposers", "KaizenSearchSpace", "KaizenCore"], swiftSettings: strict),
        .testTarget(name: "KaizenRetrieverTests", dependencies: ["KaizenRetriever", "KaizenStore", "KaizenCore", "KaizenLRAT"], swiftSettings: strict),
        .testTarget(
            name: "KaizenAgentTests",
            dependencies: ["KaizenAgent", "KaizenCore", "KaizenStore", "KaizenLLM", "KaizenPolicy", "KaizenSearchSpace", "KaizenProposers", "KaizenRetriever", "KaizenTrainer", "KaizenWorld", "KaizenNN", "ScriptedLLMServer"],
            swiftSettings: strict),
        .testTarget(name: "KaizenStatsTests", dependencies: ["KaizenStats"], swiftSettings: strict),
        .testTarget(
            name: "KaizenOnlineTests",
            dependencies: ["KaizenOnline", "KaizenStats", "KaizenCore", "KaizenStore", "KaizenPolicy", "KaizenWorld", "KaizenTrainer", "KaizenAgent"],
            swiftSettings: strict),
        .testTarget(
            name: "KaizenMonitorTests",
            dependencies: ["KaizenMonitor", "KaizenLoop", "KaizenCore", .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus")],
            swiftSettings: strict),
        .testTarget(name: "KaizenLoopTests", dependencies: ["KaizenLoop", "KaizenCore", "KaizenStore", "KaizenAgent", "KaizenOnline", "KaizenPolicy", "KaizenSearchSpace", "KaizenTrainer"], swiftSettings: strict),
        // Reference/ holds the sentence-transformers vectors and the script that made them;
        // the tests read them by path.
        .testTarget(name: "KaizenEncoderTests", dependencies: ["KaizenEncoder", "KaizenCore"], exclude: ["Reference"], swiftSettings: strict),
        .testTarget(name: "KaizenCodeTests", dependencies: ["KaizenCode"], swiftSettings: strict),
        .testTarget(name: "KaizenLRATTests", dependencies: ["KaizenLRAT", "KaizenCore", "KaizenLLM", "ScriptedLLMServer"], swiftSettings: strict),
        .testTarget(name: "KaizenReviewTests", dependencies: ["KaizenReview", "KaizenCore", "KaizenStore", "KaizenPolicy", "ReviewFixtures"], swiftSettings: strict),
        .testTarget(
            name: "KaizenReviewServerTests",
            dependencies: ["KaizenReviewServer", "KaizenReview", "KaizenCore", "KaizenStore", "KaizenPolicy", "ReviewFixtures"],
            swiftSettings: strict),
        .testTarget(name: "KaizenCLITests", dependencies: ["kaizen", "KaizenCore", "KaizenStore", "KaizenAgent", "ScriptedLLMServer", "ReviewFixtures"], swiftSettings: strict),
    ]
)

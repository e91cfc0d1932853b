import Foundation
import KaizenAgent
import KaizenCore
import KaizenLLM
import KaizenRetriever
import KaizenStore
import KaizenTrainer
import KaizenWorld

/// Search efficiency at an equal budget of trained candidates: random search, the
/// evolutionary proposer, the LLM alone and the LLM shown the evolutionary proposer's state
/// (hybrid), each over several seeds on a built-in world.
///
/// Each method proposes in persona rounds of 8 (optimizer, architecture, reward, ...) until
/// `budget` candidates are trained. What a method "reaches" is what the online loop would
/// find: the top 3 candidates per persona by their proxy metric go to (simulated) A/B tests,
/// and the best of those nine by the oracle north star (14-day satisfied watch time served
/// by the trained model) is what the method reached. "offline pick" is the oracle of the
/// single best-proxy candidate, what offline selection alone would ship.
/// Figures are relative improvements over the random-sampled average (the oracle of the
/// random method's candidates), as in "NAS evaluation is frustratingly hard".
enum SearchBench {
    struct Outcome {
        var method: String
        var seed: UInt64
        var reached: Double
        var offlinePick: Double
        var trained: Int
        var proposals: Int
        var seconds: Double
        var sampledOracles: [Double]
    }

    /// Prints a line at once: a long run written to a file shows each figure as it comes.
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    static func run() async throws {
        let seeds = Int(Repository.option("seeds", "5")) ?? 5
        let firstSeed = UInt64(Repository.option("first-seed", "1")) ?? 1
        let budget = Int(Repository.option("budget", "40")) ?? 40
        let methods = Repository.option("methods", "random,evolutionary,hybrid,llm").split(separator: ",").compactMap { ProposerKind(rawValue: String($0)) }
        let worldConfig = WorldConfig(
            seed: 42, users: Int(Repository.option("users", "3000"))!, items: Int(Repository.option("items", "800"))!,
            impressions: Int(Repository.option("impressions", "60000"))!)
        let world = World(config: worldConfig)
        let production = try Repository.production()
        let trainer = BuiltinTrainer(world: world)
        let productionOracle = try await oracle(of: production, world: world, trainer: trainer)
        say("search.world     users \(worldConfig.users), items \(worldConfig.items), impressions \(worldConfig.impressions); production oracle \(Bench.fmt(productionOracle, 1)); budget \(budget) trained candidates; seeds \(seeds)")
        var outcomes: [Outcome] = []
        for method in methods {
            for seed in firstSeed..<(firstSeed + UInt64(seeds)) {
                let outcome = try await search(method: method, seed: seed, budget: budget, world: world, trainer: trainer, production: production)
                outcomes.append(outcome)
                say("search.run       \(method.rawValue) seed \(seed): reached \(Bench.fmt(outcome.reached, 1)), offline pick \(Bench.fmt(outcome.offlinePick, 1)) (\(outcome.trained) trained of \(outcome.proposals) proposals, \(Bench.fmt(outcome.seconds, 0)) s)"
                    + (outcome.sampledOracles.isEmpty ? "" : "; random-sampled oracles \(outcome.sampledOracles.map { Bench.fmt($0, 1) }.joined(separator: " "))"))
            }
        }
        let sampled = outcomes.flatMap(\.sampledOracles)
        guard !sampled.isEmpty else { say("search: run the random method too; it defines the baseline"); return }
        let randomMean = sampled.reduce(0, +) / Double(sampled.count)
        say("search.baseline  random-sampled average oracle \(Bench.fmt(randomMean, 1)) over \(sampled.count) random candidates; production \(Bench.fmt(productionOracle, 1))")
        for method in methods {
            let ri = outcomes.filter { $0.method == method.rawValue }.map { 100 * ($0.reached - randomMean) / randomMean }
            let mean = ri.reduce(0, +) / Double(ri.count)
            let sd = (ri.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(1, ri.count - 1))).squareRoot()
            let picks = outcomes.filter { $0.method == method.rawValue }.map { 100 * ($0.offlinePick - randomMean) / randomMean }
            say("search.result    \(method.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) RI \(Bench.fmt(mean, 1))% ± \(Bench.fmt(sd, 1)) (min \(Bench.fmt(ri.min() ?? 0, 1)), max \(Bench.fmt(ri.max() ?? 0, 1)); per seed \(ri.map { Bench.fmt($0, 1) }.joined(separator: ", "))); offline pick RI \(Bench.fmt(picks.reduce(0, +) / Double(max(1, picks.count)), 1))%")
        }
    }

    static func search(method: ProposerKind, seed: UInt64, budget: Int, world: World, trainer: BuiltinTrainer, production: JSONValue) async throws -> Outcome {
        let started = ContinuousClock.now
        let store = try Store.inMemory()
        _ = try KnowledgeBase.sync(store: store, knowledgeDirectory: Repository.knowledge)
        var settings = AgentSettings()
        settings.proposer = method
        // Each method its own random stream, so random and evolutionary (which starts with
        // random samples) do not draw the same first candidates.
        let methodSeed = seed &* 1_000 &+ UInt64(ProposerKind.allCases.firstIndex(of: method) ?? 0)
        settings.seed = Int(methodSeed)
        var policy = try Repository.policy()
        policy.budgets.llmTokensPerRound = nil
        policy.budgets.trainingJobsPerRound = nil
        if policy.budgets.price(for: Repository.llmModel) == nil {
            policy.budgets.prices.append(.init(model: Repository.llmModel, promptPer1K: 0, completionPer1K: 0))
        }
        let client = method.usesLLM
            ? LLMClient(endpoint: LLMEndpoint(baseURL: Repository.llmURL, model: Repository.llmModel, requestTimeout: .seconds(300), maxRetries: 1), recorder: store)
            : nil
        let agent = OfflineAgent(
            store: store, space: try Repository.space(), policy: policy, production: production,
            prompts: try Repository.prompts(), llm: client, retriever: BM25Retriever(store: store), settings: settings, seed: methodSeed)
        let pool = TrainingPool(store: store, trainer: trainer, gate: nil, workers: 2, seed: 1)
        var proposals = 0
        var round = 0
        func trainable() throws -> Int {
            try store.candidates().filter { $0.proposer != JournalSnapshot.baselineProposer && [.queued, .training, .scored, .failed].contains($0.state) }.count
        }
        while try trainable() < budget, proposals < budget * 3 {
            let persona = Persona.allCases[round % Persona.allCases.count]
            round += 1
            let report = try await agent.round(persona: persona, count: min(8, budget - (try trainable())), pool: pool)
            proposals += report.outcomes.count
        }
        await pool.drain()
        let journal = try JournalSnapshot.load(store: store, persona: nil, productionFingerprint: Fingerprint.ofConfig(production))
        var reached = 0.0
        var offlinePick = 0.0
        for persona in Persona.allCases {
            let top = journal.entries.filter { $0.candidate.persona == persona && $0.candidate.state == .scored }
                .compactMap { entry in entry.score.map { (entry, $0) } }.sorted { $0.1 > $1.1 }.prefix(3)
            for (rank, (entry, _)) in top.enumerated() {
                guard let config = entry.candidate.config else { continue }
                let value = try await oracle(of: config, world: world, trainer: trainer)
                reached = max(reached, value)
                if rank == 0 { offlinePick = max(offlinePick, value) }
            }
        }
        var sampled: [Double] = []
        if method == .random {
            // The random-sampled average: the oracle of the first 8 random candidates.
            for entry in journal.entries.filter({ $0.candidate.state == .scored }).sorted(by: { $0.candidate.createdAt < $1.candidate.createdAt }).prefix(8) {
                if let config = entry.candidate.config { sampled.append(try await oracle(of: config, world: world, trainer: trainer)) }
            }
        }
        return Outcome(
            method: method.rawValue, seed: seed, reached: reached, offlinePick: offlinePick, trained: try trainable(), proposals: proposals,
            seconds: (ContinuousClock.now - started).seconds, sampledOracles: sampled)
    }

    static func oracle(of config: JSONValue, world: World, trainer: BuiltinTrainer) async throws -> Double {
        let (_, ranker) = try await trainer.trainModel(TrainingJob(candidateID: "oracle", config: config, seed: 1))
        return world.oracleValue(of: ranker)
    }
}

import Foundation
import KaizenCore
import KaizenLLM
import KaizenStore
import ScriptedLLMServer
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// Prints figures for Benchmarks/RESULTS.md.
// Usage: kaizen-bench [store|llm|tension|trainer|dedup|all] | proposals [--count N] | search [--seeds N] [--budget N] [--methods a,b]
//        | loop [--repeats N] [--cycles N] [--count N] [--online-steps N] [--settings LLMms:TRAINms,...] [--util-cycles N] [--workers N] [--world U:I:N] [--verbose]
//        | encoder [--documents N] [--batch B] [--threads T] [--rounds R] [--python PATH]
//        | retrieval-latency [--documents N] [--queries Q] [--limit K] [--snippets true|false]
//        | codecheck [--files DIR] [--count 1000] [--python python3] | query-encoding [--rounds R]
//        | online [--aa N] [--power-seeds N] [--traffic F] [--seed S] [--users N --items N --impressions N] [--configs all|none|a,b]
let which = CommandLine.arguments.dropFirst().first ?? "all"
print("kaizen-bench  commit \(Bench.commit())  \(Bench.machine())")
if which == "store" || which == "all" { try StoreBench.run() }
if which == "llm" || which == "all" { try await LLMBench.run() }
if which == "tension" || which == "all" { try await TensionBench.run() }
if which == "trainer" || which == "all" { try await TrainerBench.run() }
if which == "dedup" || which == "all" { DedupBench.run() }
if which == "proposals" { try await ProposalBench.run() }
if which == "search" { try await SearchBench.run() }
if which == "online" { try await OnlineBench.run() }
if which == "loop" { try await LoopBench.run() }
if which == "encoder" { try EncoderBench.run() }
if which == "retrieval-latency" { try await RetrievalLatencyBench.run() }
if which == "codecheck" { try CodeCheckBench.run() }
if which == "query-encoding" { try QueryEncodingBench.run() }

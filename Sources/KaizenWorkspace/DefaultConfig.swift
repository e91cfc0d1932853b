/// The `kaizen.yaml` that `kaizen init` writes: every key, its default, and what it does.
/// `WorkspaceConfig.parse` reads exactly these keys; a test keeps the two in step.
enum DefaultConfig {
    static let yaml = """
        # Kaizen workspace configuration. Every key is optional; the value shown is the default.
        # Secrets never go in this file: name an environment variable instead (llm.api_key_env).

        llm:
          # Base URL of an OpenAI-compatible API, including /v1, e.g.
          #   http://127.0.0.1:8000/v1 (vLLM), http://127.0.0.1:11434/v1 (Ollama),
          #   http://127.0.0.1:8080/v1 (llama.cpp's llama-server), https://api.openai.com/v1.
          # Empty: the embedded local server (`kaizen llm local start`), Gemma 3 270M.
          endpoint: ""
          # Model name sent with each request. Empty: the local server's model, gemma-3-270m.
          model: ""
          # Name of the environment variable that holds the API key (e.g. OPENAI_API_KEY).
          # Empty: no key is sent. The key itself is never written to a file, log or the store.
          api_key_env: ""
          # chat: /v1/chat/completions; completion: /v1/completions (base models take
          # few-shot text better).
          mode: chat
          # Seconds allowed to open the TCP connection to the server.
          connect_timeout_s: 5
          # Seconds allowed for one whole request.
          request_timeout_s: 120
          # Retries after a failed attempt (connection errors, timeouts, 408, 409, 429, 5xx),
          # with exponential backoff and jitter, honouring Retry-After.
          max_retries: 4
          # Requests in flight at once against this server.
          max_in_flight: 2
          # The embedded local server.
          local:
            # Port on 127.0.0.1.
            port: 8089

        # The offline agent.
        agent:
          # Who proposes candidates: hybrid (the LLM, shown the evolutionary proposer's
          # state; the evolutionary proposer fills in when the LLM is down), llm,
          # evolutionary or random (no LLM at all).
          proposer: hybrid
          # Worked examples (past proposals with their results) per prompt, 0 to 6.
          examples: 3
          # Journal entries shown per prompt, best first (failures and candidates that lost
          # online are added after them).
          top_k: 10
          # Knowledge-base hits the agent fetches per round (BM25 over Knowledge/ and the journal).
          evidence_results: 5
          # How many of those hits it opens and reads before proposing.
          evidence_opened: 2
          # Write post-reading reasoning before proposing (one extra LLM call per round).
          reasoning: true
          # Each proposal must change a field the agent picks (least-tried first), enforced by
          # the JSON schema. Keeps a small model from repeating one favourite change; set false
          # to leave a strong model free.
          focus: true
          # Sampling temperature of proposals.
          temperature: 0.9
          # Token limit of one proposal reply.
          max_tokens: 600

        # The online agent: live A/B experiments (launch criteria, guardrails, approval rules
        # and budgets are in Policies/).
        online:
          # Where experiments run. world: the built-in simulated world. command: your own
          # experimentation platform behind three commands (see the README's contract).
          environment: world
          # Candidates taken live per online step, over all personas, best offline gain first.
          top_k: 2
          # At most this many of them from one persona.
          top_k_per_persona: 1
          # Share of users in each experiment's treatment arm; as many again form its control.
          traffic_fraction: 0.05
          # Overrides launch.test of Policies/launch.yaml (sequential or welch) when set.
          test: null
          # Seeds user assignment and noise of experiments in the built-in world.
          seed: 7
          # Simulated days that pass per online step (built-in world).
          days_per_step: 1
          # For environment: command, each call's program and arguments (JSON on stdin and stdout).
          command:
            # Starts an experiment; replies {"handle": ...}. Must be idempotent per experiment id.
            start: []
            # Reports the days after after_day and the closed north-star cohorts.
            poll: []
            # Stops the experiment; its output is ignored.
            stop: []
            # Wall-clock limit of one call, in seconds.
            timeout_s: 120
            # The only environment variables the commands get; add your platform's token
            # variable here. An entry ending in * allows every name with that prefix.
            env_allow: [PATH, HOME, LANG, LC_ALL, TMPDIR, PYTHONPATH, VIRTUAL_ENV]

        # The built-in world: a seeded simulation of a video-recommendation service.
        world:
          # Same seed, same world, on any machine.
          seed: 42
          # Simulated users.
          users: 20000
          # Simulated items (videos).
          items: 5000
          # Logged impressions, split by day into train and validation.
          impressions: 500000

        trainer:
          # builtin: the Swift ranking model on the built-in world. command: any program
          # (JSON in, JSON out; see the README's command trainer contract).
          kind: builtin
          # For kind: command, the program and its arguments, run in a fresh folder.
          command: []
          # Wall-clock limit of one training job, in seconds; the whole process group is killed.
          timeout_s: 1800
          # Memory limit of one command training job, in MiB.
          memory_mb: 4096
          # Environment variables passed to a command trainer; all others are removed.
          env_allow: [PATH, HOME, LANG, LC_ALL, TMPDIR, PYTHONPATH, VIRTUAL_ENV]
          # Training jobs at once; 0 means one per core. They run while the agent proposes.
          workers: 0
          # Queued jobs before the agent waits for training to catch up.
          queue: 8

        store:
          # The SQLite store, relative to the workspace.
          path: .kaizen/kaizen.sqlite

        # Folders, relative to the workspace.
        paths:
          # Prompt templates (copied from the bundled defaults by `kaizen init`).
          prompts: Prompts
          # Policy files: budgets, approval rules, guardrails, launch criteria, de-duplication.
          policies: Policies
          # Notes the agents search before proposing (.md and .txt).
          knowledge: Knowledge

        review:
          # `kaizen serve`: the address of the review page and JSON API. Another address than
          # loopback needs at least one token.
          host: 127.0.0.1
          # Its port; 0 picks a free one.
          port: 8080
          # Reviewers, besides KAIZEN_REVIEW_TOKENS (name:role:token, comma-separated). Give each
          # token as its SHA-256 (`printf %s TOKEN | sha256sum`) or as token_env, the variable
          # holding it, e.g. [{name: dana, role: approver, token_env: DANA_REVIEW_TOKEN}].
          tokens: []

        logging:
          # trace, debug, info, notice, warning, error or critical.
          level: info

        # Architectures as code (`kaizen init --example vision` writes a full example): with
        # this section the architecture persona writes whole PyTorch `Net` classes instead of
        # config deltas, and the command trainer trains each one. Keys:
        #   dataset: digits        the trainer's training.dataset
        #   task: "..."            one sentence on what the models solve (required)
        #   input_shape: [1, 8, 8] channels, height, width (required)
        #   classes: 10
        #   metric: accuracy       the trainer's metric; higher is better
        #   examples: 3            supporting models per prompt, 1 to 6 (the study's n)
        #   reference: Models/cnn.py           the reference model's file (required)
        #   seeds: [Models/mlp.py, ...]        hand-written models trained first
        #   max_tokens: 1500       token limit of one reply
        # code:
        """
}

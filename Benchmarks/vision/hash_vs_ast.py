"""Duplicate detection for code candidates: a hash of the source against Python's `ast.dump`.

Kaizen's agent de-duplicates the `Net` classes an LLM writes. A hash of the source text is cheap
but misses a copy that differs only in layout (indentation, blank lines, spacing, comments); an
`ast.dump` comparison catches those, at the price of a Python parse. Neither catches renamed
variables. This file provides both halves of the benchmark's Python side:

  python3 hash_vs_ast.py generate OUT_DIR [--count 1000] [--seed 1]
      Writes OUT_DIR/net_0000.py ... (variations of Examples/vision/seeds: the MLP, the CNN and
      the residual net with other layer sizes, in several layouts and with renamed variables)
      and OUT_DIR/manifest.jsonl, one line per file in order:
        {"file": "net_0000.py", "architecture": "cnn-16-32-64", "names": 1, "layout": 5,
         "model": "cnn-16-32-64/names1"}
      Files with the same "model" have the same `ast.dump` (the generator checks it); files with
      the same "architecture" are the same network under other names; same "model" and
      "layout" means the same bytes.

  python3 hash_vs_ast.py check
      A long-lived helper: reads one file path per line on stdin and answers each with one JSON
      line on stdout (flushed at once):
        {"path": "...", "duplicate": true, "first": "<path seen first with this dump>",
         "read_us": 12.1, "parse_us": 180.4, "dump_us": 95.0, "lookup_us": 0.6, "check_us": 288.1}
      `check_us` is the whole check (read + parse + dump + set lookup) measured with
      time.perf_counter_ns; an unparsable file gets {"path": ..., "error": "...", "check_us": ...}.
      A line `#reset` forgets every dump seen. At end of input it prints
        {"summary": {"files": N, "duplicates": D, "errors": E, "mean_us": ..., "p50_us": ...,
         "p90_us": ..., "p99_us": ..., "max_us": ...}}

  python3 hash_vs_ast.py run OUT_DIR
      Runs the checker over the manifest's files in order, in this process, and compares it with
      SHA-256 of the raw bytes: how many files each method flags as a duplicate of an earlier
      one, against the manifest's truth. One JSON object on stdout.

Only the standard library; any Python 3.9+.
"""
import argparse
import ast
import hashlib
import json
import os
import random
import statistics
import sys
import time

# MARK: templates
#
# Canonical form: 4-space indentation, ", " between arguments, "=" without spaces in keyword
# arguments. Layout variants are applied afterwards to lines of code; {lp} and {rp} are optional
# redundant parentheses and {tc} an optional trailing comma (neither changes the AST).
# Docstring lines start with '"""' and are left alone.

MLP = '''"""Variation of the MLP seed."""
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, in_shape, num_classes):
        super().__init__()
        {c}, {h}, {w} = in_shape
        self.{body} = nn.Sequential(
            nn.Flatten(),
            nn.Linear({c} * {h} * {w}, {w1}),
            nn.ReLU(),
            nn.Linear({w1}, {w2}),
            nn.ReLU(),
            nn.Linear({w2}, num_classes){tc}
        )

    def forward(self, {x}):
        return {lp}self.{body}({x}){rp}
'''

CNN = '''"""Variation of the CNN seed."""
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, in_shape, num_classes):
        super().__init__()
        {c}, {h}, {w} = in_shape
        self.{body} = nn.Sequential(
            nn.Conv2d({c}, {c1}, kernel_size=3, padding=1),
            nn.BatchNorm2d({c1}),
            nn.ReLU(),
            nn.Conv2d({c1}, {c2}, kernel_size=3, padding=1),
            nn.BatchNorm2d({c2}),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.AdaptiveAvgPool2d((4, 4)){tc}
        )
        self.{head} = nn.Sequential(
            nn.Flatten(),
            nn.Linear({c2} * 4 * 4, {w1}),
            nn.ReLU(),
            nn.Linear({w1}, num_classes){tc}
        )

    def forward(self, {x}):
        {y} = self.{body}({x})
        return {lp}self.{head}({y}){rp}
'''

RESNET = '''"""Variation of the residual seed."""
import torch
from torch import nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, {cin}, {cout}, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d({cin}, {cout}, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d({cout})
        self.conv2 = nn.Conv2d({cout}, {cout}, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d({cout})
        self.{skip} = nn.Identity()
        if stride != 1 or {cin} != {cout}:
            self.{skip} = nn.Sequential(
                nn.Conv2d({cin}, {cout}, 1, stride=stride, bias=False),
                nn.BatchNorm2d({cout}){tc}
            )

    def forward(self, {x}):
        {y} = F.relu(self.bn1(self.conv1({x})))
        {y} = self.bn2(self.conv2({y}))
        return {lp}F.relu({y} + self.{skip}({x})){rp}


class Net(nn.Module):
    def __init__(self, in_shape, num_classes):
        super().__init__()
        {c}, {h}, {w} = in_shape
        self.stem = nn.Sequential(
            nn.Conv2d({c}, {c1}, 3, padding=1, bias=False),
            nn.BatchNorm2d({c1}),
            nn.ReLU(){tc}
        )
        self.{body} = nn.Sequential({blocks})
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.{head} = nn.Linear({c2}, num_classes)

    def forward(self, {x}):
        {x} = self.{body}(self.stem({x}))
        return {lp}self.{head}(torch.flatten(self.pool({x}), 1)){rp}
'''

NAMES = [
    {"c": "channels", "h": "height", "w": "width", "x": "x", "y": "out", "body": "features",
     "head": "classifier", "skip": "shortcut", "cin": "in_channels", "cout": "out_channels"},
    {"c": "c", "h": "h", "w": "w", "x": "inputs", "y": "hidden", "body": "layers",
     "head": "head", "skip": "projection", "cin": "cin", "cout": "cout"},
    {"c": "n_channels", "h": "n_rows", "w": "n_cols", "x": "images", "y": "z", "body": "trunk",
     "head": "fc", "skip": "residual", "cin": "inp", "cout": "oup"},
]

COMMENTS = ["# layer stack", "# TODO: try wider", "# keeps the shape", "# from the seed", "# logits"]


def architectures():
    """Every (kind, sizes, key) the generator draws from."""
    out = []
    for w1 in (32, 48, 64, 128, 256, 512):
        for w2 in (16, 32, 48, 64, 128, 256):
            out.append(("mlp", {"w1": w1, "w2": w2}, f"mlp-{w1}-{w2}"))
    for c1 in (8, 16, 24, 32):
        for c2 in (16, 32, 48, 64):
            for w1 in (32, 64, 96, 128):
                out.append(("cnn", {"c1": c1, "c2": c2, "w1": w1}, f"cnn-{c1}-{c2}-{w1}"))
    for c1 in (16, 24, 32, 48):
        for c2 in (32, 48, 64, 96):
            for depth in (1, 2, 3):
                out.append(("resnet", {"c1": c1, "c2": c2, "depth": depth}, f"resnet-{c1}-{c2}-{depth}"))
    return out


def render_canonical(kind, sizes, names, tc, lp, rp):
    fields = dict(NAMES[names])
    fields.update({k: str(v) for k, v in sizes.items()})
    fields.update({"tc": tc, "lp": lp, "rp": rp})
    if kind == "mlp":
        return MLP.format(**fields)
    if kind == "cnn":
        return CNN.format(**fields)
    blocks = [f"Block({sizes['c1']}, {sizes['c1']})"] * (sizes["depth"] - 1)
    blocks += [f"Block({sizes['c1']}, {sizes['c2']}, stride=2)"]
    fields["blocks"] = ", ".join(blocks)
    return RESNET.format(**fields)


def apply_layout(text, layout):
    """One of 16 layouts, each an AST-preserving rewrite of the canonical text."""
    rng = random.Random(layout * 7919)
    indent = ["    ", "  ", "\t", "   "][layout % 4]
    compact_commas = layout & 4 != 0      # "a,b" instead of "a, b"
    spaced_kwargs = layout & 8 != 0       # "padding = 1"
    comment_rate = [0.0, 0.15, 0.3, 0.0][(layout >> 1) % 4]
    trailing_spaces = layout % 3 == 2
    blank_scale = 1 + layout % 3          # 1, 2 or 3 blank lines where the canonical has 1 or 2
    lines = text.split("\n")
    out = []
    blank_run = 0
    for line in lines:
        if not line.strip():
            blank_run += 1
            continue
        if blank_run:
            out.extend([""] * (blank_run if blank_scale == 1 else min(4, blank_run + blank_scale - 1)))
            blank_run = 0
        stripped = line.lstrip(" ")
        level = (len(line) - len(stripped)) // 4
        body = stripped
        if not body.startswith('"""'):
            if compact_commas:
                body = body.replace(", ", ",")
            if spaced_kwargs:
                # keyword arguments only: "name=value" inside a call, never "==", "!=", "<=" ...
                pieces = []
                i = 0
                while i < len(body):
                    ch = body[i]
                    if ch == "=" and 0 < i < len(body) - 1 and body[i - 1] not in "=!<> " and body[i + 1] not in "= ":
                        pieces.append(" = ")
                    else:
                        pieces.append(ch)
                    i += 1
                body = "".join(pieces)
            if comment_rate and rng.random() < comment_rate:
                if rng.random() < 0.5:
                    out.append(indent * level + rng.choice(COMMENTS))
                else:
                    body = body + "  " + rng.choice(COMMENTS)
        if trailing_spaces and rng.random() < 0.3:
            body += " " * rng.randint(1, 3)
        out.append(indent * level + body)
    return "\n".join(out).rstrip("\n") + "\n"


def generate(out_dir, count, seed):
    rng = random.Random(seed)
    archs = architectures()
    os.makedirs(out_dir, exist_ok=True)
    dumps_by_model = {}
    manifest = []
    for i in range(count):
        # Popular architectures come back often, as an LLM's proposals do.
        kind, sizes, key = archs[min(int(rng.expovariate(1 / 25)), len(archs) - 1)] if rng.random() < 0.5 \
            else rng.choice(archs)
        names = rng.choice([0, 0, 0, 1, 2])
        layout = rng.randrange(16)
        # Optional trailing commas and redundant parentheses: same AST, other bytes.
        tc = "," if rng.random() < 0.5 else ""
        lp, rp = ("(", ")") if rng.random() < 0.3 else ("", "")
        text = apply_layout(render_canonical(kind, sizes, names, tc, lp, rp), layout)
        model = f"{key}/names{names}"
        dump = ast.dump(ast.parse(text))
        previous = dumps_by_model.setdefault(model, dump)
        if previous != dump:
            raise SystemExit(f"generator bug: layout {layout} changed the AST of {model}")
        name = f"net_{i:04d}.py"
        with open(os.path.join(out_dir, name), "w") as f:
            f.write(text)
        manifest.append({"file": name, "architecture": key, "names": names, "layout": layout,
                         "trailing_comma": bool(tc), "parentheses": bool(lp), "model": model})
    with open(os.path.join(out_dir, "manifest.jsonl"), "w") as f:
        for entry in manifest:
            f.write(json.dumps(entry) + "\n")
    distinct_dumps = len(set(dumps_by_model.values()))
    print(json.dumps({"files": count, "directory": os.path.abspath(out_dir), "architectures": len({m["architecture"] for m in manifest}),
                      "models": len(dumps_by_model), "distinct_dumps": distinct_dumps}))


# MARK: the checker


class Checker:
    def __init__(self):
        self.seen = {}

    def check(self, path):
        t0 = time.perf_counter_ns()
        try:
            with open(path, "rb") as f:
                source = f.read()
            t1 = time.perf_counter_ns()
            tree = ast.parse(source, filename=path)
            t2 = time.perf_counter_ns()
            dump = ast.dump(tree)
            t3 = time.perf_counter_ns()
            first = self.seen.get(dump)
            if first is None:
                self.seen[dump] = path
            t4 = time.perf_counter_ns()
        except (OSError, SyntaxError, ValueError) as error:
            return {"path": path, "error": f"{type(error).__name__}: {error}",
                    "check_us": (time.perf_counter_ns() - t0) / 1000}
        return {"path": path, "duplicate": first is not None, "first": first,
                "read_us": (t1 - t0) / 1000, "parse_us": (t2 - t1) / 1000, "dump_us": (t3 - t2) / 1000,
                "lookup_us": (t4 - t3) / 1000, "check_us": (t4 - t0) / 1000}


def summary(answers):
    times = sorted(a["check_us"] for a in answers)

    def pct(p):
        return times[min(len(times) - 1, int(p / 100 * len(times)))] if times else 0.0

    return {"files": len(answers), "duplicates": sum(1 for a in answers if a.get("duplicate")),
            "errors": sum(1 for a in answers if "error" in a),
            "mean_us": statistics.fmean(times) if times else 0.0, "p50_us": pct(50), "p90_us": pct(90),
            "p99_us": pct(99), "max_us": times[-1] if times else 0.0}


def serve():
    checker = Checker()
    answers = []
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        if path == "#reset":
            checker.seen.clear()
            print(json.dumps({"reset": True}), flush=True)
            continue
        answer = checker.check(path)
        answers.append(answer)
        print(json.dumps(answer), flush=True)
    print(json.dumps({"summary": summary(answers)}), flush=True)


def run(out_dir):
    with open(os.path.join(out_dir, "manifest.jsonl")) as f:
        manifest = [json.loads(line) for line in f if line.strip()]
    checker = Checker()
    answers, sha_seen, sha_dups, sha_us = [], set(), 0, []
    truth_model, truth_arch = set(), set()
    true_model_dups = true_arch_dups = 0
    for entry in manifest:
        path = os.path.join(out_dir, entry["file"])
        answers.append(checker.check(path))
        t0 = time.perf_counter_ns()
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).digest()
        sha_us.append((time.perf_counter_ns() - t0) / 1000)
        if digest in sha_seen:
            sha_dups += 1
        sha_seen.add(digest)
        true_model_dups += entry["model"] in truth_model
        true_arch_dups += entry["architecture"] in truth_arch
        truth_model.add(entry["model"])
        truth_arch.add(entry["architecture"])
    print(json.dumps({
        "python": sys.version.split()[0],
        "ast": summary(answers),
        "sha256": {"duplicates": sha_dups, "mean_us": statistics.fmean(sha_us) if sha_us else 0.0},
        "truth": {"same_ast_as_an_earlier_file": true_model_dups, "same_architecture_as_an_earlier_file": true_arch_dups},
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write the variations and manifest.jsonl")
    g.add_argument("out_dir")
    g.add_argument("--count", type=int, default=1000)
    g.add_argument("--seed", type=int, default=1)
    sub.add_parser("check", help="answer file paths on stdin, one JSON line each")
    r = sub.add_parser("run", help="check a generated folder and compare with SHA-256")
    r.add_argument("out_dir")
    args = parser.parse_args()
    if args.command == "generate":
        generate(args.out_dir, args.count, args.seed)
    elif args.command == "check":
        serve()
    else:
        run(args.out_dir)


if __name__ == "__main__":
    main()

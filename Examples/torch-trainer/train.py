"""The built-in world's ranking model in PyTorch, behind Kaizen's command-trainer protocol.

Kaizen runs this in a fresh folder with:
  KAIZEN_CONFIG   the candidate's config (JSON): architecture, optimizer, reward
  KAIZEN_DATA     a folder of the world's logs as raw little-endian arrays, with the
                  reward labels already computed for this config (see manifest.json)
  KAIZEN_METRICS  where to write the metrics (JSON); the last stdout line is the same object
  KAIZEN_SEED     the training seed

It mirrors the Swift model (Sources/KaizenNN): user and item embeddings concatenated with
dense features, a tower per side, then a dot product, an MLP over [u, i, u*i], or both.
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn


def load(data_dir):
    manifest = json.load(open(os.path.join(data_dir, "manifest.json")))

    def arr(name, dtype, shape=None):
        a = np.fromfile(os.path.join(data_dir, name), dtype=dtype)
        return a.reshape(shape) if shape else a

    d = {
        "manifest": manifest,
        "user_features": arr("user_features.f32", "<f4", (manifest["users"], manifest["user_feature_count"])),
        "item_features": arr("item_features.f32", "<f4", (manifest["items"], manifest["item_feature_count"])),
    }
    for split in ("train", "validation"):
        d[split] = {
            "users": arr(f"{split}_users.i32", "<i4").astype(np.int64),
            "items": arr(f"{split}_items.i32", "<i4").astype(np.int64),
            "labels": arr(f"{split}_labels.f32", "<f4"),
        }
    v = d["validation"]
    v["clicks"] = arr("validation_clicks.u8", "u1").astype(bool)
    v["gains"] = arr("validation_gains.f32", "<f4")
    v["groups"] = arr("validation_groups.i64", "<i8")
    v["ltv"] = arr("validation_ltv.f32", "<f4")
    return d


class GLU(nn.Module):
    def __init__(self, d_in, d_out, act):
        super().__init__()
        self.proj = nn.Linear(d_in, 2 * d_out)
        self.act = act

    def forward(self, x):
        value, gate = self.proj(x).chunk(2, dim=-1)
        return value * self.act(gate)


def activation_module(name):
    return {"relu": nn.ReLU(), "gelu": nn.GELU(), "silu": nn.SiLU(), "swiglu": nn.SiLU(), "geglu": nn.GELU()}[name]


def hidden(d_in, d_out, activation):
    # Like KaizenNN: He-normal before relu/gelu/silu, Xavier-uniform for GLU projections.
    if activation in ("swiglu", "geglu"):
        layer = GLU(d_in, d_out, activation_module(activation))
        nn.init.xavier_uniform_(layer.proj.weight)
        nn.init.zeros_(layer.proj.bias)
        return layer
    linear = nn.Linear(d_in, d_out)
    nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
    nn.init.zeros_(linear.bias)
    return nn.Sequential(linear, activation_module(activation))


def xavier_linear(d_in, d_out):
    linear = nn.Linear(d_in, d_out)
    nn.init.xavier_uniform_(linear.weight)
    nn.init.zeros_(linear.bias)
    return linear


class Tower(nn.Module):
    def __init__(self, d_in, arch):
        super().__init__()
        self.layers = nn.ModuleList()
        self.norms = nn.ModuleList()
        self.residual = []
        width = d_in
        for w in arch["tower"]:
            self.layers.append(hidden(width, w, arch["activation"]))
            self.norms.append(nn.LayerNorm(w) if arch["layer_norm"] else nn.Identity())
            self.residual.append(arch["residual"] and width == w)
            width = w
        self.drop = nn.Dropout(arch["dropout"])
        self.hourglass = None
        if arch["hourglass"]:
            narrow = max(1, width // 4)
            self.hourglass = nn.Sequential(hidden(width, narrow, arch["activation"]), xavier_linear(narrow, width))
        # Gated path: (W_v x + b_v) * sigmoid(W_g x + b_g).
        self.value = xavier_linear(width, width) if arch["gated"] else None
        self.gate = xavier_linear(width, width) if arch["gated"] else None
        self.out = xavier_linear(width, arch["tower"][-1])

    def forward(self, x):
        for layer, norm, res in zip(self.layers, self.norms, self.residual):
            y = self.drop(norm(layer(x)))
            x = x + y if res else y
        if self.hourglass is not None:
            x = x + self.hourglass(x)
        if self.gate is not None:
            x = self.value(x) * torch.sigmoid(self.gate(x))
        return self.out(x)


class Ranker(nn.Module):
    def __init__(self, arch, manifest):
        super().__init__()
        e = arch["embedding_dim"]
        # Sparse embeddings: like KaizenNN, only the rows a batch touches are updated.
        self.user_emb = nn.Embedding(manifest["users"], e, sparse=True)
        self.item_emb = nn.Embedding(manifest["items"], e, sparse=True)
        nn.init.normal_(self.user_emb.weight, std=0.05)
        nn.init.normal_(self.item_emb.weight, std=0.05)
        self.user_tower = Tower(e + manifest["user_feature_count"], arch)
        self.item_tower = Tower(e + manifest["item_feature_count"], arch)
        self.interaction = arch["interaction"]
        out = arch["tower"][-1]
        if self.interaction in ("concat", "both"):
            self.head = nn.Sequential(xavier_linear(3 * out, out), activation_module(arch["activation"]), xavier_linear(out, 1))
        else:
            self.bias = nn.Parameter(torch.zeros(()))

    def forward(self, users, items, user_dense, item_dense):
        u = self.user_tower(torch.cat([self.user_emb(users), user_dense], dim=1))
        i = self.item_tower(torch.cat([self.item_emb(items), item_dense], dim=1))
        logit = 0
        if self.interaction in ("dot", "both"):
            logit = logit + (u * i).sum(dim=1)
        if self.interaction == "dot":
            logit = logit + self.bias
        if self.interaction in ("concat", "both"):
            logit = logit + self.head(torch.cat([u, i, u * i], dim=1)).squeeze(1)
        return logit


class Optimizers:
    """The dense parameters' optimizer plus one for the sparse embedding rows (lazy updates,
    as KaizenNN does)."""

    def __init__(self, model, opt):
        name, lr, wd = opt["name"], opt["learning_rate"], opt["weight_decay"]
        embeddings = [model.user_emb.weight, model.item_emb.weight]
        dense = [p for p in model.parameters() if all(p is not e for e in embeddings)]
        if name == "sgd":
            self.dense = torch.optim.SGD(dense, lr=lr, momentum=opt["momentum"], weight_decay=wd)
            self.sparse = torch.optim.SGD(embeddings, lr=lr)
        elif name == "adagrad":
            self.dense = torch.optim.Adagrad(dense, lr=lr, weight_decay=wd)
            self.sparse = torch.optim.Adagrad(embeddings, lr=lr)
        elif name == "rmsprop":
            self.dense = torch.optim.RMSprop(dense, lr=lr, weight_decay=wd)
            self.sparse = torch.optim.SparseAdam(embeddings, lr=lr)
        elif name == "adam":
            self.dense = torch.optim.Adam(dense, lr=lr, weight_decay=wd)
            self.sparse = torch.optim.SparseAdam(embeddings, lr=lr)
        else:
            self.dense = torch.optim.AdamW(dense, lr=lr, weight_decay=wd)
            self.sparse = torch.optim.SparseAdam(embeddings, lr=lr)
        self.param_groups = self.dense.param_groups + self.sparse.param_groups

    def zero_grad(self):
        self.dense.zero_grad()
        self.sparse.zero_grad()

    def step(self):
        self.dense.step()
        self.sparse.step()


def optimizer_for(model, opt):
    return Optimizers(model, opt)


def lr_factor(schedule, step, total):
    # The same schedules as KaizenNN (step counted from 0, total steps T).
    if schedule == "cosine":
        return 0.5 * (1 + math.cos(math.pi * step / total))
    if schedule == "step":
        return 1.0 if step < total / 2 else (0.1 if step < 3 * total / 4 else 0.01)
    if schedule == "warmup_cosine":
        warm = max(1, total // 20)
        if step < warm:
            return (step + 1) / warm
        return 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm)))
    return 1.0


def auc(scores, labels):
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = labels.sum()
    neg = len(labels) - pos
    return float((ranks[labels].sum() - pos * (pos + 1) / 2) / (pos * neg)) if pos and neg else float("nan")


def ndcg10(scores, gains, groups):
    order = np.lexsort((-scores, groups))
    g, s, gn = groups[order], scores[order], gains[order]
    total, count, start = 0.0, 0, 0
    discounts = 1 / np.log2(np.arange(2, 12))
    while start < len(g):
        end = start
        while end < len(g) and g[end] == g[start]:
            end += 1
        group_gains = gn[start:end]
        ideal = np.sort(group_gains)[::-1][:10]
        idcg = (ideal * discounts[: len(ideal)]).sum()
        if idcg > 0:
            dcg = (group_gains[:10] * discounts[: min(10, end - start)]).sum()
            total += dcg / idcg
            count += 1
        start = end
    return total / max(1, count)


def main():
    start = time.time()
    config = json.load(open(os.environ["KAIZEN_CONFIG"]))
    data = load(os.environ["KAIZEN_DATA"])
    seed = int(os.environ.get("KAIZEN_SEED", "1"))
    torch.manual_seed(seed)
    np.random.seed(seed % (2**32))
    arch, opt = config["architecture"], config["optimizer"]
    model = Ranker(arch, data["manifest"])
    optim = optimizer_for(model, opt)
    uf = torch.from_numpy(data["user_features"])
    itf = torch.from_numpy(data["item_features"])
    tr = {k: torch.from_numpy(v) for k, v in data["train"].items()}
    va = {k: torch.from_numpy(v) for k, v in data["validation"].items() if k in ("users", "items", "labels")}
    n, bs, epochs = len(tr["users"]), opt["batch_size"], opt["epochs"]
    total_steps, step, curve = epochs * ((n + bs - 1) // bs), 0, []
    bce = nn.BCEWithLogitsLoss()
    train_seconds = 0.0

    def predict():
        model.eval()
        out = []
        with torch.no_grad():
            for b in range(0, len(va["users"]), 4096):
                u, i = va["users"][b:b + 4096], va["items"][b:b + 4096]
                out.append(model(u, i, uf[u], itf[i]))
        model.train()
        return torch.cat(out)

    for epoch in range(1, epochs + 1):
        t0 = time.time()
        perm = torch.randperm(n)
        loss_sum = 0.0
        for b in range(0, n, bs):
            idx = perm[b:b + bs]
            u, i, y = tr["users"][idx], tr["items"][idx], tr["labels"][idx]
            for group in optim.param_groups:
                group["lr"] = opt["learning_rate"] * lr_factor(opt["schedule"], step, total_steps)
            loss = bce(model(u, i, uf[u], itf[i]), y)
            optim.zero_grad()
            loss.backward()
            if opt.get("gradient_clip", 0) > 0:
                dense = [p for group in optim.dense.param_groups for p in group["params"]]
                nn.utils.clip_grad_norm_(dense, opt["gradient_clip"])
            optim.step()
            step += 1
            loss_sum += loss.item() * len(idx)
        train_seconds += time.time() - t0
        logits = predict()
        val_loss = bce(logits, va["labels"]).item()
        if not math.isfinite(val_loss):
            print(json.dumps({"metrics": {"val_logloss": "NaN"}}))
            return
        curve.append({"epoch": epoch, "train_loss": loss_sum / n, "validation_loss": val_loss})
        print(f"epoch {epoch}/{epochs} train_loss {loss_sum / n:.4f} val_logloss {val_loss:.4f}", file=sys.stderr)

    scores = predict().numpy()
    v = data["validation"]
    metrics = {
        "val_logloss": curve[-1]["validation_loss"],
        "auc": auc(scores, v["clicks"]),
        "ndcg@10": ndcg10(scores, v["gains"], v["groups"]),
        "train_examples_per_s": n * epochs / train_seconds,
    }
    try:
        from scipy.stats import kendalltau
        metrics["ltv_kendall_tau"] = float(kendalltau(scores, v["ltv"]).statistic)
    except ImportError:
        pass
    result = {
        "metrics": metrics,
        "curve": curve,
        "parameters": sum(p.numel() for p in model.parameters()),
        "wall_seconds": time.time() - start,
    }
    with open(os.environ["KAIZEN_METRICS"], "w") as f:
        json.dump(result, f)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

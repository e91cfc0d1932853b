"""Fine-tuning MiniLM itself with LRAT's weighted InfoNCE (prototype, PyTorch).

Chooses a configuration by 5-fold cross-validation over the training half's judged queries
(train on the other folds' trajectories, hybrid nDCG@10 on the held fold), then evaluates
the chosen one once on the held-out half with the ablation (naive -> + judge -> + weights),
over several seeds. Data folder: docs.jsonl, qrels.txt, queries-{train,test}.jsonl,
bm25.json (Kaizen's BM25 lists, `kaizen retriever search --json -k 100` per task query),
t1.jsonl / ext.jsonl (simulated trajectories), model/ (all-MiniLM-L6-v2, fp16 weights).

    python finetune.py DATA OUT [--smoke]
"""
import json, math, random, sys, time, os
import numpy as np, torch
from safetensors.torch import load_file
from transformers import BertConfig, BertModel, AutoTokenizer

DATA, OUT = sys.argv[1], sys.argv[2]
SMOKE = '--smoke' in sys.argv
dev = 'cuda' if torch.cuda.is_available() else 'cpu'
os.makedirs(OUT, exist_ok=True)
LOG = open(os.path.join(OUT, 'log.txt'), 'a')
def say(*a):
    s = ' '.join(str(x) for x in a); print(s, flush=True); LOG.write(s + '\n'); LOG.flush()

def load(f): return [json.loads(l) for l in open(os.path.join(DATA, f))]
docs = load('docs.jsonl')
if SMOKE: docs = docs[:200]
doc_ids = [d['id'] for d in docs]
def doc_text(d):
    t, x = d.get('title', ''), d['text']
    return x if not t or x.startswith(t) else t + '. ' + x
doc_texts = [doc_text(d) for d in docs]
didx = {d: i for i, d in enumerate(doc_ids)}
grades = {}
for l in open(os.path.join(DATA, 'qrels.txt')):
    q, _, d, g = l.split(); grades.setdefault(q, {})[d] = float(g)
train_q, test_q = load('queries-train.jsonl'), load('queries-test.jsonl')
qtext = {q['id']: q['text'] for q in train_q + test_q}
bm25 = json.load(open(os.path.join(DATA, 'bm25.json')))

def ndcg(ranking, g):
    dcg = sum(max(0, g.get(d, 0)) / math.log2(i + 2) for i, d in enumerate(ranking[:10]))
    ideal = sorted([v for v in g.values() if v > 0], reverse=True)[:10]
    idcg = sum(v / math.log2(i + 2) for i, v in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0
def evaluable(qs): return [q['id'] for q in qs if any(v >= 2 for v in grades.get(q['id'], {}).values())]
def fuse(lex, den, w, limit=100):
    def norm(l):
        if not l: return {}
        sc = [x[1] for x in l]; hi, lo = max(sc), min(sc); sp = hi - lo
        return {d: ((s - lo) / sp if sp > 0 else 1) for d, s in l}
    a, b = norm(lex), norm(den)
    f = {d: w * a.get(d, 0) + (1 - w) * b.get(d, 0) for d in set(a) | set(b)}
    return [d for d, _ in sorted(f.items(), key=lambda x: (-x[1], x[0]))][:limit]

tok = AutoTokenizer.from_pretrained(os.path.join(DATA, 'model'))
config = BertConfig.from_pretrained(os.path.join(DATA, 'model'))
BASE = {k: (v.float() if v.is_floating_point() else v) for k, v in load_file(os.path.join(DATA, 'model', 'model16.safetensors')).items()}
def fresh_model():
    m = BertModel(config, add_pooling_layer=False)
    missing, unexpected = m.load_state_dict(BASE, strict=False)
    assert not [k for k in missing if 'position_ids' not in k], missing
    return m.to(dev)

def embed(model, texts, grad=False, bs=256):
    out = []
    for s in range(0, len(texts), bs):
        t = tok(texts[s:s + bs], padding=True, truncation=True, max_length=256, return_tensors='pt').to(dev)
        with torch.autocast(dev, dtype=torch.bfloat16, enabled=dev == 'cuda'):
            h = model(**t).last_hidden_state
        m = t['attention_mask'].unsqueeze(-1).float()
        e = (h.float() * m).sum(1) / m.sum(1).clamp_min(1e-9)
        out.append(torch.nn.functional.normalize(e, dim=-1))
    return torch.cat(out)

def evaluate(model, qids):
    model.eval()
    with torch.no_grad():
        Dv = embed(model, doc_texts); Qv = embed(model, [qtext[q] for q in qids])
        S = (Qv @ Dv.T).cpu().numpy()
    hyb, den = [], []
    for i, q in enumerate(qids):
        top = np.argsort(-S[i], kind='stable')[:100]
        dl = [(doc_ids[j], float(S[i, j])) for j in top]
        hyb.append(ndcg(fuse(bm25[q], dl, 0.5), grades[q])); den.append(ndcg([d for d, _ in dl], grades[q]))
    return hyb, den

def mine(path, judge=True, weights=True):
    """Kaizen's miner: successful trajectories, browse after search = positive (if among its
    results), unbrowsed results (not read anywhere in the trajectory) = negatives, the rule
    judge drops a positive on 'not relevant', weights from the reasoning's token count."""
    by = {}
    for e in load(path): by.setdefault(e['trajectory'], []).append(e)
    pairs = []
    for tid, evs in by.items():
        evs.sort(key=lambda e: e['step'])
        outs = [e for e in evs if e['type'] == 'outcome']
        if not (outs and outs[-1].get('success')): continue
        qid = tid.split('-')[1][1:]
        browsed_all = {e['doc'] for e in evs if e['type'] == 'browse'}
        win = None; wins = []
        for i, e in enumerate(evs):
            if e['type'] == 'search':
                win = {'query': e['query'], 'results': [r['doc'] for r in sorted(e['results'], key=lambda r: r['rank'])], 'pos': [], 'browsed': set()}
                wins.append(win)
            elif e['type'] == 'browse' and win is not None and e['doc'] in win['results'] and e['doc'] not in win['browsed']:
                win['browsed'].add(e['doc'])
                nxt = evs[i + 1] if i + 1 < len(evs) else None
                r = (nxt['text'], nxt['tokens']) if nxt and nxt['type'] == 'reason' else (None, None)
                win['pos'].append((e['doc'],) + r)
        for w in wins:
            neg = [d for d in w['results'] if d not in browsed_all and d in didx]
            for d, text, ntok in w['pos']:
                if d not in didx: continue
                if judge and text is not None and 'not relevant' in text.lower(): continue
                pairs.append(dict(qid=qid, query=w['query'], pos=d, neg=neg, tokens=ntok))
    toks = sorted(p['tokens'] for p in pairs if p['tokens'] is not None)
    if weights and toks:
        n = len(toks); beta = toks[n // 2] if n % 2 else (toks[n // 2 - 1] + toks[n // 2]) / 2
        sc = lambda t: 1 - math.exp(-math.log(2) * t / beta)
        mu = np.mean([sc(t) for t in toks])
        for p in pairs: p['w'] = sc(p['tokens']) / mu if p['tokens'] is not None else 1
    else:
        for p in pairs: p['w'] = 1.0
    return pairs

def train(pairs, lr=2e-5, epochs=1, tau=0.02, bs=32, nneg=4, seed=7, freeze=0):
    torch.manual_seed(seed); rng = random.Random(seed)
    model = fresh_model(); model.train()
    for i, layer in enumerate(model.encoder.layer):
        if i < freeze:
            for p in layer.parameters(): p.requires_grad_(False)
    if freeze > 0:
        for p in model.embeddings.parameters(): p.requires_grad_(False)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(pairs) / bs); warm = max(1, steps // 10); k = 0
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (steps - s) / max(1, steps - warm)))
    order = list(range(len(pairs)))
    for ep in range(epochs):
        rng.shuffle(order)
        for s0 in range(0, len(order), bs):
            idx = order[s0:s0 + bs]; B = len(idx)
            q = embed(model, [pairs[i]['query'] for i in idx], bs=1024)
            p = embed(model, [doc_texts[didx[pairs[i]['pos']]] for i in idx], bs=1024)
            negs = [pairs[i]['neg'][:nneg] for i in idx]
            flat = [doc_texts[didx[d]] for n in negs for d in n]
            S = (q @ p.T) / tau
            qq = [pairs[i]['qid'] for i in idx]; pp = [pairs[i]['pos'] for i in idx]
            m = torch.tensor([[a != b and (qq[a] == qq[b] or pp[a] == pp[b]) for b in range(B)] for a in range(B)], device=dev)
            parts = [S.masked_fill(m, float('-inf'))]
            if flat:
                N = embed(model, flat, bs=1024)
                SN = torch.full((B, nneg), float('-inf'), device=dev); o = 0
                for r, n in enumerate(negs):
                    if n: SN[r, :len(n)] = (N[o:o + len(n)] @ q[r]) / tau
                    o += len(n)
                parts.append(SN)
            L = torch.cat(parts, 1)
            wt = torch.tensor([pairs[i]['w'] for i in idx], device=dev)
            loss = (wt * (torch.logsumexp(L, 1) - S.diagonal())).sum() / B
            opt.zero_grad(); loss.backward(); opt.step(); sched.step(); k += 1
    return model

def folds(ids, k=5, seed=0):
    ids = sorted(ids); r = random.Random(seed); r.shuffle(ids)
    return [ids[i::k] for i in range(k)]

results = {}
t0 = time.time()
tr, te = evaluable(train_q), evaluable(test_q)
if SMOKE: tr, te = tr[:10], te[:10]
base = fresh_model()
zs_tr, zs_tr_d = evaluate(base, tr); zs_te, zs_te_d = evaluate(base, te)
say(f'zero-shot train-half hybrid {np.mean(zs_tr):.4f} dense {np.mean(zs_tr_d):.4f}; held-out hybrid {np.mean(zs_te):.4f} dense {np.mean(zs_te_d):.4f} ({time.time()-t0:.0f}s)')
results['zero_shot'] = dict(train_hybrid=np.mean(zs_tr), train_dense=np.mean(zs_tr_d), test_hybrid=np.mean(zs_te), test_dense=np.mean(zs_te_d))

GRID = [
    dict(data='ext.jsonl', lr=2e-5, epochs=1, tau=0.02),
    dict(data='ext.jsonl', lr=2e-5, epochs=3, tau=0.02),
    dict(data='ext.jsonl', lr=5e-5, epochs=1, tau=0.02),
    dict(data='ext.jsonl', lr=1e-5, epochs=1, tau=0.05),
    dict(data='ext.jsonl', lr=2e-5, epochs=1, tau=0.02, freeze=4),
    dict(data='t1.jsonl', lr=2e-5, epochs=3, tau=0.02),
]
if SMOKE: GRID = GRID[:1]
cv = []
for cfg in GRID:
    kw = {k: v for k, v in cfg.items() if k != 'data'}
    pairs = mine(cfg['data'])
    if SMOKE: pairs = [p for p in pairs if p['pos'] in didx][:40]
    hy, de = [], []
    for fold in folds(tr, 2 if SMOKE else 5):
        fs = set(fold)
        m = train([p for p in pairs if p['qid'] not in fs], **kw)
        h, d = evaluate(m, fold); hy += h; de += d
        del m; torch.cuda.empty_cache() if dev == 'cuda' else None
    cv.append((np.mean(hy), cfg))
    say(f'CV {cfg}: {len(pairs)} pairs, hybrid {np.mean(hy):.4f} dense {np.mean(de):.4f} ({time.time()-t0:.0f}s)')
results['cv'] = [dict(cfg=c, hybrid=h) for h, c in cv]
best = max(cv, key=lambda x: x[0])[1]
say(f'chosen by CV: {best}')
kw = {k: v for k, v in best.items() if k != 'data'}
rows = {}
for name, judge, weights in [('naive', False, False), ('judge', True, False), ('full', True, True)]:
    pairs = mine(best['data'], judge=judge, weights=weights)
    if SMOKE: pairs = pairs[:40]
    hs, ds = [], []
    for seed in ([7] if SMOKE else [7, 8, 9]):
        m = train(pairs, seed=seed, **kw)
        h, d = evaluate(m, te); hs.append(np.mean(h)); ds.append(np.mean(d))
        del m
    rows[name] = dict(pairs=len(pairs), hybrid=hs, dense=ds)
    say(f'held-out {name}: {len(pairs)} pairs, hybrid {np.mean(hs):.4f} ({", ".join(f"{x:.4f}" for x in hs)}) dense {np.mean(ds):.4f} ({time.time()-t0:.0f}s)')
results['heldout'] = rows
json.dump(results, open(os.path.join(OUT, 'results.json'), 'w'), indent=1, default=float)
say('done', f'{time.time()-t0:.0f}s')

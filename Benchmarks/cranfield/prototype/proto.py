import json, math, random, sys, numpy as np, torch
from h import *
torch.set_num_threads(1)
def mine(path, judge=True, weights=True, success_only=True, excl_traj_browsed=True):
    by = {}
    for l in open(path):
        e = json.loads(l); by.setdefault(e['trajectory'], []).append(e)
    pairs = []
    for tid, evs in by.items():
        evs.sort(key=lambda e: e['step'])
        outs = [e for e in evs if e['type']=='outcome']
        if success_only and not (outs and outs[-1].get('success')): continue
        qid = tid.split('-')[1][1:]
        browsed_all = {e['doc'] for e in evs if e['type']=='browse'}
        win = None; wins = []
        for i,e in enumerate(evs):
            if e['type']=='search':
                win = {'query': e['query'], 'results': [r['doc'] for r in sorted(e['results'], key=lambda r:r['rank'])], 'pos': [], 'browsed': set()}
                wins.append(win)
            elif e['type']=='browse' and win is not None and e['doc'] in win['results'] and e['doc'] not in win['browsed']:
                win['browsed'].add(e['doc'])
                nxt = evs[i+1] if i+1 < len(evs) else None
                r = (nxt['text'], nxt['tokens']) if nxt and nxt['type']=='reason' else (None, None)
                win['pos'].append((e['doc'],)+r)
        for w in wins:
            excl = browsed_all if excl_traj_browsed else w['browsed']
            neg = [d for d in w['results'] if d not in excl]
            for d,text,tok in w['pos']:
                if judge and text is not None and 'not relevant' in text.lower(): continue
                pairs.append(dict(qid=qid, query=w['query'], pos=d, neg=neg, tokens=tok))
    toks = sorted(p['tokens'] for p in pairs if p['tokens'] is not None)
    if weights and toks:
        n=len(toks); beta = toks[n//2] if n%2 else (toks[n//2-1]+toks[n//2])/2
        sc = lambda t: 1-math.exp(-math.log(2)*t/beta)
        mu = np.mean([sc(t) for t in toks])
        for p in pairs: p['w'] = sc(p['tokens'])/mu if p['tokens'] is not None else 1
    else:
        for p in pairs: p['w'] = 1.0
    return pairs

# query text embeddings: task queries from emb.npz; reformulations need encoding -> cache file
import os, subprocess
QE = {}
def encode_texts(texts):
    missing = [t for t in set(texts) if t not in QE and t not in QTEXT2VEC]
    if missing:
        raise SystemExit(f'{len(missing)} texts need encoding')
QTEXT2VEC = {}
for q,t in qtext.items(): QTEXT2VEC[t] = Qall[qidx[q]]
if os.path.exists('/tmp/lrat/extra_q.npz'):
    X = np.load('/tmp/lrat/extra_q.npz', allow_pickle=True)
    for t,v in zip(X['texts'], X['V']): QTEXT2VEC[str(t)] = v.astype(np.float64)

Dt = torch.tensor(D)
def train(pairs, mask_same=True, kind='full_both', epochs=10, lr=3e-4, tau=0.02, bs=32, nneg=4, rank=32, reg=0.0, seed=7, dense_neg=0, inbatch=True):
    g = torch.Generator().manual_seed(seed); rng = random.Random(seed)
    dim = 384
    if kind.startswith('full'):
        W = torch.eye(dim, dtype=torch.float64, requires_grad=True); b = torch.zeros(dim, dtype=torch.float64, requires_grad=True); params=[W,b]
        f = lambda x: x @ W.T + b
        regf = lambda: ((W-torch.eye(dim,dtype=torch.float64))**2).sum()
    elif kind.startswith('lowrank'):
        U = (torch.randn(dim, rank, generator=g, dtype=torch.float64)*0.01).requires_grad_(); V = torch.zeros(dim, rank, dtype=torch.float64, requires_grad=True); params=[U,V]
        f = lambda x: x + (x @ V) @ U.T
        regf = lambda: ((U@V.T)**2).sum()
    elif kind.startswith('diag'):
        s = torch.ones(dim, dtype=torch.float64, requires_grad=True); params=[s]
        f = lambda x: x*s
        regf = lambda: ((s-1)**2).sum()
    both = kind.endswith('both')
    opt = torch.optim.Adam(params, lr=lr)
    Q = torch.tensor(np.stack([QTEXT2VEC[p['query']] for p in pairs]))
    P = torch.tensor(np.stack([D[didx[p['pos']]] for p in pairs]))
    negidx = [[didx[d] for d in p['neg'][:nneg]] for p in pairs]
    Wt = torch.tensor([p['w'] for p in pairs], dtype=torch.float64)
    nrm = lambda x: x / x.norm(dim=-1, keepdim=True).clamp_min(1e-12)
    order = list(range(len(pairs)))
    for ep in range(epochs):
        rng.shuffle(order)
        for s0 in range(0, len(order), bs):
            idx = order[s0:s0+bs]
            q = nrm(f(Q[idx])); p = P[idx]
            p = nrm(f(p)) if both else p
            B = len(idx)
            S = (q @ p.T) / tau
            if mask_same:
                qq = [pairs[i]['qid'] for i in idx]; pp = [pairs[i]['pos'] for i in idx]
                m = torch.tensor([[a != b and (qq[a] == qq[b] or pp[a] == pp[b]) for b in range(B)] for a in range(B)])
                S = S.masked_fill(m, float('-inf'))
            if not inbatch:
                S = S.masked_fill(~torch.eye(B, dtype=torch.bool), float('-inf'))
            parts = [S]
            if nneg > 0:
                ni = torch.zeros(B, nneg, dtype=torch.long); mask = torch.ones(B, nneg, dtype=torch.bool)
                for k,i in enumerate(idx):
                    for j,d in enumerate(negidx[i]): ni[k,j] = d; mask[k,j] = False
                N = Dt[ni]
                if both: N = nrm(f(N))
                SN = torch.einsum('bd,bnd->bn', q, N) / tau
                parts.append(SN.masked_fill(mask, float('-inf')))
            L = torch.cat(parts, 1)
            loss = (Wt[idx] * (torch.logsumexp(L, 1) - S.diagonal())).sum()
            loss = loss/len(idx) + reg*regf()
            opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        qf = lambda X: nrm(f(torch.tensor(X))).detach().numpy()
        Dv = nrm(f(Dt)).detach().numpy() if both else D
    return qf, Dv

def folds(ids, k=5, seed=0):
    ids = sorted(ids); r = random.Random(seed); r.shuffle(ids)
    return [ids[i::k] for i in range(k)]

COMBOS = [('minmax',0.3),('minmax',0.4),('minmax',0.5),('minmax',0.6),('rrf',0.5),('rrf',0.6),('dense',None)]
def cv(pairs, k=5, seeds=(0,), **kw):
    tr = evaluable(train_q); res={c:[] for c in COMBOS}
    for s in seeds:
        for fold in folds(tr, k, s):
            fs = set(fold)
            qf, Dv = train([p for p in pairs if p['qid'] not in fs], **kw)
            for c in COMBOS: res[c] += evaluate(fold, qf, Dv, w=c[1], mode=c[0], per=True)
    return ' '.join(f'{c[0]}{c[1]}:{np.mean(v):.4f}' for c,v in res.items())

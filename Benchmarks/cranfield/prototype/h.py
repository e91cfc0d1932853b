import json, numpy as np, math
E = np.load('/tmp/lrat/emb.npz')
doc_ids = list(E['doc_ids']); D = E['D'].astype(np.float64); Qall = E['Q'].astype(np.float64)
qidx = {q:i for i,q in enumerate(E['q_ids'])}
didx = {d:i for i,d in enumerate(doc_ids)}
bm25 = json.load(open('/tmp/lrat/bm25.json'))
grades = {}
for l in open('/tmp/cran/qrels.txt'):
    q,_,d,g = l.split(); grades.setdefault(q,{})[d]=float(g)
def load(f): return [json.loads(l) for l in open(f)]
train_q = load('/tmp/cran/queries-train.jsonl'); test = load('/tmp/cran/queries-test.jsonl')
qtext = {q['id']:q['text'] for q in train_q+test}
def ndcg(ranking, g):
    dcg = sum(max(0,g.get(d,0))/math.log2(i+2) for i,d in enumerate(ranking[:10]))
    ideal = sorted([v for v in g.values() if v>0], reverse=True)[:10]
    idcg = sum(v/math.log2(i+2) for i,v in enumerate(ideal))
    return dcg/idcg if idcg>0 else 0
def evaluable(qs): return [q['id'] for q in qs if any(v>=2 for v in grades.get(q['id'],{}).values())]
def dense_lists(Qv, Dv, qids, k=100):
    S = Qv @ Dv.T
    out = {}
    for i,q in enumerate(qids):
        top = np.argsort(-S[i], kind='stable')[:k]
        out[q] = [(doc_ids[j], S[i,j]) for j in top]
    return out
def fuse(lex, den, w, limit=100, mode='minmax', rrf_k=60):
    if mode == 'rrf':
        s = {}
        for r,(d,_) in enumerate(lex): s[d] = s.get(d,0) + w/(rrf_k+r+1)
        for r,(d,_) in enumerate(den): s[d] = s.get(d,0) + (1-w)/(rrf_k+r+1)
        return [d for d,_ in sorted(s.items(), key=lambda x:(-x[1], x[0]))][:limit]
    def norm(l):
        if not l: return {}
        sc=[x[1] for x in l]; hi,lo=max(sc),min(sc); sp=hi-lo
        return {d:((s-lo)/sp if sp>0 else 1) for d,s in l}
    a,b = norm(lex), norm(den)
    f = {d: w*a.get(d,0)+(1-w)*b.get(d,0) for d in set(a)|set(b)}
    return [d for d,_ in sorted(f.items(), key=lambda x:(-x[1], x[0]))][:limit]
def evaluate(qids, Qfun=None, Dv=None, w=0.5, mode='minmax', per=False):
    """Qfun: maps query embedding matrix -> adapted; Dv: adapted docs"""
    Qv = Qall[[qidx[q] for q in qids]]
    if Qfun is not None: Qv = Qfun(Qv)
    if Dv is None: Dv = D
    den = dense_lists(Qv, Dv, qids)
    r = [ndcg(fuse(bm25[q], den[q], w, mode=mode) if w is not None else [d for d,_ in den[q]], grades[q]) for q in qids]
    return r if per else float(np.mean(r))
if __name__ == '__main__':
    te = evaluable(test); tr = evaluable(train_q)
    print(len(te), len(tr))
    print('bm25', np.mean([ndcg([d for d,_ in bm25[q]], grades[q]) for q in te]))
    print('dense', evaluate(te, w=None))
    print('hybrid', evaluate(te, w=0.5))
    for w in [0.3,0.4,0.5,0.6]: print('train hybrid', w, evaluate(tr, w=w), 'rrf', evaluate(tr,w=w,mode='rrf'))

import sys; sys.path.insert(0,'/tmp/lrat'); sys.argv=['x']
from proto import mine, folds
from h import *
import numpy as np, math
tr=evaluable(train_q); te=evaluable(test)
def fuse3(lex,den,prior,w,lam,limit=100):
    def norm(l):
        sc=[x[1] for x in l]; hi,lo=max(sc),min(sc); sp=hi-lo
        return {d:((s-lo)/sp if sp>0 else 1) for d,s in l}
    a,b=norm(lex),norm(den)
    f={d: w*a.get(d,0)+(1-w)*b.get(d,0)+lam*prior.get(d,0) for d in set(a)|set(b)}
    return [d for d,_ in sorted(f.items(), key=lambda x:(-x[1],x[0]))][:limit]
def prior_of(pairs, kind):
    c={}
    for p in pairs: c[p['pos']]=c.get(p['pos'],0)+p['w']
    if kind=='log':
        mx=max(math.log1p(v) for v in c.values()); return {d:math.log1p(v)/mx for d,v in c.items()}
    return {d:1.0 for d in c}
for data in ['/tmp/lrat/t1.jsonl','/tmp/lrat/ext.jsonl']:
    pairs=mine(data)
    for kind in ['log','bin']:
        # CV on training half
        res={}
        for lam in [0,0.05,0.1,0.2,0.3]:
            r=[]
            for fold in folds(tr):
                fs=set(fold); pr=prior_of([p for p in pairs if p['qid'] not in fs],kind)
                den=dense_lists(Qall[[qidx[q] for q in fold]],D,fold)
                r+=[ndcg(fuse3(bm25[q],den[q],pr,0.5,lam),grades[q]) for q in fold]
            res[lam]=np.mean(r)
        pr=prior_of(pairs,kind); den=dense_lists(Qall[[qidx[q] for q in te]],D,te)
        held={lam:np.mean([ndcg(fuse3(bm25[q],den[q],pr,0.5,lam),grades[q]) for q in te]) for lam in res}
        print(data.split('/')[-1],kind,'CV',{k:round(v,4) for k,v in res.items()},'held',{k:round(v,4) for k,v in held.items()},flush=True)

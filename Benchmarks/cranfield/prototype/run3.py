from proto import *
import time, sys
ext = mine('/tmp/lrat/ext.jsonl')
# oracle: every judged relevant doc of each training query
orc = []
for q in train_q:
    for d,g in grades.get(q['id'],{}).items():
        if g >= 2 and d in didx:
            orc.append(dict(qid=q['id'], query=q['text'], pos=d, neg=[x for x,_ in bm25[q['id']][:20] if grades[q['id']].get(x,0) < 1], w=1.0))
print(len(orc))
for name, pairs, kw in [
    ('oracle full_both', orc, dict(kind='full_both')),
    ('ext lr1e-3', ext, dict(kind='full_both', lr=1e-3)),
    ('ext tau.05', ext, dict(kind='full_both', tau=0.05)),
    ('ext nneg16', ext, dict(kind='full_both', nneg=16)),
]:
    t=time.time(); print(name, kw, round(cv(pairs, **kw),4), round(time.time()-t,1),'s', flush=True)

from proto import *
import time
pairs = mine('/tmp/cran/traj-train.jsonl', excl_traj_browsed=False)
print(len(pairs), 'pairs')
tr = evaluable(train_q)
print('zero-shot train hybrid', evaluate(tr, w=0.5))
for kw in [dict(kind='full_both'), dict(kind='full_query'), dict(kind='full_query', epochs=30), dict(kind='lowrank_query', rank=16, lr=1e-3, epochs=20), dict(kind='diag_query', lr=1e-3, epochs=20)]:
    t=time.time(); print(kw, round(cv(pairs, **kw),4), round(time.time()-t,1),'s', flush=True)

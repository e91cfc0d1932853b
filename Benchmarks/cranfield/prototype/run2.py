from proto import *
import time, sys
base = mine('/tmp/cran/traj-train.jsonl', excl_traj_browsed=False)
ext = mine('/tmp/lrat/ext.jsonl')
ext_first = [p for p in ext if p['query'] == qtext[p['qid']]]
print(len(base), len(ext), len(ext_first))
for name, pairs, kw in [
    ('ext full_both', ext, dict(kind='full_both')),
    ('ext full_query', ext, dict(kind='full_query')),
    ('extfirst full_both', ext_first, dict(kind='full_both')),
    ('ext full_both ep3', ext, dict(kind='full_both', epochs=3)),
]:
    t=time.time(); print(name, kw, round(cv(pairs, **kw),4), round(time.time()-t,1),'s', flush=True)

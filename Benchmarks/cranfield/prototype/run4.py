from proto import *
import time, sys
tr = evaluable(train_q)
print('zero-shot', ' '.join(f'{c[0]}{c[1]}:{evaluate(tr, w=c[1], mode=c[0]):.4f}' for c in COMBOS), flush=True)
ext = mine('/tmp/lrat/ext.jsonl')
for name, pairs, kw in [
    ('ext mask', ext, dict(kind='full_both')),
    ('ext nomask', ext, dict(kind='full_both', mask_same=False)),
]:
    t=time.time(); print(name, kw, cv(pairs, **kw), round(time.time()-t,1),'s', flush=True)

from proto import *
te = evaluable(test)
print('zero-shot hybrid', round(evaluate(te, w=0.5),4), flush=True)
for name, kw in [('naive', dict(judge=False, weights=False)), ('judge', dict(weights=False)), ('full', dict())]:
    pairs = mine('/tmp/lrat/ext.jsonl', **kw)
    qf, Dv = train(pairs, kind='full_both', mask_same=False)
    print(name, len(pairs), 'hybrid0.5', round(evaluate(te, qf, Dv, w=0.5),4), 'dense', round(evaluate(te, qf, Dv, w=None),4), flush=True)

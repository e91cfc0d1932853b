import sys, re, math, json, numpy as np
sys.path.insert(0,'/tmp/lrat')
from h import *
docs=[json.loads(l) for l in open('/tmp/cran/docs.jsonl')]
tokz=lambda s: re.findall(r'[a-z0-9]+', s.lower())
T=[tokz(d.get('title','')) for d in docs]; X=[tokz(d['text']) for d in docs]
ids=[d['id'] for d in docs]; N=len(docs)
from collections import Counter
tfT=[Counter(t) for t in T]; tfX=[Counter(x) for x in X]
L=np.array([len(t)+len(x) for t,x in zip(T,X)],float); avg=L.mean()
df=Counter(); [df.update(set(t)|set(x)) for t,x in zip(T,X)]
def bm25q(q,k1,b,wt):
    qt=tokz(q); s=np.zeros(N)
    for t in set(qt):  # fts5: OR of quoted words; repeated words count twice? keep set
        n=df.get(t,0)
        if n==0: continue
        idf=max(1e-6, math.log((N-n+.5)/(n+.5)))
        f=np.array([wt*tfT[i].get(t,0)+tfX[i].get(t,0) for i in range(N)])
        s+=idf*f*(k1+1)/(f+k1*(1-b+b*L/avg))
    top=np.argsort(-s,kind='stable')[:100]
    return [(ids[j],s[j]) for j in top if s[j]>0]
tr=evaluable(train_q); te=evaluable(test)
den_tr=dense_lists(Qall[[qidx[q] for q in tr]],D,tr); den_te=dense_lists(Qall[[qidx[q] for q in te]],D,te)
def run(qs,den,k1,b,wt,w=0.5):
    bb=[ndcg([d for d,_ in bm25q(qtext[q],k1,b,wt)],grades[q]) for q in qs]
    hh=[ndcg(fuse(bm25q(qtext[q],k1,b,wt),den[q],w),grades[q]) for q in qs]
    return np.mean(bb),np.mean(hh)
print('check default te', run(te,den_te,1.2,.75,1))
for k1 in [0.6,1.2,2.0]:
  for b in [0.3,0.75,1.0]:
    for wt in [1,3]:
      print(k1,b,wt,'train',['%.4f'%x for x in run(tr,den_tr,k1,b,wt)],'test',['%.4f'%x for x in run(te,den_te,k1,b,wt)],flush=True)

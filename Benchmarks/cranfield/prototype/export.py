import json, sqlite3, numpy as np, subprocess, sys
def emb(db):
    con = sqlite3.connect(db)
    rows = con.execute("select document_id, vector from document_embeddings where encoder like '%MiniLM%'").fetchall()
    ids = [r[0] for r in rows]; V = np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
    return ids, V
ids, D = emb('/tmp/cranws/.kaizen/kaizen.sqlite')
qids, Q = emb('/tmp/lrat/qws/.kaizen/kaizen.sqlite')
np.savez('emb.npz', doc_ids=np.array(ids), D=D, q_ids=np.array([q[1:] for q in qids]), Q=Q)
print(D.shape, Q.shape, np.linalg.norm(D[:3],axis=1))

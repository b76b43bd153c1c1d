"""Regenerate ``punkt_news.json``: Punkt parameters for English news, trained offline.

Run from the repository root (``../shared`` is read when present; evaluation data is not)::

    .venv/bin/python framing/data/train_punkt.py            # writes framing/data/punkt_news.json
    .venv/bin/python framing/data/train_punkt.py --check    # exit 1 if the shipped file differs

What is learned from which text, and how it is filtered and merged with the hand-written news
abbreviations, is documented in :mod:`framing.text` (``train_punkt_params``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(repo=None, shared=None, *, date=None) -> dict:
    import nltk

    from framing.text import NEWS_ABBREVIATIONS, punkt_sources, train_punkt_params

    sources = punkt_sources(repo, shared)
    params = train_punkt_params([t for _, t in sources])
    learned = params.pop("learned")
    header = {
        "_about": ("Punkt sentence-boundary parameters for English news, shipped with framing and "
                   "loaded by framing/text.py (JSON, not pickle). Regenerate with "
                   "'python framing/data/train_punkt.py'."),
        "version": "1.0",
        "method": ("nltk.tokenize.punkt.PunktTrainer (Kiss & Strunk 2006) trained on the sources "
                   "below; kept: orthographic context of alphabetic words, learned abbreviations "
                   "with an internal period, learned sentence starters that are function words "
                   "(framing.text.STARTER_WORDS); dropped: other learned abbreviations and all learned "
                   "collocations; added: framing.text.NEWS_ABBREVIATIONS "
                   f"({len(NEWS_ABBREVIATIONS)} hand-written news abbreviations) and STARTER_WORDS."),
        "licence": ("CC0-1.0 for the parameters; the training texts keep their own licences and "
                    "are not included"),
        "trained": {
            "date": date or _dt.date.today().isoformat(),
            "nltk": nltk.__version__,
            "python": sys.version.split()[0],
            "n_texts": len(sources),
            "n_chars": sum(len(t) for _, t in sources),
            "sources": [{"name": n, "chars": len(t),
                         "sha256": hashlib.sha256(t.encode("utf-8")).hexdigest()} for n, t in sources],
            "learned_before_filtering": learned,
        },
    }
    return {**header, **params}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(HERE / "punkt_news.json"))
    ap.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if args.check:
        old = json.loads(out.read_text("utf-8"))
        new = build(date=old["trained"]["date"])
        keys = ("abbrev_types", "sent_starters", "collocations", "ortho_context")
        same = all(old[k] == new[k] for k in keys)
        print("up to date" if same else "differs")
        return 0 if same else 1
    data = build()
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(data['abbrev_types'])} abbreviations, {len(data['sent_starters'])} starters, "
          f"{len(data['ortho_context'])} words with orthographic context, from {data['trained']['n_texts']} texts")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[1]))
    sys.exit(main())

"""The ``train`` command: fit a frame classifier on labelled articles and cross-validate it.

A thin shell over :func:`framing.classify.train`; the model is written with joblib.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["register", "cmd_train"]


def _int_at_least_2(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 2, got {value!r}") from None
    if n < 2:
        raise argparse.ArgumentTypeError(f"expected an integer >= 2, got {value!r}")
    return n


def _positive_float(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {value!r}") from None
    if not x > 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {value!r}")
    return x


def register(sub) -> None:
    """Add the ``train`` subcommand to the ``framing`` parser."""
    p = sub.add_parser(
        "train", help="train a frame classifier on your labelled articles, with cross-validated scores",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Train a frame classifier on your labelled articles and print its cross-validated scores.\n\n"
            "Example:\n"
            "  framing train coded.csv --text-col text --label-col frame -o frame-model.joblib\n\n"
            "LABELS.csv has one article per row ('-' reads stdin). The model (scikit-learn: framing\n"
            "features and/or TF-IDF, then logistic regression) is fitted on every row and written to\n"
            "MODEL with joblib; the scores come from stratified k-fold cross-validation (one row per\n"
            "fold, then mean and std). Load the model with joblib.load(MODEL).predict(texts)."))
    p.add_argument("labels", metavar="LABELS.csv", help="CSV file of labelled articles, or '-' for stdin")
    p.add_argument("--text-col", default="text", help="column holding the article text (default: text)")
    p.add_argument("--label-col", default="label", help="column holding the label (default: label)")
    p.add_argument("--group-col", help="keep articles of the same group (e.g. outlet) in one fold")
    p.add_argument("-o", "--output", required=True, metavar="MODEL", help="where to write the fitted model")
    p.add_argument("--features", choices=("both", "framing", "tfidf"), default="both",
                   help="framing features, TF-IDF word n-grams, or both (default: both)")
    p.add_argument("--cv", type=_int_at_least_2, default=5, metavar="K", help="number of folds (default: 5)")
    p.add_argument("--C", dest="C", type=_positive_float, default=1.0,
                   help="inverse regularisation strength (default: 1.0)")
    p.add_argument("--random-state", type=int, default=0, help="seed of the fold shuffle (default: 0)")
    p.add_argument("--delimiter", default=",", help="CSV delimiter (default: ',')")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="format of the printed scores (default: table)")
    p.set_defaults(func=cmd_train)


def cmd_train(args) -> int:
    import joblib
    import pandas as pd

    from ..classify import train
    from ..errors import CorpusError, ValidationError

    src = args.labels
    name = "<stdin>" if src == "-" else src
    try:
        df = pd.read_csv(sys.stdin if src == "-" else src, sep=args.delimiter, encoding="utf-8-sig",
                         dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise CorpusError("no such file", path=name) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise CorpusError(f"cannot read the CSV ({exc.__class__.__name__})", path=name) from None
    for opt, col in (("--text-col", args.text_col), ("--label-col", args.label_col),
                     ("--group-col", args.group_col)):
        if col is not None and col not in df.columns:
            raise ValidationError(f"no column {col!r} ({opt}); columns are: {', '.join(map(str, df.columns))}",
                                  path=name, field=col)
    keep = (df[args.text_col].str.strip() != "") & (df[args.label_col].str.strip() != "")
    dropped = int((~keep).sum())
    df = df[keep]
    if dropped:
        print(f"note: skipped {dropped} rows with an empty text or label", file=sys.stderr)
    groups = list(df[args.group_col]) if args.group_col else None
    try:
        model, scores = train(list(df[args.text_col]), list(df[args.label_col]), features=args.features,
                              cv=args.cv, random_state=args.random_state, C=args.C, groups=groups)
    except ValidationError as exc:
        raise ValidationError(exc.message, path=name, field=args.label_col) from None
    joblib.dump(model, args.output)
    if args.format == "csv":
        scores.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(scores.to_json(orient="records"))
    else:
        counts = df[args.label_col].value_counts().sort_index()
        print(f"{len(df)} articles, labels: " + ", ".join(f"{k} ({v})" for k, v in counts.items()))
        print(f"{args.cv}-fold stratified cross-validation, features: {args.features}")
        print(scores.to_string(index=False, float_format=lambda x: f"{x:.3f}", na_rep=""))
        print(f"model written to {args.output}")
    return 0

#!/usr/bin/python3
"""Writes the scikit-learn fixtures that io.github.trialbook.eval tests compare against.

Run from the repository root with Debian's scikit-learn (no PyPI):

    apt-get update && apt-get install -y python3-sklearn
    /usr/bin/python3 kernel-ext/src/test/python/make_sklearn_fixtures.py

Each JSON file holds the inputs and scikit-learn's outputs for many cases, plus the library
versions used. Non-finite numbers are written as NaN / Infinity (Jackson reads them with
ALLOW_NON_NUMERIC_NUMBERS). Label texts are written as Java prints them (booleans lower case).
"""
import json
import os
import warnings

import numpy as np
import scipy
import sklearn
from scipy.stats import binomtest, chi2
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix,
                             f1_score, precision_recall_curve, precision_recall_fscore_support,
                             precision_score, recall_score, roc_auc_score, roc_curve)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "sklearn")
VERSIONS = {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__}


def text(label):
    if isinstance(label, (bool, np.bool_)):
        return "true" if label else "false"
    return str(label)


def py(values):
    return [v.item() if hasattr(v, "item") else v for v in values]


def floats(values):
    return [float(v) for v in values]


def report(y_true, y_pred, labels=None, zero_division="warn", pos_label=None):
    """Rows named as the Java report names them: labels, accuracy, then the averages."""
    rows = []
    if pos_label is not None:
        p, r, f, _ = precision_recall_fscore_support(
            y_true, y_pred, average="binary", pos_label=pos_label, zero_division=zero_division)
        support = int(sum(1 for t in y_true if t == pos_label))
        rows.append({"name": text(pos_label), "precision": float(p), "recall": float(r),
                     "f1": float(f), "support": support})
    else:
        used = labels if labels is not None else sorted(set(py(y_true)) | set(py(y_pred)))
        p, r, f, s = precision_recall_fscore_support(
            y_true, y_pred, labels=used, average=None, zero_division=zero_division)
        for i, label in enumerate(used):
            rows.append({"name": text(label), "precision": float(p[i]), "recall": float(r[i]),
                         "f1": float(f[i]), "support": int(s[i])})
    rows.append({"name": "accuracy", "precision": None, "recall": None,
                 "f1": float(accuracy_score(y_true, y_pred)), "support": len(y_true)})
    if pos_label is None:
        total = sum(row["support"] for row in rows[:-1])
        for average in ("micro", "macro", "weighted"):
            p, r, f, _ = precision_recall_fscore_support(
                y_true, y_pred, labels=labels, average=average, zero_division=zero_division)
            rows.append({"name": average + " avg", "precision": float(p), "recall": float(r),
                         "f1": float(f), "support": total})
    return rows


def classification_cases(rng):
    cases = []

    def add(name, y_true, y_pred, labels=None, zero_division="warn", pos_label=None):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            rows = report(y_true, y_pred, labels, zero_division, pos_label)
        cases.append({"name": name, "truth": py(y_true), "prediction": py(y_pred),
                      "labels": None if labels is None else py(labels),
                      "zero_division": zero_division, "pos_label": pos_label,
                      "rows": rows, "warned": len(caught) > 0})

    spam_t = ["spam", "ham", "spam", "ham", "ham", "spam", "ham", "ham", "spam", "ham"]
    spam_p = ["spam", "ham", "ham", "ham", "spam", "spam", "ham", "ham", "spam", "ham"]
    add("binary strings, pos_label spam", spam_t, spam_p, pos_label="spam")
    add("binary strings, pos_label ham", spam_t, spam_p, pos_label="ham")
    add("binary strings, full report", spam_t, spam_p)

    classes = np.array(["a", "b", "c", "d", "e"])
    t = rng.choice(classes, size=600, p=[0.6, 0.2, 0.1, 0.07, 0.03])
    noisy = rng.random(600) < 0.3
    p = np.where(noisy, rng.choice(classes, size=600, p=[0.4, 0.3, 0.2, 0.05, 0.05]), t)
    add("imbalanced multiclass", t, p)
    add("imbalanced multiclass, explicit order", t, p, labels=["e", "c", "a", "b", "d"])
    add("imbalanced multiclass, label subset", t, p, labels=["b", "a"])

    t2 = ["x", "y", "z", "x", "y", "z", "x", "x"]
    p2 = ["x", "y", "y", "x", "x", "y", "x", "y"]
    for zd in ("warn", 0, 1):
        add("class never predicted, zero_division " + str(zd), t2, p2, zero_division=zd)
    t3 = ["x", "y", "x", "y", "x", "y"]
    p3 = ["x", "y", "w", "y", "w", "x"]
    for zd in ("warn", 0, 1):
        add("class predicted but absent from truth, zero_division " + str(zd), t3, p3,
            zero_division=zd)
    for zd in ("warn", 0, 1):
        add("labels absent from both, zero_division " + str(zd), t2, p2,
            labels=["x", "y", "z", "q"], zero_division=zd)
        add("only absent labels, zero_division " + str(zd), t2, p2, labels=["q", "r"],
            zero_division=zd)
    add("single class", ["only"] * 5, ["only"] * 5)
    add("single class, binary", ["only"] * 5, ["only"] * 5, pos_label="only")
    add("perfect predictor", list(t[:50]), list(t[:50]))
    add("all-wrong predictor", ["a", "b", "a", "b", "a"], ["b", "a", "b", "a", "b"])
    add("all-wrong predictor, binary", ["a", "b", "a", "b", "a"], ["b", "a", "b", "a", "b"],
        pos_label="a")
    it = rng.integers(0, 4, size=300)
    ip = np.where(rng.random(300) < 0.25, rng.integers(0, 5, size=300), it)
    add("integer labels", it, ip)
    add("integer labels, binary 0/1", it % 2, ip % 2, pos_label=1)
    bt = rng.random(200) < 0.3
    bp = np.where(rng.random(200) < 0.2, ~bt, bt)
    add("boolean labels", bt, bp)
    add("boolean labels, binary", bt, bp, pos_label=True)
    big_t = rng.integers(0, 12, size=5000)
    big_p = np.where(rng.random(5000) < 0.35, rng.integers(0, 12, size=5000), big_t)
    add("large multiclass", big_t, big_p)
    return cases


def grouped_case(rng):
    configs = ["baseline", "candidate", "<script>alert(1)</script>"]
    cfg, truth, pred = [], [], []
    for i, c in enumerate(configs):
        t = rng.choice(["cat", "dog", "bird"], size=120 + 40 * i, p=[0.5, 0.3, 0.2])
        flip = rng.random(len(t)) < 0.2 + 0.1 * i
        p = np.where(flip, rng.choice(["cat", "dog", "bird", "fish"], size=len(t)), t)
        cfg += [c] * len(t)
        truth += py(t)
        pred += py(p)
    order = rng.permutation(len(cfg))
    cfg = [cfg[i] for i in order]
    truth = [truth[i] for i in order]
    pred = [pred[i] for i in order]
    groups = {}
    for c in sorted(configs):
        idx = [i for i in range(len(cfg)) if cfg[i] == c]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            groups[c] = report([truth[i] for i in idx], [pred[i] for i in idx])
    return {"config": cfg, "truth": truth, "prediction": pred, "groups": groups}


def confusion_cases(rng):
    cases = []

    def add(name, t, p, labels=None):
        out = {"name": name, "truth": py(t), "prediction": py(p),
               "labels": None if labels is None else py(labels),
               "names": [text(x) for x in (labels if labels is not None
                                            else sorted(set(py(t)) | set(py(p))))]}
        for norm in (None, "true", "pred", "all"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m = confusion_matrix(t, p, labels=labels, normalize=norm)
            out[str(norm).lower()] = m.tolist()
        cases.append(out)

    t = rng.choice(["a", "b", "c", "d"], size=400, p=[0.5, 0.3, 0.15, 0.05])
    p = np.where(rng.random(400) < 0.3, rng.choice(["a", "b", "c", "d", "e"], size=400), t)
    add("multiclass with class absent from truth", t, p)
    add("explicit labels with one absent", t, p, labels=["d", "a", "z"])
    add("integers", rng.integers(0, 3, 100), rng.integers(0, 3, 100))
    return cases


def curve_case(name, t, s, pos_label=None):
    out = {"name": name, "truth": py(t), "score": floats(s), "pos_label": pos_label}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fpr, tpr, thr = roc_curve(t, s, pos_label=pos_label)
        out["roc"] = {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(thr)}
        fpr, tpr, thr = roc_curve(t, s, pos_label=pos_label, drop_intermediate=False)
        out["roc_all"] = {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(thr)}
        positives = [x == (pos_label if pos_label is not None else 1) for x in py(t)]
        if 0 < sum(positives) < len(positives):
            binary = np.array(positives)
            out["auc"] = float(roc_auc_score(binary, s))
        else:
            out["auc"] = None
        prec, rec, thr = precision_recall_curve(t, s, pos_label=pos_label)
        out["pr"] = {"precision": floats(prec), "recall": floats(rec), "thresholds": floats(thr)}
        out["average_precision"] = float(average_precision_score(
            np.array(positives), s))
        sweep = []
        for th in sorted(set(floats(s)), reverse=True):
            pred = np.array(s) >= th
            binary = np.array(positives)
            sweep.append({"threshold": th,
                          "precision": float(precision_score(binary, pred, zero_division=0)),
                          "recall": float(recall_score(binary, pred, zero_division=0)),
                          "f1": float(f1_score(binary, pred, zero_division=0))})
        out["sweep"] = sweep
    return out


def curve_cases(rng):
    cases = []
    t = (rng.random(300) < 0.35).astype(int)
    s = np.clip(0.5 * t + rng.normal(0.3, 0.25, 300), 0, 1)
    cases.append(curve_case("continuous scores", t, s))
    cases.append(curve_case("tied scores", t, np.round(s, 1)))
    cases.append(curve_case("all-equal scores", t, np.full(300, 0.5)))
    cases.append(curve_case("perfect scores", t, t * 0.8 + 0.1))
    cases.append(curve_case("all-wrong scores", t, (1 - t) * 0.8 + 0.1))
    labels = np.where(t == 1, "spam", "ham")
    cases.append(curve_case("string labels, pos_label spam", labels, s, pos_label="spam"))
    rare = (rng.random(500) < 0.04).astype(int)
    cases.append(curve_case("imbalanced", rare, np.round(rng.random(500) * 0.7 + rare * 0.2, 2)))
    cases.append(curve_case("no negatives", np.ones(20, dtype=int), np.round(rng.random(20), 1)))
    cases.append(curve_case("no positives", np.zeros(20, dtype=int), np.round(rng.random(20), 1)))
    cases.append(curve_case("minus one / one", np.where(t[:60] == 1, 1, -1), s[:60]))
    return cases


def mcnemar_cases():
    cases = []
    for b, c in [(0, 0), (3, 7), (1, 12), (7, 7), (10, 14), (0, 24), (12, 13), (30, 50),
                 (500, 430), (2000, 2100), (40, 0)]:
        n = b + c
        if n == 0:
            p, exact = 1.0, True
        elif n < 25:
            p, exact = binomtest(min(b, c), n, 0.5).pvalue, True
        else:
            p, exact = chi2.sf((abs(b - c) - 1) ** 2 / n, 1), False
        cases.append({"only_a": b, "only_b": c, "p_value": float(p), "exact": exact})
    return cases


def compare_case(rng):
    n = 800
    t = np.where(rng.random(n) < 0.4, "spam", "ham")
    s1 = np.where(rng.random(n) < 0.12, np.where(t == "spam", "ham", "spam"), t)
    final = np.where(rng.random(n) < 0.5, t, s1)
    handoff = rng.random(n) < 0.3
    out = {"truth": py(t), "stage1": py(s1), "final": py(final), "handoff": py(handoff),
           "rows": []}
    for subset, mask in (("all", np.ones(n, dtype=bool)), ("handoff", handoff)):
        tt = t[mask]
        for name, pred in (("stage1", s1[mask]), ("final", final[mask])):
            p, r, f, _ = precision_recall_fscore_support(tt, pred, pos_label="spam",
                                                         average="binary", zero_division=0)
            out["rows"].append({"subset": subset, "prediction": name,
                                "accuracy": float(accuracy_score(tt, pred)),
                                "precision": float(p), "recall": float(r), "f1": float(f)})
    return out


def dump(name, payload):
    payload = {"generated_by": "kernel-ext/src/test/python/make_sklearn_fixtures.py",
               "versions": VERSIONS, **payload}
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(payload, f, allow_nan=True)
        f.write("\n")


def main():
    rng = np.random.default_rng(20261123)
    os.makedirs(OUT, exist_ok=True)
    dump("classification.json", {"cases": classification_cases(rng)})
    dump("grouped.json", grouped_case(rng))
    dump("confusion.json", {"cases": confusion_cases(rng)})
    dump("curves.json", {"cases": curve_cases(rng)})
    dump("mcnemar.json", {"cases": mcnemar_cases()})
    dump("compare.json", compare_case(rng))


if __name__ == "__main__":
    main()

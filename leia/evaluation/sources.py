"""Read each benchmark from its published files (or the demo world's copies, same formats) and write
normalised JSONL: `data/eval/{task}/{lang}/{split}.jsonl`.

Published sources, with their licences and the layout expected under each `evaluate.paths.*`, are
listed in leia/evaluation/README.md. `xl` is XCSR's language code (Japanese is `jap`). Normalised rows:
- xcodah/xcsqa/jcommonsenseqa: `{"id", "question", "choices": [...], "label": int}`
- jaqket: the same plus `"contexts"` (one Wikipedia text per choice; cut at evaluation time)
- niilc/jemhopqa: `{"id", "question", "answer"}`
"""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from leia.contract import TASKS
from leia.errors import InputError
from leia.evaluation.taskgen import XCSR_LANGS
from leia.io import atomic_path

DEMO_SUBDIR = {"xcsr": "xcsr", "jglue": "JGLUE", "jaqket": "jaqket", "niilc": "niilc-qa",
               "jemhopqa": "JEMHopQA"}  # fmt: skip
HOW_TO_GET = {
    "xcsr": "download https://inklab.usc.edu/XCSR/xcsr_datasets.zip and unzip it there",
    "jglue": "clone https://github.com/yahoojapan/JGLUE there",
    "jaqket": "download the JAQKET v1 (AIO 1st) question and candidate files into aio_01/ there",
    "niilc": "clone https://github.com/mynlp/niilc-qa there",
    "jemhopqa": "clone https://github.com/aiishii/JEMHopQA there",
}
JAQKET_CHOICES = TASKS["jaqket"].choices  # the candidate list is cut to this many


def _need(path: Path, dataset: str) -> Path:
    if not path.exists():
        raise InputError(path, f"{dataset} data not found", HOW_TO_GET[dataset])
    return path


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield i, json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(f"{path}:{i}", f"not valid JSON: {e.msg}") from None


def _xcsr_rows(records: list[dict], where: str) -> list[dict]:
    rows = []
    for k, r in enumerate(records):
        q = r["question"]
        choices = q["choices"]
        if isinstance(choices, dict):  # the parquet copy stores choices column-wise
            labels, texts = list(choices["label"]), list(choices["text"])
        else:
            labels, texts = [c["label"] for c in choices], [c["text"] for c in choices]
        if r["answerKey"] not in labels:
            raise InputError(f"{where} item {k}", f"answerKey {r['answerKey']!r} is not one of {labels}")
        rows.append({"id": r["id"], "question": q["stem"], "choices": texts,
                     "label": labels.index(r["answerKey"])})  # fmt: skip
    return rows


def load_xcsr(root: Path, task: str, lang: str) -> dict[str, list[dict]]:
    xl = XCSR_LANGS.get(lang)
    if xl is None:
        hint = f"choose from {', '.join(sorted(XCSR_LANGS))}"
        raise InputError(root, f"XCSR has no language {lang!r}", hint)
    name = {"xcodah": "X-CODAH", "xcsqa": "X-CSQA"}[task]
    parquet = sorted((root / f"{name}-{xl}").glob("validation-*.parquet"))
    if parquet:
        import pandas as pd

        records = pd.concat([pd.read_parquet(p) for p in parquet]).to_dict("records")
        return {"validation": _xcsr_rows(records, str(parquet[0]))}
    path = _need(root / "X-CSR_datasets" / name / xl / "dev.jsonl", "xcsr")
    return {"validation": _xcsr_rows([r for _, r in _read_jsonl(path)], str(path))}


def load_jcommonsenseqa(root: Path) -> dict[str, list[dict]]:
    out = {}
    for split, fname in (("train", "train-v1.1.json"), ("validation", "valid-v1.1.json")):
        path = _need(root / "datasets" / "jcommonsenseqa-v1.1" / fname, "jglue")
        out[split] = [
            {"id": str(r["q_id"]), "question": r["question"], "choices": [r[f"choice{j}"] for j in range(5)],
             "label": int(r["label"])}
            for _, r in _read_jsonl(path)
        ]  # fmt: skip
    return out


def load_jaqket(root: Path) -> dict[str, list[dict]]:
    """5-way items as the JP harness's loader builds them (`kumapo/JAQKET` v1.0, whose script is
    kumapo/JAQKET-dataset@29b42a42d590eca9c04e03839da0b0910ddc7988 `JAQKET.py`): `_` removed from the
    question, the first five of the published candidates, kept when there are five and the answer is
    among them; contexts are the candidates' Wikipedia texts from candidate_entities."""
    base = root / "aio_01"
    texts: dict[str, str] = {}
    with gzip.open(_need(base / "candidate_entities.json.gz", "jaqket"), "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                e = json.loads(line)
                texts[e["title"]] = e["text"]
    out = {}
    for split, fname in (("train", "train_questions.json"), ("validation", "dev1_questions.json")):
        rows = []
        for _, r in _read_jsonl(_need(base / fname, "jaqket")):
            cands = r["answer_candidates"][:JAQKET_CHOICES]
            if r["answer_entity"] not in cands or len(cands) != JAQKET_CHOICES:
                continue
            rows.append({"id": r["qid"], "question": r["question"].replace("_", ""), "choices": cands,
                         "label": cands.index(r["answer_entity"]),
                         "contexts": [texts.get(c, "") for c in cands]})  # fmt: skip
        out[split] = rows
    return out


def load_niilc(root: Path) -> dict[str, list[dict]]:
    """As llm-jp-eval v1.0.0: several answers joined by ',', questions whose answer is '-' dropped.
    Answers and questions are stripped, as in the authors' processed file (the XML has
    `Digital Versatile Disc ` for NIILC-ECQA2015-00715-01; theirs has no trailing space)."""
    path = _need(root / "data" / "NIILC-ECQA2015_test.xml", "niilc")
    try:
        tree = ET.parse(path)
    except ET.ParseError as e:
        raise InputError(path, f"not valid XML: {e}") from None
    rows = []
    for q in tree.getroot().iter("question"):
        answers = [a.text.strip() for a in q.iter("answer") if a.text and a.text.strip()]
        answer = ",".join(answers)
        if not answers or answer == "-":
            continue
        rows.append({"id": q.get("id", ""), "question": q.findtext("text", "").strip(), "answer": answer})
    return {"test": rows}


def load_jemhopqa(root: Path) -> dict[str, list[dict]]:
    path = _need(root / "corpus" / "dev.json", "jemhopqa")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"test": [{"id": r["qid"], "question": r["question"].strip(), "answer": r["answer"].strip()}
                     for r in data]}  # fmt: skip


def load_task(task: str, lang: str, root: Path) -> dict[str, list[dict]]:
    if task in ("xcodah", "xcsqa"):
        return load_xcsr(root, task, lang)
    loaders: dict[str, Any] = {"jcommonsenseqa": load_jcommonsenseqa, "jaqket": load_jaqket,
                               "niilc": load_niilc, "jemhopqa": load_jemhopqa}  # fmt: skip
    return loaders[task](root)


def source_roots(kind: str, mirror: Path, paths: dict[str, str]) -> dict[str, Path]:
    """Where each dataset is read from: the demo mirror's eval/ folder, or the configured paths."""
    if kind == "demo":
        return {d: mirror / "eval" / sub for d, sub in DEMO_SUBDIR.items()}
    return {d: Path(p) for d, p in paths.items()}


def prepare(tasks: dict[str, list[str]], roots: dict[str, Path], out_dir: Path) -> dict[str, Any]:
    """Write data/eval from the sources for every (language, task); return the manifest it also writes."""
    manifest: dict[str, Any] = {}
    with atomic_path(out_dir, is_dir=True) as tmp:
        for lang, names in sorted(tasks.items()):
            for task in names:
                if task not in TASKS:
                    raise InputError("params.yaml", f"evaluate.tasks: unknown task {task!r}",
                                     f"choose from {', '.join(TASKS)}")  # fmt: skip
                if lang not in TASKS[task].languages:
                    continue
                dataset = TASKS[task].dataset
                if dataset not in roots:
                    hint = HOW_TO_GET[dataset]
                    raise InputError("params.yaml", f"evaluate.paths.{dataset} is not set", hint)
                splits = load_task(task, lang, roots[dataset])
                entry = {}
                for split, rows in splits.items():
                    if not rows:
                        hint = HOW_TO_GET[dataset]
                        raise InputError(roots[dataset], f"{task}/{lang}/{split}: no items", hint)
                    path = tmp / task / lang / f"{split}.jsonl"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
                    entry[split] = len(rows)
                manifest[f"{task}/{lang}"] = {"n": entry, "random": TASKS[task].chance}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    return manifest

"""Demo evaluation sets, written from the demo knowledge base in each benchmark's *published* format.

The questions are about the KB's facts, which the demo world states only in the English articles, and
are written in the target language: they measure cross-lingual transfer the way the paper's sets do.
Layout under `eval_dir` (mirrors the published archives; `leia.evaluation.sources` reads both):

    xcsr/X-CSR_datasets/X-CSQA/{xcsr_lang}/dev.jsonl       # inklab.usc.edu/XCSR xcsr_datasets.zip
    xcsr/X-CSR_datasets/X-CODAH/{xcsr_lang}/dev.jsonl
    JGLUE/datasets/jcommonsenseqa-v1.1/{train,valid}-v1.1.json   # github.com/yahoojapan/JGLUE
    jaqket/aio_01/{train_questions,dev1_questions}.json, candidate_entities.json.gz   # JAQKET v1 (AIO 1st)
    niilc-qa/data/NIILC-ECQA2015_{dev,test}.xml            # github.com/mynlp/niilc-qa
    JEMHopQA/corpus/{train,dev}.json                        # github.com/aiishii/JEMHopQA
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from leia.demo import facts as F
from leia.errors import InputError
from leia.evaluation.taskgen import XCSR_LANGS
from leia.io import atomic_path

_TYPE_JA = {"person": "人物", "city": "都市", "country": "国", "organization": "組織", "work": "作品"}


@dataclass(frozen=True)
class Fact:
    relation: str
    subject: str  # qid
    answer: str  # target-language surface form
    pool: tuple[str, ...]  # same-kind answers to draw distractors from


def _load_kb(kb_path: Path) -> list[dict]:
    if not kb_path.exists():
        raise InputError(kb_path, "demo knowledge base not found", "run `python stages/demo_world.py` first")
    entities = []
    with kb_path.open(encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                entities.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise InputError(f"{kb_path}:{i}", f"not valid JSON: {e.msg}") from None
    if not entities:
        raise InputError(kb_path, "is empty", "regenerate the demo world with demo_world.entities > 0")
    return entities


def _name(entity: dict, lang: str) -> str | None:
    return entity.get("names", {}).get(lang)


def held_out(entity: dict) -> bool:
    """Are the entity's facts stated in English only? Only those are asked: a target-language
    question about them can be answered only by knowledge transferred from English."""
    return entity.get("stated_in", ["en"]) == ["en"]


def askable(entity: dict, lang: str) -> bool:
    """Held out, and linked from both sides: an English article states the facts, and the `lang`
    article (English for the ceiling) is connected to it through Wikidata, the route LEIA uses."""
    pages = entity.get("pages", ["en", lang])
    return held_out(entity) and "en" in pages and lang in pages and lang not in entity.get("unconnected", [])


def _facts(entities: list[dict], lang: str) -> list[Fact]:
    """Every held-out KB fact whose subject and answer have a name in `lang`, with its distractor pool
    (the answers of that relation over the whole KB)."""
    by_qid = {e["qid"]: e for e in entities}
    raw: list[tuple[str, str, str]] = []
    asked: list[bool] = []
    for e in entities:
        if _name(e, lang) is None:
            continue
        for fact in e.get("facts", []):
            rel = fact["relation"]
            if "object" in fact:
                obj = by_qid.get(fact["object"])
                answer = _name(obj, lang) if obj else None
            else:
                answer = fact.get("value", {}).get(lang)
            if answer:
                raw.append((rel, e["qid"], answer))
                asked.append(askable(e, lang))
    pools: dict[str, set[str]] = {}
    for rel, _, answer in raw:
        pools.setdefault(rel, set()).add(answer)
    kept = [r for r, ok in zip(raw, asked, strict=True) if ok]
    return [Fact(rel, s, a, tuple(sorted(pools[rel]))) for rel, s, a in kept]


def _choices(fact: Fact, n: int, rng: random.Random, extra: list[str]) -> tuple[list[str], int] | None:
    """n choices with the answer at a random position; distractors from the same relation first.

    Sampling (O(n) per fact) rather than shuffling the whole pool keeps 100k-entity worlds fast."""
    drawn = rng.sample(fact.pool, min(len(fact.pool), n))
    wrong = [x for x in dict.fromkeys(drawn) if x != fact.answer][: n - 1]
    if len(wrong) < n - 1:
        seen = {*wrong, fact.answer}
        fill = [x for x in dict.fromkeys(extra) if x not in seen]
        wrong += rng.sample(fill, min(len(fill), n - 1 - len(wrong)))
    if len(wrong) < n - 1:
        return None
    pos = rng.randrange(n)
    return wrong[:pos] + [fact.answer] + wrong[pos:], pos


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _split(items: list, rng: random.Random, first: float) -> tuple[list, list]:
    items = list(items)
    rng.shuffle(items)
    k = max(1, int(len(items) * first)) if len(items) > 1 else len(items)
    return items[:k], items[k:]


def write_demo_eval_sets(kb_path: Path, eval_dir: Path, *, seed: int, languages: list[str]) -> None:
    """Write every benchmark's demo files under eval_dir (atomically, as one folder)."""
    entities = _load_kb(Path(kb_path))
    with atomic_path(eval_dir, is_dir=True) as out:
        for lang in languages:
            rng = random.Random(f"{seed}-{lang}")
            _write_xcsr(entities, lang, out / "xcsr" / "X-CSR_datasets", rng)
            if lang == "ja":
                _write_japanese(entities, out, rng)


def _subject_name(entities: dict[str, dict], qid: str, lang: str) -> str:
    return _name(entities[qid], lang) or qid


def _write_xcsr(entities: list[dict], lang: str, root: Path, rng: random.Random) -> None:
    xl = XCSR_LANGS.get(lang, lang)
    by_qid = {e["qid"]: e for e in entities}
    all_names = sorted({n for e in entities if (n := _name(e, lang))})
    csqa, codah = [], []
    for i, fact in enumerate(_facts(entities, lang)):
        s = _subject_name(by_qid, fact.subject, lang)
        picked = _choices(fact, 5, rng, all_names)
        if picked:
            choices, gold = picked
            labels = "ABCDE"
            csqa.append({
                "id": f"demo-xcsqa-{lang}-{i:05d}", "lang": xl,
                "question": {"stem": F.question(lang, fact.relation, s),
                             "choices": [{"label": labels[j], "text": c} for j, c in enumerate(choices)]},
                "answerKey": labels[gold],
            })  # fmt: skip
        picked = _choices(fact, 4, rng, all_names)
        if picked:
            choices, gold = picked
            labels = "ABCD"

            def sentence(o: str, rel: str = fact.relation, s: str = s) -> str:
                return F.statements(lang, rel, s, o)[0]  # the first phrasing is X-CODAH's

            codah.append({
                "id": f"demo-xcodah-{lang}-{i:05d}", "lang": xl, "question_tag": "o",
                "question": {"stem": F.codah_lead(lang, s),
                             "choices": [{"label": labels[j], "text": sentence(c)}
                                         for j, c in enumerate(choices)]},
                "answerKey": labels[gold],
            })  # fmt: skip
    _jsonl(root / "X-CSQA" / xl / "dev.jsonl", csqa)
    _jsonl(root / "X-CODAH" / xl / "dev.jsonl", codah)


def _write_japanese(entities: list[dict], out: Path, rng: random.Random) -> None:
    by_qid = {e["qid"]: e for e in entities}
    all_names = sorted({n for e in entities if (n := _name(e, "ja"))})
    facts = _facts(entities, "ja")
    # JCommonsenseQA (JGLUE v1.1 JSON lines).
    rows = []
    for i, fact in enumerate(facts):
        picked = _choices(fact, 5, rng, all_names)
        if picked:
            choices, gold = picked
            q = F.question("ja", fact.relation, _subject_name(by_qid, fact.subject, "ja"))
            rows.append({"q_id": i, "question": q, **{f"choice{j}": c for j, c in enumerate(choices)},
                         "label": gold})  # fmt: skip
    train, valid = _split(rows, rng, 0.5)
    jglue = out / "JGLUE" / "datasets" / "jcommonsenseqa-v1.1"
    _jsonl(jglue / "train-v1.1.json", sorted(train, key=lambda r: r["q_id"]))
    _jsonl(jglue / "valid-v1.1.json", sorted(valid, key=lambda r: r["q_id"]))
    _write_jaqket(entities, facts, by_qid, out / "jaqket" / "aio_01", rng, all_names)
    _write_niilc(facts, by_qid, out / "niilc-qa" / "data", rng)
    _write_jemhopqa(entities, by_qid, out / "JEMHopQA" / "corpus", rng)


def _write_jaqket(entities, facts, by_qid, root: Path, rng: random.Random, all_names: list[str]) -> None:
    """JAQKET v1 (AIO 1st): question files with 20 candidates + candidate_entities (title, text)."""
    ja_entities = {n: e for e in entities if (n := _name(e, "ja"))}
    rows = []
    for i, fact in enumerate(facts):
        if fact.answer not in ja_entities:  # JAQKET answers are Wikipedia entities
            continue
        pool = Fact(fact.relation, fact.subject, fact.answer, tuple(sorted(ja_entities)))
        picked = _choices(pool, 20, rng, [])
        if not picked:
            continue
        choices, _ = picked
        q = F.question("ja", fact.relation, _subject_name(by_qid, fact.subject, "ja"))
        rows.append({"qid": f"QADEMO-{i:05d}", "question": q, "answer_entity": fact.answer,
                     "answer_candidates": choices})  # fmt: skip
    train, dev = _split(rows, rng, 0.5)
    root.mkdir(parents=True, exist_ok=True)
    _jsonl(root / "train_questions.json", train)
    _jsonl(root / "dev1_questions.json", dev)
    lines = []
    for title, e in sorted(ja_entities.items()):
        en = _name(e, "en")
        kind = _TYPE_JA.get(e.get("type", ""), "事物")
        text = f"{title}は{kind}である。" + (f"英語名は{en}。" if en else "")
        lines.append(json.dumps({"title": title, "text": text}, ensure_ascii=False) + "\n")
    # mtime=0: the gzip header otherwise carries the clock, and the same seed must give the same bytes
    (root / "candidate_entities.json.gz").write_bytes(gzip.compress("".join(lines).encode("utf-8"), mtime=0))


def _write_niilc(facts, by_qid, root: Path, rng: random.Random) -> None:
    """niilc-qa XML (the layout llm-jp-eval v1.0.0 reads with xmltodict)."""
    items = []
    for fact in facts:
        q = F.question("ja", fact.relation, _subject_name(by_qid, fact.subject, "ja"))
        items.append((q, [fact.answer]))
    dev, test = _split(items, rng, 0.5)
    root.mkdir(parents=True, exist_ok=True)
    for name, part in (("NIILC-ECQA2015_dev.xml", dev), ("NIILC-ECQA2015_test.xml", test)):
        body = []
        for k, (q, answers) in enumerate(part, 1):
            ans = "".join(f"      <answer>{escape(a)}</answer>\n" for a in answers)
            body.append(
                f'  <question id="NIILC-DEMO-{k:05d}-01">\n    <text>{escape(q)}</text>\n'
                f"    <answers>\n{ans}    </answers>\n  </question>\n"
            )
        xml = '<?xml version="1.0" encoding="UTF-8"?>\n<questions>\n' + "".join(body) + "</questions>\n"
        (root / name).write_text(xml, encoding="utf-8")


def _write_jemhopqa(entities, by_qid, root: Path, rng: random.Random) -> None:
    """JEMHopQA corpus JSON: compositional two-hop questions, (work -> creator | organization ->
    founder) -> birthplace, both hops held out (stated in English only)."""
    rows = []
    for e in entities:
        first = {"work": "created_by", "organization": "founded_by"}.get(e.get("type", ""))
        if first is None or not _name(e, "ja") or not askable(e, "ja"):
            continue
        person = next((by_qid.get(f["object"]) for f in e["facts"] if f["relation"] == first), None)
        if not person or not askable(person, "ja"):
            continue
        city = next((by_qid.get(f["object"]) for f in person["facts"] if f["relation"] == "born_in"), None)
        if not city or not _name(city, "ja") or not _name(person, "ja"):
            continue
        rows.append({
            "qid": f"demo{e['qid']}", "type": "compositional",
            "question": F.hop("ja", first, _name(e, "ja")), "answer": _name(city, "ja"),
            "derivations": [[_name(e, "ja"), F.HOP_LABEL[first], [_name(person, "ja")]],
                            [_name(person, "ja"), "出生地", [_name(city, "ja")]]],
            "page_ids": [], "time_dependent": False,
        })  # fmt: skip
    dev, train = _split(rows, rng, 0.5)  # dev (the evaluated split) gets the odd one
    root.mkdir(parents=True, exist_ok=True)
    for name, part in (("train.json", train), ("dev.json", dev)):
        (root / name).write_text(json.dumps(part, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

"""Demo sets in the published formats; the loaders; errors for missing data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leia.demo.eval_sets import write_demo_eval_sets
from leia.errors import InputError
from leia.evaluation import sources


def test_demo_sets_are_deterministic(kb_path: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_demo_eval_sets(kb_path, a, seed=3, languages=["ja", "sw"])
    write_demo_eval_sets(kb_path, b, seed=3, languages=["ja", "sw"])
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for f in files:
        if f.suffix != ".gz":
            assert (a / f).read_bytes() == (b / f).read_bytes(), f


def test_published_layouts_and_schemas(kb_path: Path, tmp_path: Path) -> None:
    import datasets

    write_demo_eval_sets(kb_path, tmp_path, seed=0, languages=["ja", "sw"])
    x = tmp_path / "xcsr/X-CSR_datasets"
    csqa = datasets.load_dataset("json", data_files=str(x / "X-CSQA/jap/dev.jsonl"))["train"]
    assert set(csqa.column_names) == {"id", "lang", "question", "answerKey"}
    assert csqa[0]["lang"] == "jap" and len(csqa[0]["question"]["choices"]) == 5
    codah = datasets.load_dataset("json", data_files=str(x / "X-CODAH/sw/dev.jsonl"))["train"]
    item = codah[0]["question"]
    assert len(item["choices"]) == 4 and all(c["text"].startswith(item["stem"]) for c in item["choices"])
    jc = tmp_path / "JGLUE/datasets/jcommonsenseqa-v1.1"
    row = json.loads((jc / "valid-v1.1.json").read_text(encoding="utf-8").splitlines()[0])
    assert set(row) == {"q_id", "question", "choice0", "choice1", "choice2", "choice3", "choice4", "label"}
    aio = tmp_path / "jaqket/aio_01"
    q = json.loads((aio / "dev1_questions.json").read_text(encoding="utf-8").splitlines()[0])
    assert (
        set(q) == {"qid", "question", "answer_entity", "answer_candidates"}
        and q["answer_entity"] in q["answer_candidates"]
    )
    assert (
        (tmp_path / "niilc-qa/data/NIILC-ECQA2015_test.xml").read_text(encoding="utf-8").startswith("<?xml")
    )
    jem = json.loads((tmp_path / "JEMHopQA/corpus/dev.json").read_text(encoding="utf-8"))
    assert {"qid", "type", "question", "answer", "derivations"} <= set(jem[0])


def test_normalised_data_loads_with_datasets(demo_data: Path) -> None:
    import datasets

    manifest = json.loads((demo_data / "manifest.json").read_text())
    assert manifest["xcodah/ja"]["random"] == 0.25 and "jaqket/sw" not in manifest
    for key, entry in manifest.items():
        task, lang = key.split("/")
        for split, n in entry["n"].items():
            ds = datasets.load_dataset("json", data_files=str(demo_data / task / lang / f"{split}.jsonl"))[
                "train"
            ]
            assert len(ds) == n > 0
            if "label" in ds.column_names:
                assert all(0 <= r["label"] < len(r["choices"]) for r in ds)


def test_niilc_joins_answers_and_drops_dash(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<questions>\n'
        '<question id="a"><text>日本三大美林は？</text><answers><answer>青森ヒバ</answer><answer>秋田スギ</answer>'  # noqa: E501
        "</answers></question>\n"
        '<question id="b"><text>分からない？</text><answers><answer>-</answer></answers></question>\n</questions>\n'  # noqa: E501
    )
    (tmp_path / "data").mkdir()
    (tmp_path / "data/NIILC-ECQA2015_test.xml").write_text(xml, encoding="utf-8")
    assert sources.load_niilc(tmp_path) == {
        "test": [{"id": "a", "question": "日本三大美林は？", "answer": "青森ヒバ,秋田スギ"}]
    }


def test_niilc_and_jemhopqa_strip_like_the_authors_files(tmp_path: Path) -> None:
    # NIILC-ECQA2015-00715-01 in mynlp/niilc-qa@b6d47968b2e301a5e953fb1922a08ed56099646b ends with a space;
    # leia-llm/leia@2b13a60c5de2ad73aa1ae6f48cbe9ac2a8e82eb9 `leia/tasks/data/llm-jp-eval/niilc.json`
    # has none.
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<questions>\n<question id="NIILC-ECQA2015-00715-01">'
        "<text>ＤＶＤの正式名称は？</text><answers><answer>Digital Versatile Disc </answer></answers>"
        "</question>\n</questions>\n"
    )
    (tmp_path / "data").mkdir()
    (tmp_path / "data/NIILC-ECQA2015_test.xml").write_text(xml, encoding="utf-8")
    assert sources.load_niilc(tmp_path)["test"][0]["answer"] == "Digital Versatile Disc"
    (tmp_path / "corpus").mkdir()
    rows = [{"qid": "x", "question": " 奥州市と酒田市は？\n", "answer": "YES "}]
    (tmp_path / "corpus/dev.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    expected = [{"id": "x", "question": "奥州市と酒田市は？", "answer": "YES"}]
    assert sources.load_jemhopqa(tmp_path)["test"] == expected


def test_jaqket_like_the_harness_loader(tmp_path: Path) -> None:
    """kumapo/JAQKET-dataset@29b42a42d590eca9c04e03839da0b0910ddc7988 `JAQKET.py` (the `kumapo/JAQKET` loader
    the JP harness uses): `_` removed from questions; five candidates, the answer among them."""
    import gzip

    aio = tmp_path / "aio_01"
    aio.mkdir()
    names = [f"E{i}" for i in range(6)]
    with gzip.open(aio / "candidate_entities.json.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps({"title": n, "text": f"{n}の文"}) + "\n" for n in names)
    qs = [
        {"qid": "q1", "question": "____という都市は？", "answer_entity": "E2", "answer_candidates": names},
        {"qid": "q2", "question": "答えが6番目", "answer_entity": "E5", "answer_candidates": names},
        {"qid": "q3", "question": "候補が4つ", "answer_entity": "E1", "answer_candidates": names[:4]},
    ]
    for fname in ("train_questions.json", "dev1_questions.json"):
        (aio / fname).write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in qs), "utf-8")
    rows = sources.load_jaqket(tmp_path)["validation"]
    assert [(r["id"], r["question"], r["label"]) for r in rows] == [("q1", "という都市は？", 2)]
    assert rows[0]["choices"] == names[:5] and rows[0]["contexts"][2] == "E2の文"


def test_xcsr_parquet_copy(tmp_path: Path) -> None:
    import pandas as pd

    d = tmp_path / "X-CSQA-jap"
    d.mkdir()
    choices = {"label": ["A", "B", "C", "D", "E"], "text": ["a", "b", "c", "d", "e"]}
    pd.DataFrame(
        [{"id": "1", "lang": "jap", "question": {"stem": "s", "choices": choices}, "answerKey": "C"}]
    ).to_parquet(d / "validation-00000-of-00001.parquet")
    rows = sources.load_xcsr(tmp_path, "xcsqa", "ja")["validation"]
    assert rows == [{"id": "1", "question": "s", "choices": ["a", "b", "c", "d", "e"], "label": 2}]


def test_missing_published_data_names_dataset(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="jglue data not found.*yahoojapan/JGLUE"):
        sources.prepare({"ja": ["jcommonsenseqa"]}, {"jglue": tmp_path / "nope"}, tmp_path / "out")
    assert not (tmp_path / "out").exists()

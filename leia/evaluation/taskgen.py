"""Write the lm-eval 0.4 task files: one shared template per benchmark plus one small file per language.

This follows the harness's own convention (`_…_template_yaml` files are not tasks; each task file
`include:`s one and sets `task` and its data files). The committed files in `leia/evaluation/tasks/`
are generated with relative data paths (`data/eval/...`, resolved from the working directory, i.e.
the repository root); `leia evaluate` regenerates them into a temporary folder with absolute paths.
Regenerate the committed ones with `python -m leia.evaluation.taskgen`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from leia.contract import TASKS, XCSR_LANGUAGES
from leia.evaluation import prompts

TASKS_DIR = Path(__file__).parent / "tasks"

# Wikipedia language code -> XCSR's code (XCSR writes Japanese as `jap`).
XCSR_LANGS = {lang: "jap" if lang == "ja" else lang for lang in XCSR_LANGUAGES}


def _fn(name: str) -> str:
    return f"!function utils.{name}"


_ACC = [{"metric": "acc", "aggregation": "mean", "higher_is_better": True}]
_CHAR_F1 = [{"metric": _fn("char_f1"), "aggregation": "mean", "higher_is_better": True}]
_MC = {"dataset_path": "json", "output_type": "multiple_choice", "doc_to_choice": "choices"}
_MC_TARGET = {"doc_to_target": "label", "metric_list": _ACC}


def templates() -> dict[str, dict]:
    """The shared configuration of each benchmark (file name -> YAML mapping)."""
    gen = {
        "dataset_path": "json",
        "output_type": "generate_until",
        "test_split": "test",
        "num_fewshot": 0,  # llm-jp-eval's four fixed examples are part of the prompt itself
        "doc_to_target": "answer",
        "metric_list": _CHAR_F1,
    }
    return {
        "_xcodah_template_yaml": {
            "tag": "xcodah",
            **_MC,
            "test_split": "validation",
            "num_fewshot": 0,
            "doc_to_text": "",  # no prompt: each choice is scored alone after the prefix (EOS) token
            **_MC_TARGET,
            "target_delimiter": "",
            "metadata": {"version": 1.0},
        },
        "_xcsqa_template_yaml": {
            "tag": "xcsqa",
            **_MC,
            "test_split": "validation",
            "fewshot_split": "validation",  # same split: the harness leaves the item itself out
            "num_fewshot": 4,
            "doc_to_text": _fn("xcsqa_doc_to_text"),
            **_MC_TARGET,
            "target_delimiter": " ",
            "fewshot_delimiter": "\n\n",
            "metadata": {"version": 1.0},
        },
        "_jcommonsenseqa_template_yaml": {
            **_MC,
            "training_split": "train",
            "test_split": "validation",
            "fewshot_split": "train",
            "num_fewshot": 4,
            "description": prompts.JCSQA_DESCRIPTION,
            "doc_to_text": _fn("jcsqa_doc_to_text"),
            **_MC_TARGET,
            "target_delimiter": "",
            "fewshot_delimiter": "\n\n",
            "metadata": {"version": 1.1, "prompt_version": "0.2.1"},
        },
        "_jaqket_v1_template_yaml": {
            **_MC,
            "custom_dataset": _fn("load_jaqket"),
            "training_split": "train",
            "test_split": "validation",
            "fewshot_split": "train",
            "num_fewshot": 4,
            "description": prompts.JAQKET_DESCRIPTION,
            "doc_to_text": _fn("jaqket_doc_to_text"),
            **_MC_TARGET,
            "target_delimiter": " ",
            "fewshot_delimiter": "\n\n",
            "fewshot_config": {
                "sampler": "default",
                "doc_to_text": _fn("jaqket_fewshot_doc_to_text"),
                "doc_to_target": _fn("jaqket_fewshot_doc_to_target"),
                "target_delimiter": "",
            },
            "metadata": {"version": 0.1, "prompt_version": 0.2},
        },
        "_niilc_template_yaml": {
            **gen,
            "doc_to_text": _fn("niilc_doc_to_text"),
            "generation_kwargs": {
                "until": ["\n"],
                "max_gen_toks": prompts.NIILC_MAX_NEW_TOKENS,
                "do_sample": False,
            },
            "metadata": {"version": 1.0, "llm_jp_eval": "1.0.0"},
        },
        "_jemhopqa_template_yaml": {
            **gen,
            "doc_to_text": _fn("jemhopqa_doc_to_text"),
            "generation_kwargs": {
                "until": ["\n"],
                "max_gen_toks": prompts.JEMHOPQA_MAX_NEW_TOKENS,
                "do_sample": False,
            },
            "metadata": {"version": 1.0, "llm_jp_eval": "1.0.0"},
        },
    }


def task_files(data_root: str, langs: list[str] | None = None) -> dict[str, dict]:
    """Per-task files (file name -> mapping) for `langs` (default: every language a benchmark covers);
    a benchmark gets files only for the languages it exists in (leia.contract.TASKS)."""
    out: dict[str, dict] = {}
    for task, spec in TASKS.items():
        for lang in sorted(spec.languages) if langs is None else [x for x in langs if x in spec.languages]:
            name = spec.lm_eval_name(lang)
            template = "_jaqket_v1_template_yaml" if task == "jaqket" else f"_{task}_template_yaml"
            files = {s: f"{data_root}/{task}/{lang}/{s}.jsonl" for s in spec.splits}
            out[f"{name}.yaml"] = {"include": template, "task": name, "dataset_kwargs": {"data_files": files}}
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if value.startswith("!function "):  # emit as the harness's tag, not as a quoted string
        return dumper.represent_scalar("!function", value.removeprefix("!function "))
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if "\n" in value else None)


_Dumper.add_representer(str, _str)


def dump(mapping: dict) -> str:
    return yaml.dump(mapping, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def write_tasks(out_dir: Path, data_root: str, langs: list[str] | None = None) -> list[str]:
    """Write templates, task files and utils.py into out_dir; return the task file names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    header = "# Generated by leia.evaluation.taskgen; edit taskgen.py and regenerate.\n"
    for name, mapping in templates().items():
        (out_dir / name).write_text(header + dump(mapping), encoding="utf-8")
    files = task_files(data_root, langs)
    for name, mapping in files.items():
        (out_dir / name).write_text(header + dump(mapping), encoding="utf-8")
    if out_dir.resolve() != TASKS_DIR.resolve():
        shutil.copy2(TASKS_DIR / "utils.py", out_dir / "utils.py")
    return sorted(files)


if __name__ == "__main__":
    for stale in TASKS_DIR.glob("*.yaml"):
        stale.unlink()
    names = write_tasks(TASKS_DIR, "data/eval")
    print(f"wrote {len(names)} task files to {TASKS_DIR}")

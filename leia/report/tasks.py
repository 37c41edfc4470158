"""What the report needs to know about each evaluation task: label, metric, chance level."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    key: str
    label: str  # as in the paper's tables
    metric: str  # the metrics.json key the paper reports
    choices: int  # answer candidates; 0 = free generation (chance level 0)

    @property
    def chance(self) -> float:
        return 1.0 / self.choices if self.choices else 0.0


TASKS: dict[str, Task] = {
    t.key: t
    for t in (
        Task("xcodah", "X-CODAH", "acc", 4),
        Task("xcsqa", "X-CSQA", "acc", 5),
        Task("jcommonsenseqa", "JCSQA", "acc", 5),
        Task("niilc", "NIILC", "char_f1", 0),
        Task("jemhopqa", "JHQA", "char_f1", 0),
        Task("jaqket", "JAQKET", "acc", 5),
    )
}


def task(key: str) -> Task:
    """The known task `key`; an unknown key gets a generic entry (accuracy, chance unknown = 0)."""
    return TASKS.get(key) or Task(key, key, "acc", 0)

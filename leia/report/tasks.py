"""What the report needs to know about each evaluation task (label, metric, chance level): the
contract's task registry, with a generic entry for a task it does not know."""

from __future__ import annotations

from leia.contract import TASKS, Task


def task(key: str) -> Task:
    """The known task `key`; an unknown key gets a generic entry (accuracy, chance unknown = 0)."""
    return TASKS.get(key) or Task(key, key, key, (), "acc", 0, "")

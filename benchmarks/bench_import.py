"""Accuracy of reading notices into tasks, on the labelled set in tests/data/notices/.

For each part (tuning, held-out) separately: precision and recall of the tasks found, and
accuracy of the lead, the co-agencies and the deadline over the labelled tasks (a task not
found counts wrong in every field). The held-out part is scored only when asked for with
`--part heldout` or `--part both`: while rules are being tuned, run `--part tuning`.

    .venv/bin/python benchmarks/bench_import.py --part tuning [--show]
    .venv/bin/python benchmarks/bench_import.py --part both
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.core.agencies import Registry  # noqa: E402
from tracker.core.notice import DraftTask, parse_notice  # noqa: E402

DATA = ROOT / "tests" / "data" / "notices"
PARTS = {"tuning": DATA / "tuning.jsonl", "heldout": DATA / "heldout.jsonl"}


@dataclass
class Score:
    items: int = 0
    expected: int = 0
    predicted: int = 0
    found: int = 0  # expected tasks paired with a predicted one
    lead: int = 0
    co: int = 0
    deadline: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:5.1f}%" if b else "  n/a"

        fields = self.lead + self.co + self.deadline
        return (
            f"{name:8} items {self.items:3}  tasks {self.expected:3} labelled, "
            f"{self.predicted:3} read | precision {pct(self.found, self.predicted)}  recall "
            f"{pct(self.found, self.expected)} | lead {pct(self.lead, self.expected)}  co "
            f"{pct(self.co, self.expected)}  deadline {pct(self.deadline, self.expected)}  "
            f"fields {pct(fields, 3 * self.expected)}"
        )


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def read(item: dict[str, Any], registry: Registry) -> list[DraftTask]:
    anchor = dt.date.fromisoformat(item["assigned_on"])
    return parse_notice(item["text"].split("\n"), registry, anchor).tasks


def pair(expected: list[dict[str, Any]], got: list[DraftTask]) -> list[tuple[int, int, bool]]:
    """(expected index, read index, same lead): first tasks with the same lead, in order,
    then the rest in order."""
    pairs: list[tuple[int, int, bool]] = []
    used: set[int] = set()
    for e, task in enumerate(expected):
        for g, draft in enumerate(got):
            if g not in used and (draft.lead.code if draft.lead else None) == task["lead"]:
                pairs.append((e, g, True))
                used.add(g)
                break
    paired = {e for e, _, _ in pairs}
    rest_e = [e for e in range(len(expected)) if e not in paired]
    rest_g = [g for g in range(len(got)) if g not in used]
    pairs += [(e, g, False) for e, g in zip(rest_e, rest_g, strict=False)]
    return pairs


def score(items: list[dict[str, Any]], registry: Registry, show: bool) -> Score:
    result = Score()
    for item in items:
        got = read(item, registry)
        expected = item["tasks"]
        result.items += 1
        result.expected += len(expected)
        result.predicted += len(got)
        wrong = []
        for e, g, same_lead in pair(expected, got):
            want, draft = expected[e], got[g]
            result.found += 1
            result.lead += same_lead
            co = sorted(c.code or "?" for c in draft.co) == sorted(want["co"])
            result.co += co
            dl = (draft.deadline.kind.value, draft.deadline.day) == (
                want["deadline_kind"],
                dt.date.fromisoformat(want["deadline"]) if want["deadline"] else None,
            )
            result.deadline += dl
            if not (same_lead and co and dl):
                wrong.append(
                    f"  want {want['lead']} {want['co']} {want['deadline_kind']} "
                    f"{want['deadline']}\n  got  {draft.lead.code if draft.lead else None} "
                    f"{[c.code for c in draft.co]} {draft.deadline.kind.value} "
                    f"{draft.deadline.day} «{draft.deadline_text}» | {draft.title}"
                )
        if len(got) != len(expected):
            wrong.append(
                f"  {len(expected)} labelled, {len(got)} read: "
                + "; ".join(f"{t.lead.code if t.lead else None}: {t.title}" for t in got)
            )
        if wrong and show:
            result.misses.append(f"{item['id']} {item['text']}\n" + "\n".join(wrong))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["tuning", "heldout", "both"], default="tuning")
    parser.add_argument("--show", action="store_true", help="print every item read wrong")
    args = parser.parse_args()
    registry = Registry.builtin()
    parts = ["tuning", "heldout"] if args.part == "both" else [args.part]
    for part in parts:
        result = score(load(PARTS[part]), registry, args.show)
        if args.show:
            print("\n\n".join(result.misses))
        print(result.line(part))


if __name__ == "__main__":
    main()

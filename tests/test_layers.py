"""The package's architecture: the import-linter contracts of pyproject.toml hold (also run
by `make test`), and no two modules import each other in a circle, counting imports inside
functions and under TYPE_CHECKING (grimp reads every import statement)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout


def test_no_import_cycle_between_modules() -> None:
    graph = grimp.build_graph("tracker", cache_dir=None)
    modules = sorted(graph.modules)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in modules}
    # A package's __init__ re-exporting its own modules is not a cycle between modules.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if target.startswith(module + ".") or module.startswith(target + "."):
                continue
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in modules:
        if module not in state:
            visit(module, [module])
    assert cycles == [], cycles

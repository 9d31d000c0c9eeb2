"""The package's folders are its pipeline, and nothing outlives a build but the memo.

- sitegen's sub-packages import only downward, in the order of docs/architecture.md;
- no module holds mutable state at module level (a dict, list or set that code changes, an
  lru_cache of a function with arguments, an instance of a mutable class of sitegen's own);
  a cached function without arguments is a constant read once from the package's data;
- every sub-package says in its docstring what it owns and what it may import.
"""

from __future__ import annotations

import ast

import pytest
from support import ROOT

PACKAGE = ROOT / "sitegen"
# The pipeline, bottom first: a sub-package may import only those before it (and itself).
ORDER = ("model", "content", "site", "incremental", "render", "publish", "pipeline", "preview", "commands")
MUTATING = {"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem", "remove", "discard",
            "clear", "__setitem__"}


def _modules() -> dict[str, ast.Module]:
    return {path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.level:
                raise AssertionError("relative import: sitegen's imports are absolute, so the layers show")
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_every_module_lives_in_a_sub_package_of_the_pipeline():
    loose = [name for name in _modules() if "/" not in name and name != "__init__.py"]
    assert loose == []
    assert sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()) == sorted(ORDER)


@pytest.mark.parametrize("package", ORDER)
def test_a_sub_package_imports_only_the_ones_below_it(package):
    allowed = set(ORDER[:ORDER.index(package) + 1])
    upward = []
    for name, tree in _modules().items():
        if not name.startswith(f"{package}/"):
            continue
        for module in _imported(tree):
            parts = module.split(".")
            if parts[0] == "sitegen" and len(parts) > 1 and parts[1] not in allowed:
                upward.append(f"sitegen/{name} imports {module}")
    assert upward == []


@pytest.mark.parametrize("package", ORDER)
def test_a_sub_package_says_what_it_owns_and_may_import(package):
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "import" in doc.lower(), f"sitegen/{package}/__init__.py needs a docstring naming what it may import"


def _module_level_containers(tree: ast.Module) -> set[str]:
    """Names bound at module level to a dict, list or set (literal, comprehension or call)."""
    names = set()
    for node in tree.body:
        targets, value = [], None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        container = isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)) or (
            isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id in {"dict", "list", "set", "defaultdict", "Counter", "OrderedDict", "deque", "bytearray"})
        if container:
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _mutations(tree: ast.Module, names: set[str]) -> list[str]:
    """Where code changes one of `names`: a mutating method, an item assigned or deleted, a
    slice assigned, or a `global` rebinding it."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING:
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in names:
                found.append(f"{owner.id}.{node.func.attr}() at line {node.lineno}")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                        and target.value.id in names:
                    found.append(f"{target.value.id}[...] changed at line {node.lineno}")
        elif isinstance(node, ast.Global):
            found.extend(f"global {name} at line {node.lineno}" for name in node.names)
    return found


def _immutable(node: ast.ClassDef) -> bool:
    """A frozen dataclass or a NamedTuple."""
    frozen = any(isinstance(d, ast.Call) and getattr(d.func, "id", "") == "dataclass"
                 and any(k.arg == "frozen" and getattr(k.value, "value", False) for k in d.keywords)
                 for d in node.decorator_list)
    return frozen or any(getattr(base, "id", "") == "NamedTuple" for base in node.bases)


def _mutable_classes(modules: dict[str, ast.Module]) -> set[str]:
    """sitegen's own classes whose instances can change."""
    return {node.name for tree in modules.values() for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef) and not _immutable(node)}


def test_no_module_holds_state_that_outlives_a_build():
    modules = _modules()
    classes = _mutable_classes(modules)
    # An object a function of sitegen's makes at import (a converter, a cache) would be shared by
    # every build of the process.
    functions = {node.name for tree in modules.values() for node in tree.body if isinstance(node, ast.FunctionDef)}
    problems = []
    for name, tree in modules.items():
        for mutation in _mutations(tree, _module_level_containers(tree)):
            problems.append(f"sitegen/{name}: {mutation}")
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.args.args:
                for decorator in node.decorator_list:
                    called = decorator.func if isinstance(decorator, ast.Call) else decorator
                    label = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
                    if label in {"lru_cache", "cache"}:
                        problems.append(f"sitegen/{name}: {node.name}() keeps what it was called with ({label})")
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                    and isinstance(node.value.func, ast.Name) and node.value.func.id in classes | functions:
                problems.append(f"sitegen/{name}: {node.value.func.id}() made at import, line {node.lineno}")
    assert problems == [], "\n".join(problems)


def test_the_scan_finds_each_kind_of_module_state():
    """The scan above can fail: each way state can hide is caught."""
    tree = ast.parse("KEPT = {}\nSEEN: list = []\nLAST = [None]\n"
                     "def remember(key, value):\n    KEPT[key] = value\n    SEEN.append(key)\n    LAST[:] = [key]\n")
    found = _mutations(tree, _module_level_containers(tree))
    assert len(found) == 3, found
    assert _mutations(ast.parse("def f():\n    global COUNT\n    COUNT = 1\n"), set()) == ["global COUNT at line 2"]

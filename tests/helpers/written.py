"""The texts an expression in kg's code can write, read from the source: a literal, an
f-string (each value as ``X1``, ``X2`` …), and a name, a call or a lookup followed to the
literals it stands for, so that a message kept in a variable is read as one written in place."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import kg

#: How far a name is followed (a name given another name's value, and so on).
_DEPTH = 8


@functools.cache
def modules() -> dict[Path, ast.Module]:
    """Each module of kg, parsed, with each node's parent as ``node.parent``."""
    found = {}
    for path in sorted(Path(kg.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                child.parent = node  # type: ignore[attr-defined]
        found[path] = tree
    return found


@functools.cache
def _dotted() -> dict[str, ast.Module]:
    """kg's modules by their dotted name (``kg.io.literals``)."""
    root = Path(kg.__file__).parent.parent
    found = {}
    for path, tree in modules().items():
        parts = path.relative_to(root).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = tree
    return found


def _function(name: str, node: ast.AST) -> ast.FunctionDef | None:
    """The function ``name`` as the code around ``node`` knows it: its module's own, or the
    one it imports."""
    *functions, module = _scopes(node)
    for scope in functions:  # a function of the function around the call
        for found in ast.walk(scope):
            if isinstance(found, ast.FunctionDef) and found.name == name and found is not scope:
                return found
    for found in module.body:  # type: ignore[attr-defined]
        if isinstance(found, ast.FunctionDef) and found.name == name:
            return found
    source = _source_of(name, node)
    for found in source.body if source is not None else []:
        if isinstance(found, ast.FunctionDef) and found.name == name:
            return found
    return None


def _scopes(node: ast.AST) -> list[ast.AST]:
    """The functions around ``node``, innermost first, then its module."""
    found = []
    while hasattr(node, "parent"):
        node = node.parent
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            found.append(node)
    return found


def _own_nodes(scope: ast.AST) -> list[ast.AST]:
    """The nodes of ``scope`` outside the functions and classes defined in it."""
    found, todo = [], list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        found.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return found


def _given(name: str, scope: ast.AST) -> list[tuple[ast.AST, int | None]] | None:
    """What ``name`` is given in ``scope``: (expression, index of the tuple it unpacks or
    None); None where it is given nothing there (a parameter) or in a way not followed."""
    found: list[tuple[ast.AST, int | None]] = []
    for node in _own_nodes(scope):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == name and node.value:
                    found.append((node.value, None))
                elif isinstance(target, ast.Tuple):
                    for index, part in enumerate(target.elts):
                        if isinstance(part, ast.Name) and part.id == name:
                            found.append((node.value, index))
        elif isinstance(node, ast.For | ast.comprehension):
            target = node.target
            if isinstance(target, ast.Name) and target.id == name:
                return None  # a loop's value: each of a collection, not followed
            if isinstance(target, ast.Tuple) and isinstance(node.iter, ast.Tuple | ast.List):
                for index, part in enumerate(target.elts):
                    if isinstance(part, ast.Name) and part.id == name:
                        found += [(item, index) for item in node.iter.elts]
            elif isinstance(target, ast.Tuple) and any(
                isinstance(p, ast.Name) and p.id == name for p in target.elts
            ):
                return None
    return found


def _returned(function: ast.FunctionDef) -> list[ast.AST]:
    """The expressions ``function`` returns (not those of functions inside it)."""
    return [n.value for n in _own_nodes(function) if isinstance(n, ast.Return) and n.value]


def texts(node: ast.AST, index: int | None = None, depth: int = 0) -> list[str] | None:
    """The texts ``node`` can write (with ``index``: the texts of that part of the tuple it
    is), each value of an f-string as ``X1``, ``X2`` …; None where some of them cannot be
    read from the code (a value that comes from outside kg, an attribute)."""
    if depth > _DEPTH:
        return None
    deeper = functools.partial(texts, depth=depth + 1)
    if index is not None:
        if isinstance(node, ast.Constant) and node.value is None:
            return []
        if isinstance(node, ast.Tuple | ast.List):
            return deeper(node.elts[index]) if index < len(node.elts) else None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return _call(node, index, depth)
        if isinstance(node, ast.IfExp):
            return _both(deeper(node.body, index), deeper(node.orelse, index))
        if isinstance(node, ast.Name):
            return _indexed(node, index, depth)
        return None
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else [] if node.value is None else None
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return _both(*(deeper(value) for value in node.values))
    if isinstance(node, ast.IfExp):
        return _both(deeper(node.body), deeper(node.orelse))
    if isinstance(node, ast.JoinedStr):
        text, values = "", 0
        for part in node.values:
            constant = _constant(part, depth)
            if isinstance(part, ast.Constant):
                text += part.value
            elif constant is not None:
                text += constant
            else:
                values += 1
                text += f"X{values}"
        return [text]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = deeper(node.left), deeper(node.right)
        return None if left is None or right is None else [a + b for a in left for b in right]
    if isinstance(node, ast.Name):
        return _name(node, depth)
    if isinstance(node, ast.Subscript):
        if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int):
            return deeper(node.value, node.slice.value)  # a part of a tuple
        return deeper(node.value)  # a value of a dict
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        method, owner = node.func.attr, node.func.value
        if method in ("format", "replace", "strip", "rstrip", "lstrip"):
            return deeper(owner)
        if method == "join" and isinstance(owner, ast.Constant):
            return ["X"]  # a list of values
        if method == "get" and len(node.args) == 2:
            return _both(deeper(owner), deeper(node.args[1]))  # a dict's values, or the default
        return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return _call(node, None, depth)
    return None


def _constant(part: ast.AST, depth: int) -> str | None:
    """The text of an f-string's value that is a constant of kg's (``{_SEE}``: a name in
    capitals given one text), written in as the code writes it; None for any other value."""
    if not isinstance(part, ast.FormattedValue) or part.conversion != -1 or part.format_spec:
        return None
    value = part.value
    if not (isinstance(value, ast.Name) and value.id.lstrip("_").isupper()):
        return None
    found = _name(value, depth + 1)
    return found[0] if found is not None and len(found) == 1 else None


def _name(node: ast.Name, depth: int) -> list[str] | None:
    """The texts a name stands for: what its function, or else its module, gives it."""
    for scope in _scopes(node):
        given = _given(node.id, scope)
        if given is None:
            return None
        if not given and isinstance(scope, ast.FunctionDef):
            passed = _passed(scope, node.id)
            if passed is not None:
                return (
                    _both(*(texts(value, None, depth + 1) for value in passed)) if passed else None
                )
        if given:
            found: list[str] | None = []
            for value, index in given:
                if index is None:
                    found = _both(found, _dict_or_text(value, depth))
                else:
                    found = _both(found, texts(value, index, depth + 1))
            return found
    source = _source_of(node.id, node)
    given = _given(node.id, source) if source is not None else None
    if given and all(index is None for _, index in given):  # a constant of another module
        return _both(*(_dict_or_text(value, depth) for value, _ in given))
    return None


@functools.cache
def _calls() -> dict[str, list[ast.Call]]:
    """Every call in kg, by the name it calls (``f(…)`` and ``x.f(…)`` both under ``f``)."""
    found: dict[str, list[ast.Call]] = {}
    for tree in modules().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                called = node.func
                name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", None)
                if name:
                    found.setdefault(name, []).append(node)
    return found


def _passed(function: ast.FunctionDef, name: str) -> list[ast.AST] | None:
    """What kg's calls of ``function`` pass as its parameter ``name`` (and its default, where
    a call leaves it out); None where ``name`` is no parameter of it or a call passes
    ``*args`` or ``**kwargs``."""
    arguments = function.args
    positional = [a.arg for a in [*arguments.posonlyargs, *arguments.args]]
    if name not in positional and name not in [a.arg for a in arguments.kwonlyargs]:
        return None
    index = positional.index(name) if name in positional else None
    if index is not None and positional[:1] in (["self"], ["cls"]):
        index -= 1  # a method's, called as x.method(…)
    defaults = dict(zip(positional[::-1], arguments.defaults[::-1], strict=False))
    defaults.update(
        (a.arg, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True) if d
    )
    found: list[ast.AST] = []
    method = positional[:1] in (["self"], ["cls"])
    for call in _calls().get(function.name, []):
        if isinstance(call.func, ast.Attribute) != method:
            continue  # np.full(…) is no call of kg's full(…)
        if not method and _function(function.name, call) is not function:
            continue
        if any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords
        ):
            return None
        given = [k.value for k in call.keywords if k.arg == name]
        if not given and index is not None and 0 <= index < len(call.args):
            given = [call.args[index]]
        if not given and name in defaults:
            given = [defaults[name]]
        found += given
    return found


def _indexed(node: ast.Name, index: int, depth: int) -> list[str] | None:
    """The texts of part ``index`` of the tuple a name stands for, where its function gives
    it one."""
    for scope in _scopes(node):
        given = _given(node.id, scope)
        if given is None:
            return None
        if given:
            parts = [texts(value, index, depth + 1) for value, where in given if where is None]
            return _both(*parts) if len(parts) == len(given) else None
    return None


def _source_of(name: str, node: ast.AST) -> ast.Module | None:
    """The module of kg's that ``name`` is imported from where ``node`` is, if it is."""
    for scope in _scopes(node):
        for found in _own_nodes(scope):
            imports = isinstance(found, ast.ImportFrom) and found.module and found.level == 0
            if imports and any((a.asname or a.name) == name for a in found.names):  # type: ignore[union-attr]
                return _dotted().get(found.module)  # type: ignore[union-attr, arg-type]
    return None


def _dict_or_text(value: ast.AST, depth: int) -> list[str] | None:
    """The texts of a constant: a text's, or a dict's values."""
    if isinstance(value, ast.Dict):
        return _both(*(texts(v, None, depth + 1) for v in value.values))
    return texts(value, None, depth + 1)


def _call(node: ast.Call, index: int | None, depth: int) -> list[str] | None:
    """The texts the kg function that ``node`` calls returns (with ``index``: that part of
    its tuple)."""
    function = _function(node.func.id, node)  # type: ignore[attr-defined]
    if function is None:
        return None
    found: list[str] | None = []
    for value in _returned(function):
        found = _both(found, texts(value, index, depth + 1))
    return found or None


def _both(*parts: list[str] | None) -> list[str] | None:
    """The texts of each part, or None where one cannot be read."""
    if any(p is None for p in parts):
        return None
    return [t for p in parts for t in p]  # type: ignore[union-attr]

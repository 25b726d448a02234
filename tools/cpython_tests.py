#!/usr/bin/env python3
"""Lists the tests of CPython's Lib/test/test_asyncio files that cover aio's API, and checks
src/test/resources/cpython/<file>.tsv against them: every CPython test has exactly one row.

A developer's tool, run by hand where a CPython 3.13 is installed (the test suite never needs
CPython: CPythonCoverageTest checks the tables against the Java tests alone).

    tools/cpython_tests.py list test_futures      # Class.test_name, one a line
    tools/cpython_tests.py check                  # every table against CPython's files
    tools/cpython_tests.py draft test_futures     # a first table from the Java tests' comments
"""
import ast
import re
import pathlib
import sys
import sysconfig

FILES = ["test_tasks", "test_futures", "test_taskgroups", "test_timeouts", "test_locks",
         "test_queues", "test_streams", "test_subprocess", "test_base_events"]
TABLES = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/cpython"


def cpython_dir():
    return pathlib.Path(sysconfig.get_paths()["stdlib"]) / "test" / "test_asyncio"


def tests_of(name):
    """Class.test for every test method, named by the class that defines it (mixins included once)."""
    tree = ast.parse((cpython_dir() / (name + ".py")).read_text())
    out = []

    def classes(body):
        # Module-level classes, and those under a module-level `if` (test_subprocess's Unix-only
        # watcher tests sit in `if sys.platform != 'win32':`), both branches.
        for node in body:
            if isinstance(node, ast.ClassDef):
                yield node
            elif isinstance(node, ast.If):
                yield from classes(node.body)
                yield from classes(node.orelse)

    for node in classes(tree.body):
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test_"):
                out.append(node.name + "." + item.name)
    return out


def rows_of(name):
    path = TABLES / (name + ".tsv")
    if not path.exists():
        return None
    rows = []
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t")[0])
    return rows


def check():
    bad = 0
    for name in FILES:
        want = tests_of(name)
        have = rows_of(name)
        if have is None:
            print(f"{name}: no table")
            bad += 1
            continue
        missing = [t for t in want if t not in have]
        extra = [t for t in have if t not in want]
        dup = sorted({t for t in have if have.count(t) > 1})
        for t in missing:
            print(f"{name}: missing {t}")
        for t in extra:
            print(f"{name}: not in CPython {t}")
        for t in dup:
            print(f"{name}: twice {t}")
        bad += len(missing) + len(extra) + len(dup)
        print(f"{name}: {len(want)} tests, {len(have)} rows")
    return 1 if bad else 0


JAVA_TESTS = pathlib.Path(__file__).resolve().parent.parent / "src/test/java"
METHOD = re.compile(r"^\s*(?:public\s+|static\s+)*void\s+(\w+)\s*\(")


def java_claims(name):
    """(JavaClass#method, comment text) for every test method whose comment names <name>.py: the
    comment lines just above the method (annotations between) or the first lines of its body."""
    claims = []
    for path in sorted(JAVA_TESTS.rglob("*.java")):
        lines = path.read_text().splitlines()
        above = []
        for i, line in enumerate(lines):
            stripped = line.strip()
            if stripped.startswith("//"):
                above.append(stripped)
                continue
            if stripped.startswith("@"):
                continue
            m = METHOD.match(line)
            if m:
                inside = []
                for body_line in lines[i + 1:]:
                    if not body_line.strip().startswith("//"):
                        break
                    inside.append(body_line.strip())
                comment = above + inside
                if any(name + ".py" in c for c in comment):
                    claims.append((path.stem + "#" + m.group(1), " ".join(comment)))
            above = []
    return claims


def draft(name):
    tests = tests_of(name)
    bare = {}
    for t in tests:
        bare.setdefault(t.split(".")[1], []).append(t)
    claims = java_claims(name)
    for t in tests:
        cls, test = t.split(".")
        where = []
        for method, text in claims:
            qualified = re.search(r"\b" + cls + r"\." + test + r"(?![A-Za-z0-9_])", text)
            plain = re.search(r"(?<![A-Za-z0-9_.])" + test + r"(?![A-Za-z0-9_])", text)
            if qualified or (plain and len(bare[test]) == 1):
                where.append(method)
        if where:
            print(f"{t}\tported\t{where[0]}" + ("" if len(where) == 1 else "\t# also " + " ".join(where[1:])))
        else:
            print(f"{t}\tnot ported\t?")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "list":
        print("\n".join(tests_of(sys.argv[2])))
    elif len(sys.argv) >= 3 and sys.argv[1] == "draft":
        draft(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "check":
        sys.exit(check())
    else:
        print(__doc__)
        sys.exit(2)

#!/bin/sh
# Mutation testing of one module with mutmut, on the fast tier of the tests that cover it:
#   scripts/mutate.sh kg/model/successors.py tests/test_successors.py tests/test_successors_surfaces.py
# It runs in a copy of the checkout's tracked files (mutmut rewrites the source it mutates),
# in $MUTATE_DIR (default: a new folder under /tmp), and prints mutmut's results: each mutant
# "survived" is a change of the code no test noticed. Needs mutmut in the environment:
# .venv/bin/pip install mutmut (it is no dependency of kg's).
# With no module, or with --listed [NAME...], it runs the hand-written mutants of
# scripts/mutants.toml instead (scripts/mutants.py; no mutmut needed).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${VENV:-$root/.venv}
if [ $# -eq 0 ] || [ "$1" = "--listed" ]; then
    [ $# -eq 0 ] || shift
    exec "$venv/bin/python" "$root/scripts/mutants.py" "$@"
fi
if [ $# -lt 2 ]; then
    echo "usage: scripts/mutate.sh MODULE.py TEST_FILE... (e.g. kg/io/period.py tests/test_years.py)," >&2
    echo "       or scripts/mutate.sh [--listed NAME...] for the mutants of scripts/mutants.toml" >&2
    exit 2
fi
"$venv/bin/python" -c "import mutmut" 2>/dev/null || {
    echo "mutmut is not installed: $venv/bin/pip install mutmut" >&2
    exit 2
}
module=$1
shift
[ -f "$root/$module" ] || { echo "$module: no such module in $root" >&2; exit 2; }
work=${MUTATE_DIR:-$(mktemp -d /tmp/kg-mutate.XXXXXX)}
mkdir -p "$work"
# the tracked files as they are in the checkout, their folders kept (tar: GNU's and macOS's)
(cd "$root" && git ls-files -z | tar -cf - --null -T -) | (cd "$work" && tar -xf -)
{
    echo "[mutmut]"
    echo "source_paths = kg"
    echo "only_mutate = $module"
    echo "also_copy ="
    for path in data ontology queries docs README.md CHANGELOG.md; do echo "    $path"; done
    printf 'pytest_add_cli_args =\n    -p\n    no:cacheprovider\n    -m\n    not slow\n    -p\n    no:xdist\n'
    echo "pytest_add_cli_args_test_selection ="
    for path in "$@" "$module"; do echo "    $path"; done
} >"$work/setup.cfg"
cd "$work"
"$venv/bin/mutmut" run >mutmut.log 2>&1 || true
"$venv/bin/mutmut" results
echo "mutants and log in $work (mutmut show NAME there shows a mutant)" >&2

#!/usr/bin/env bash
# Reruns Python oracle programs under CPython 3.13 and stores what each
# prints next to it as NAME.out: the expected lines for its TypeScript twins.
# Used by test/ordering/regen.sh and test/cpython/regen.sh.
#
#   bash test/regen-oracles.sh DIR             rewrite every .out in DIR
#   bash test/regen-oracles.sh DIR --check     rerun and compare, write nothing
#   bash test/regen-oracles.sh DIR A.py ...    only these programs
#
# Files whose name starts with `_` are modules the programs share, not
# programs. The interpreter is $PYTHON (default python3; under pyenv
# PYENV_VERSION defaults to 3.13.0). Anything a program writes to stderr is a
# failure, so warnings cannot slip into the oracle unnoticed.
set -euo pipefail

cd "$1"
shift
export PYENV_VERSION="${PYENV_VERSION:-3.13.0}"
PYTHON="${PYTHON:-python3}"

version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [[ "$version" != "3.13" ]]; then
  echo "regen-oracles.sh: need CPython 3.13, $PYTHON is $version" >&2
  exit 1
fi

check=0
if [[ "${1:-}" == "--check" ]]; then
  check=1
  shift
fi
if [[ $# -gt 0 ]]; then
  programs=("$@")
else
  programs=([!_]*.py)
fi

failed=0
for program in "${programs[@]}"; do
  program="$(basename "$program")"
  expected="${program%.py}.out"
  err="$(mktemp)"
  if ! actual="$(PYTHONHASHSEED=0 "$PYTHON" "$program" 2>"$err")"; then
    echo "FAIL $program: exited non-zero" >&2
    cat "$err" >&2
    failed=1
  elif [[ -s "$err" ]]; then
    echo "FAIL $program: wrote to stderr" >&2
    cat "$err" >&2
    failed=1
  elif [[ $check -eq 1 ]]; then
    if [[ "$actual" == "$(cat "$expected" 2>/dev/null)" ]]; then
      echo "ok   $program"
    else
      echo "DIFF $program" >&2
      diff <(printf '%s\n' "$actual") "$expected" >&2 || true
      failed=1
    fi
  else
    printf '%s\n' "$actual" >"$expected"
    echo "wrote $expected"
  fi
  rm -f "$err"
done
exit $failed

#!/usr/bin/env bash
# Reruns every Python program in this folder under CPython 3.13 and stores
# what it prints next to it as NAME.out: the expected lines for the
# TypeScript twins (NAME.ts), checked by cpython.test.ts.
#
#   bash test/cpython/regen.sh                 rewrite every .out
#   bash test/cpython/regen.sh --check         rerun and compare, write nothing
#   bash test/cpython/regen.sh timeouts-01-basic-expiry.py ...   only these
#
# The interpreter is $PYTHON (default python3; under pyenv PYENV_VERSION
# defaults to 3.13.0). The programs sleep for real under CPython, so keep
# their delays short and their deadlines at least 50 ms apart. Anything a
# program writes to stderr is a failure, so warnings cannot slip into the
# oracle unnoticed.
set -euo pipefail

cd "$(dirname "$0")"
export PYENV_VERSION="${PYENV_VERSION:-3.13.0}"
PYTHON="${PYTHON:-python3}"

version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [[ "$version" != "3.13" ]]; then
  echo "regen.sh: need CPython 3.13, $PYTHON is $version" >&2
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

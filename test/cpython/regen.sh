#!/usr/bin/env bash
# Reruns the oracle programs of this folder under CPython 3.13 (see
# ../regen-oracles.sh): `bash test/cpython/regen.sh [--check] [NAME.py ...]`.
# The programs share `_virtual_loop.py`, a CPython loop on virtual time, so
# that the times they print are exact.
exec bash "$(dirname "$0")/../regen-oracles.sh" "$(dirname "$0")" "$@"

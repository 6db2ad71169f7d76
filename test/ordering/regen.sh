#!/usr/bin/env bash
# Reruns the Python originals in py/ under CPython 3.13 (see
# ../regen-oracles.sh): `bash test/ordering/regen.sh [--check] [NN-name.py ...]`.
exec bash "$(dirname "$0")/../regen-oracles.sh" "$(dirname "$0")/py" "$@"

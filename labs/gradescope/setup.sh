#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image, with the zip's
# contents in /autograder/source (made by labs/gradescope/make-autograder-zip). It installs
# what StepDB needs and builds the starter once, so ccache turns each submission's build into
# a few compiles of the student's files.
set -euo pipefail
root=${AUTOGRADER_ROOT:-/autograder}
cd "$root/source/starter"
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  apt-get update -q   # base images may ship without package lists
fi
./scripts/setup
# Same relative paths in every tree + no working directory in the hash = cache hits for a copy
# of this tree under another path (run_autograder grades in $root/work).
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
cmake --preset dev >/dev/null
cmake --build --preset dev
rm -rf build

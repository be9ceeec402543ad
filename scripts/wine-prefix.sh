#!/usr/bin/env bash
# Create the Wine prefix that runs signsweep.exe in tests and benchmarks, and
# print its folder on stdout. A second call reuses the prefix.
#
#   WINEPREFIX=$(scripts/wine-prefix.sh)
#
# The prefix is $SIGNSWEEP_WINEPREFIX (default $SIGNSWEEP_CACHE/wineprefix,
# with SIGNSWEEP_CACHE defaulting to ~/.cache/signsweep). Callers should run
# Wine with the same WINEDEBUG and WINEDLLOVERRIDES as below.
set -euo pipefail

cache=${SIGNSWEEP_CACHE:-$HOME/.cache/signsweep}
prefix=${SIGNSWEEP_WINEPREFIX:-$cache/wineprefix}
readyMarker=$prefix/.signsweep-ready

export WINEPREFIX=$prefix
export WINEDEBUG=-all
# An empty override disables mscoree (Mono) and mshtml (Gecko), so creating
# the prefix never stops to offer their downloads.
export WINEDLLOVERRIDES="mscoree,mshtml="

for tool in wineboot winecfg wineserver; do
  if ! command -v "$tool" >/dev/null; then
    echo "wine-prefix.sh: $tool not found; install the Debian packages wine and wine64" >&2
    exit 1
  fi
done

if [[ ! -f $readyMarker ]]; then
  mkdir -p "$prefix"
  echo "wine-prefix.sh: creating $prefix" >&2
  wineboot --init >/dev/null 2>&1
  # A new Wine 8 prefix reports Windows 7, which Node 22 does not support.
  winecfg -v win10 >/dev/null 2>&1
  # Wait until the registry is written to disk before marking the prefix ready.
  wineserver -w
  touch "$readyMarker"
fi
echo "$prefix"

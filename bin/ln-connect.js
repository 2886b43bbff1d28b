#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json), like the bundles it loads: see scripts/bundle.ts for why.
const { join } = require('node:path');
const { compileCacheDir, loadBundle } = require('../dist/compile-cache.cjs');

const bundle = loadBundle(join(__dirname, '..', 'dist', 'ln-connect.cjs'), compileCacheDir(process.env));

bundle.exports.main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
  // A run that made a session compiled every layer: its cache is complete.
  bundle.saveCache(status === 0 && bundle.exports.madeSession());
});

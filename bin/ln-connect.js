#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json), like the bundle it loads: see scripts/bundle.ts for why.
// Node 22.1 and later keep the compiled bundle on disk between runs; Node 20 has no such cache.
require('node:module').enableCompileCache?.();
const { main } = require('../dist/ln-connect.cjs');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

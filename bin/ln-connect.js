#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json), like the bundles it loads: see scripts/bundle.ts for why.
const { join } = require('node:path');
const { launch } = require('../dist/launch.cjs');

launch(join(__dirname, '..', 'dist', 'ln-connect.cjs'), process.argv.slice(2), process.env).then((status) => {
  process.exitCode = status;
});

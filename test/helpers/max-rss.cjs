// Preloaded into a child process (NODE_OPTIONS=--require) by tests that bound ln-connect's memory:
// at exit, writes the process's peak resident set size, in kilobytes, to $LN_CONNECT_TEST_MAX_RSS_FILE.
const { writeFileSync } = require('node:fs');
process.on('exit', () => writeFileSync(process.env.LN_CONNECT_TEST_MAX_RSS_FILE, String(process.resourceUsage().maxRSS)));

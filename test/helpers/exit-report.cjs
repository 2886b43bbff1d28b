'use strict';
// Preloaded (node --require) into ln-connect by test/helpers/measured-cli.ts. The hostile
// scenarios bound exit time and memory as measured inside the process, so that a busy test
// machine's spawn latency does not count and the deadline is measured from where it starts:
// process start, which performance.now() counts from. At exit, the file named by
// LN_CONNECT_EXIT_REPORT gets the exit time, the time of the first write on stdout (the printed
// outcome) and the peak resident set size.
const { writeFileSync } = require('node:fs');

const file = process.env.LN_CONNECT_EXIT_REPORT;
if (file) {
  let outcomeMs;
  const stdout = process.stdout;
  const write = stdout.write;
  stdout.write = function (...args) {
    outcomeMs ??= performance.now();
    return write.apply(this, args);
  };
  process.on('exit', (status) => {
    const report = { status, exitMs: performance.now(), outcomeMs, maxRssKiB: process.resourceUsage().maxRSS };
    writeFileSync(file, JSON.stringify(report));
  });
}

/**
 * Preloaded (`node --require`) into the ln-connect processes `npm run bench:batch` starts: when
 * the process exits, appends its CPU time and peak RSS as one JSON line to the file named by
 * LN_CONNECT_BENCH_RUSAGE, since Node cannot read a child's resource usage from its parent.
 */
import fs = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  const line = JSON.stringify({ cpuMicros: usage.userCPUTime + usage.systemCPUTime, maxRssKb: usage.maxRSS });
  fs.appendFileSync(process.env.LN_CONNECT_BENCH_RUSAGE!, line + '\n');
});

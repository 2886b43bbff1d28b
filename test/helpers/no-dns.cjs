// Preloaded into a child process (NODE_OPTIONS=--require) by tests that assert ln-connect makes no
// DNS query of its own: every resolver entry point writes a marker on stderr and fails.
const dns = require('node:dns');
const { syncBuiltinESMExports } = require('node:module');
const refuse = (name) =>
  function () {
    process.stderr.write(`DNS QUERY: ${name} ${String(arguments[0])}\n`);
    throw new Error('DNS is forbidden in this test');
  };
for (const api of [dns, dns.promises]) {
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveSrv', 'resolveAny']) api[name] = refuse(name);
  for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveSrv', 'resolveAny']) api.Resolver.prototype[name] = refuse(name);
}
syncBuiltinESMExports();

import assert from 'node:assert/strict';
import type { Resolver } from 'node:dns/promises';
import { test } from 'node:test';
import { AttemptError } from '../../src/errors.js';
import { lookupSeed, seedQueryName } from '../../src/net/dns-seed.js';
import { queryAddresses, resolveName } from '../../src/net/resolve.js';
import { cliJson, runCli } from '../helpers/cli.js';
import { TestDnsServer } from '../helpers/dns-server.js';
import { unhex } from '../helpers/fixtures.js';

/**
 * The counterexamples the property tests found, as plain unit tests: each failed before its fix.
 */

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
const deadline = (): AbortSignal => AbortSignal.timeout(5000);

// Found by "queryAddresses: AAAA then A on the port, or the most telling failure": both queries
// answered with no record, [{"list":[]},{"list":[]},1]. The rejection was `undefined`, on which
// resolutionError then threw a TypeError: an internal error (exit 5) for a dangling CNAME.

test('queryAddresses: AAAA and A both answered with no record reject with ENODATA, not undefined', async () => {
  const resolver = { resolve6: async () => [], resolve4: async () => [] } as unknown as Resolver;
  await assert.rejects(queryAddresses(resolver, 'x.test', 1), { code: 'ENODATA', message: 'queryAddresses ENODATA x.test' });
});

test('a name whose answers hold only a CNAME (c-ares gives [] for A and AAAA) is not known', async () => {
  const dns = await TestDnsServer.start([{ type: 'CNAME', name: 'node.test', data: 'gone.test' }]);
  try {
    await assert.rejects(resolveName('node.test', 9735, { signal: deadline(), dnsServer: dns.address }), (err) => {
      assert.ok(err instanceof AttemptError);
      assert.equal(err.message, "getaddrinfo error 'Name or service not known'");
      return true;
    });
    const run = await runCli([`${ID}@node.test`, '--dns-server', dns.address]);
    assert.equal(run.stdout, cliJson({ code: 401, message: "All addresses failed: node.test:9735: Connection establishment: getaddrinfo error 'Name or service not known'. " }));
    assert.equal(run.code, 1);
  } finally {
    dns.close();
  }
});

test('a DNS seed whose answer is only a CNAME does not know the node', async () => {
  const id = unhex(ID);
  const dns = await TestDnsServer.start([{ type: 'CNAME', name: seedQueryName(id, 'seed.test'), data: 'gone.seed.test' }]);
  try {
    await assert.rejects(lookupSeed(id, 'seed.test', { signal: deadline(), defaultPort: 9735, dnsServer: dns.address }), {
      name: 'AttemptError',
      message: "DNS seed seed.test: getaddrinfo error 'Name or service not known'",
    });
  } finally {
    dns.close();
  }
});

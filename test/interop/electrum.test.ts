import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliJson, collect, firstStderrLine, keyFile, runCli, spawnCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { assertValidResponse } from '../helpers/schema.js';
import { firstStdoutLine, printedResult } from './child.js';
import { OUR_FEATURES, OUR_ID, OUR_SECRET } from './ours.js';

/** Debian's python3-electrum lives in the system Python, whatever `python3` a PATH finds first. */
const PYTHON = '/usr/bin/python3';
const PEER = join(ROOT, 'test', 'interop', 'electrum-peer.py');

/**
 * Skipped only where Electrum is not installed, saying so; .ci/run installs it and sets
 * LN_CONNECT_REQUIRE_INTEROP=1, so that a missing Electrum fails there instead.
 */
const skip =
  process.env['LN_CONNECT_REQUIRE_INTEROP'] !== '1' && spawnSync(PYTHON, ['-c', 'import electrum.lntransport']).status !== 0
    ? `Electrum is not installed for ${PYTHON} (apt-get install python3-electrum)`
    : false;

const ELECTRUM_SECRET = '22'.repeat(32);
const ELECTRUM_ID = '02466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f27';
/**
 * Electrum 4.3's LNWALLET_FEATURES as an init carries them: bits 0 1 5 6 9 12 13 15 17 27 45 and
 * 151 (data_loss_protect, upfront_shutdown_script, gossip_queries, var_onion_optin,
 * static_remotekey, payment_secret, basic_mpp, shutdown_anysegwit, channel_type, and Electrum's
 * own trampoline bit).
 */
const ELECTRUM_FEATURES = '8000000000000000000000000020000802b263';
/** Neither side names a network: ln-connect's default and Electrum's are both mainnet. */
const MAINNET = '6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000';

function electrumPeer(args: readonly string[]) {
  return spawn(PYTHON, [PEER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The peer's last stdout line: its JSON report. */
const report = (stdout: string): any => JSON.parse(stdout.trimEnd().split('\n').pop()!);

test('ln-connect connects to Electrum and each accepts the other\'s init', { skip }, async () => {
  const electrum = electrumPeer(['listen', ELECTRUM_SECRET]);
  const served = collect(electrum);
  const port = Number(await firstStdoutLine(electrum));
  const out = await runCli([`${ELECTRUM_ID}@127.0.0.1:${port}`, '--key-file', keyFile(OUR_SECRET)]);
  const peer = await served;
  const why = `${out.stdout}${out.stderr}\nElectrum: ${peer.stdout}${peer.stderr}`;
  assert.equal(out.code, 0, why);
  assert.equal(out.stdout, cliJson({ id: ELECTRUM_ID, features: ELECTRUM_FEATURES, direction: 'out', address: { type: 'ipv4', address: '127.0.0.1', port } }));
  assertValidResponse(JSON.parse(out.stdout));
  assert.equal(peer.code, 0, why);
  assert.deepEqual(report(peer.stdout), {
    id: ELECTRUM_ID,
    peer: OUR_ID,
    sent_features: ELECTRUM_FEATURES,
    init: { features: OUR_FEATURES, globalfeatures: '', networks: [MAINNET] },
    received: ['init', 'ping'],
  });
});

test('Electrum connects to ln-connect --listen and each accepts the other\'s init', { skip }, async () => {
  const listener = spawnCli(['--listen', '127.0.0.1:0', '--key-file', keyFile(OUR_SECRET)]);
  const done = collect(listener);
  const port = (await firstStderrLine(listener)).split(':').pop()!;
  const electrum = electrumPeer(['connect', ELECTRUM_SECRET, OUR_ID, port]);
  const served = collect(electrum);
  // A listener serves until its peer leaves: Electrum leaves once the result is out.
  await printedResult(listener);
  electrum.stdin.end();
  const [inbound, peer] = await Promise.all([done, served]);
  const why = `${inbound.stdout}${inbound.stderr}\nElectrum: ${peer.stdout}${peer.stderr}`;
  assert.equal(inbound.code, 0, why);
  const result = JSON.parse(inbound.stdout);
  assert.equal(inbound.stdout, cliJson({ id: ELECTRUM_ID, features: ELECTRUM_FEATURES, direction: 'in', address: { type: 'ipv4', address: '127.0.0.1', port: result.address.port } }));
  assertValidResponse(result);
  assert.equal(peer.code, 0, why);
  const { received, ...rest } = report(peer.stdout);
  assert.deepEqual(rest, {
    id: ELECTRUM_ID,
    peer: OUR_ID,
    sent_features: ELECTRUM_FEATURES,
    init: { features: OUR_FEATURES, globalfeatures: '', networks: [MAINNET] },
  });
  // Our init, then whatever pings the listener sends to confirm the session.
  assert.deepEqual(received.filter((kind: string) => kind !== 'ping'), ['init']);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Network } from 'lightningdevkit';
import { cliJson, collect, firstStderrLine, keyFile, runCli, spawnCli } from '../helpers/cli.js';
import { assertValidResponse } from '../helpers/schema.js';
import { printedResult } from './child.js';
import { LdkPeer } from './ldk-peer.js';
import { OUR_FEATURES, OUR_ID, OUR_SECRET } from './ours.js';

const REGTEST = '06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f';
/**
 * What LDK 0.1's ChannelManager puts in its init with the default UserConfig: bits 0 8 12 14
 * (data_loss_protect, var_onion_optin, static_remotekey, payment_secret, all required) and
 * 5 17 19 25 27 45 47 51 (upfront_shutdown_script, basic_mpp, large_channel, route_blinding,
 * shutdown_anysegwit, channel_type, scid_alias, zeroconf).
 */
const LDK_FEATURES = '08a0000a0a5121';

test('ln-connect connects to an LDK node and each accepts the other\'s init', async (t) => {
  const ldk = await LdkPeer.create(new Uint8Array(32).fill(7), Network.LDKNetwork_Regtest);
  t.after(() => ldk.close());
  assert.equal(ldk.initFeatures(OUR_ID), LDK_FEATURES);
  const port = await ldk.listen();
  const out = await runCli([`${ldk.nodeId}@127.0.0.1:${port}`, '--network', 'regtest', '--key-file', keyFile(OUR_SECRET)]);
  await ldk.idle();
  const why = `${out.stdout}${out.stderr}\nLDK log:\n${ldk.log.join('\n')}`;
  assert.equal(out.code, 0, why);
  assert.equal(out.stdout, cliJson({ id: ldk.nodeId, features: LDK_FEATURES, direction: 'out', address: { type: 'ipv4', address: '127.0.0.1', port } }));
  assertValidResponse(JSON.parse(out.stdout));
  assert.deepEqual(ldk.accepted, [{ id: OUR_ID, features: OUR_FEATURES, networks: [REGTEST], inbound: true }], why);
});

test('an LDK node connects to ln-connect --listen and each accepts the other\'s init', async (t) => {
  const ldk = await LdkPeer.create(new Uint8Array(32).fill(8), Network.LDKNetwork_Regtest);
  t.after(() => ldk.close());
  const listener = spawnCli(['--listen', '127.0.0.1:0', '--network', 'regtest', '--key-file', keyFile(OUR_SECRET)]);
  const done = collect(listener);
  const uri = await firstStderrLine(listener);
  assert.match(uri, new RegExp(`^${OUR_ID}@127\\.0\\.0\\.1:\\d+$`));
  await ldk.connect(OUR_ID, Number(uri.split(':').pop()));
  // A listener serves until its peer leaves: LDK leaves once the result is out.
  await printedResult(listener);
  ldk.hangUp();
  const inbound = await done;
  await ldk.idle();
  const why = `${inbound.stdout}${inbound.stderr}\nLDK log:\n${ldk.log.join('\n')}`;
  assert.equal(inbound.code, 0, why);
  const result = JSON.parse(inbound.stdout);
  assert.equal(inbound.stdout, cliJson({ id: ldk.nodeId, features: LDK_FEATURES, direction: 'in', address: { type: 'ipv4', address: '127.0.0.1', port: result.address.port } }));
  assertValidResponse(result);
  assert.deepEqual(ldk.accepted, [{ id: OUR_ID, features: OUR_FEATURES, networks: [REGTEST], inbound: false }], why);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidParamsError } from '../../src/errors.js';
import { parseTarget } from '../../src/net/target.js';
import type { Network } from '../../src/network.js';

const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
const ONION = '2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion';

const address = (id: string, host?: string, port?: string, network: Network = 'mainnet') =>
  parseTarget({ id, ...(host !== undefined ? { host } : {}), ...(port !== undefined ? { port } : {}), network }).address;

test('hosts and ports, Core Lightning style', () => {
  const cases: Array<[string, string | undefined, string | undefined, unknown]> = [
    [`${ID}@1.2.3.4`, undefined, undefined, { type: 'ipv4', address: '1.2.3.4', port: 9735 }],
    [`${ID}@1.2.3.4:9736`, undefined, undefined, { type: 'ipv4', address: '1.2.3.4', port: 9736 }],
    [`${ID}@1.2.3.4`, undefined, '9737', { type: 'ipv4', address: '1.2.3.4', port: 9737 }],
    [`${ID}@[::1]:9736`, undefined, undefined, { type: 'ipv6', address: '::1', port: 9736 }],
    [`${ID}@[::1]`, undefined, undefined, { type: 'ipv6', address: '::1', port: 9735 }],
    [`${ID}@::1`, undefined, undefined, { type: 'ipv6', address: '::1', port: 9735 }],
    [`${ID}@[0:0:0::1]:1`, undefined, undefined, { type: 'ipv6', address: '::1', port: 1 }],
    [`${ID}@localhost`, undefined, undefined, { type: 'ipv4', address: '127.0.0.1', port: 9735 }],
    [`${ID}@ip6-localhost:5`, undefined, undefined, { type: 'ipv6', address: '::1', port: 5 }],
    [`${ID}@/tmp/ln.sock`, undefined, undefined, { type: 'local socket', socket: '/tmp/ln.sock' }],
    [`${ID}@${ONION.toUpperCase()}`, undefined, undefined, { type: 'torv3', address: ONION, port: 9735 }],
    [`${ID}@node.example.com`, undefined, undefined, { type: 'dns', address: 'node.example.com', port: 9735 }],
    [ID, '1.2.3.4:1234', '9999', { type: 'ipv4', address: '1.2.3.4', port: 1234 }],
    [ID, '1.2.3.4', '9999', { type: 'ipv4', address: '1.2.3.4', port: 9999 }],
    [ID.toUpperCase().replace(/^0X/, ''), '1.2.3.4', undefined, { type: 'ipv4', address: '1.2.3.4', port: 9735 }],
    [ID, undefined, undefined, undefined],
  ];
  for (const [id, host, port, expected] of cases) assert.deepEqual(address(id, host, port), expected, `${id} ${host} ${port}`);
});

test('default ports per network', () => {
  const ports = { mainnet: 9735, testnet: 19735, testnet4: 49735, signet: 39735, regtest: 19846 } as const;
  for (const [network, port] of Object.entries(ports)) {
    assert.deepEqual(address(`${ID}@1.2.3.4`, undefined, undefined, network as Network), { type: 'ipv4', address: '1.2.3.4', port });
  }
});

test('the id comes back lowercase', () => {
  assert.equal(parseTarget({ id: ID.toUpperCase(), network: 'mainnet' }).id.hex, ID);
});

test('bad hosts and ports: Core Lightning messages, code -32602', () => {
  const cases: Array<[string, string | undefined, string | undefined, string]> = [
    [`${ID}@[::1]junk`, undefined, undefined, 'malformed host @part'],
    [`${ID}@1.2.3.4:`, undefined, undefined, 'malformed host @part'],
    [`${ID}@`, undefined, undefined, 'Host :9735 not a simple type'],
    [`${ID}@autotor:1.2.3.4:1`, undefined, undefined, 'Host autotor:1.2.3.4:1:9735 not a simple type'],
    [`${ID}@ws:1.2.3.4:9735`, undefined, undefined, 'Host ws:1.2.3.4:9735:9735 not valid: outgoing websocket connections are not supported'],
    [`${ID}@/${'x'.repeat(110)}`, undefined, undefined, `Host /${'x'.repeat(110)}:0 not valid: Socket name too long`.replace(':0 ', ':9735 ')],
    // One colon splits host from port, so `dns:name` reads as a bad port, as in Core Lightning.
    [`${ID}@dns:localhost`, undefined, undefined, 'malformed host @part'],
    [`${ID}@bad_name!`, undefined, undefined, 'Host bad_name!:9735 not valid: not an IP address, a host name, an onion or a /socket path'],
    [ID, '1.2.3.4', '0', "port: should be non-zero: invalid token '0'"],
    [ID, '1.2.3.4', '65536', "port: should be a 16-bit integer: invalid token '65536'"],
    [ID, '1.2.3.4', 'abcd', `port: should be a 16-bit integer: invalid token '"abcd"'`],
  ];
  for (const [id, host, port, message] of cases) {
    assert.throws(() => address(id, host, port), (err: unknown) => err instanceof InvalidParamsError && err.message === message, `${id} ${host} ${port}: ${message}`);
  }
});

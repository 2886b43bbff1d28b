import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/failures.js';
import type { Address } from '../../src/net/address.js';
import { parseTarget, type TargetParams } from '../../src/net/target.js';
import type { Network } from '../../src/network.js';

/** BOLT 8's responder static key. */
const ID = '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7';
/** x = 5: 5³ + 7 = 132 is not a square modulo p, so no point has this x. */
const NOT_ON_CURVE = '02' + '00'.repeat(31) + '05';
/** The Tor Project's onion service. */
const ONION = '2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion';
const BAD_CHECKSUM = ONION.replace('2gzy', '2gzz');
const LABEL_63 = 'a'.repeat(63);
/** BOLT 8's responder static key, uncompressed (SEC 1 form 04 || x || y). */
const UNCOMPRESSED = '04' + '8d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7' + 'a'.repeat(64);
/** What every bad-id message says a node id is. */
const FORM = 'a node id is 66 hex digits (33 bytes) starting 02 or 03; ';
const NAME_255 = [LABEL_63, LABEL_63, LABEL_63, LABEL_63].join('.');

type Params = Omit<TargetParams, 'network'> & { network?: Network };
const target = (params: Params) => parseTarget({ network: 'mainnet', ...params });

const ACCEPTED: ReadonlyArray<readonly [string, Params, Address]> = [
  ['id@IPv4', { id: `${ID}@1.2.3.4` }, { type: 'ipv4', address: '1.2.3.4', port: 9735 }],
  ['id@IPv4:port', { id: `${ID}@1.2.3.4:9736` }, { type: 'ipv4', address: '1.2.3.4', port: 9736 }],
  ['id@[IPv6]:port', { id: `${ID}@[::1]:9736` }, { type: 'ipv6', address: '::1', port: 9736 }],
  ['id@[IPv6] on the default port', { id: `${ID}@[::1]` }, { type: 'ipv6', address: '::1', port: 9735 }],
  ['id@ bare IPv6: several colons, so all of it is the host', { id: `${ID}@::1` }, { type: 'ipv6', address: '::1', port: 9735 }],
  ['text after ] is skipped up to a colon, as Core Lightning does', { id: `${ID}@[::1]junk` }, { type: 'ipv6', address: '::1', port: 9735 }],
  ['... and a port after it is used', { id: `${ID}@[::1]junk:9736` }, { type: 'ipv6', address: '::1', port: 9736 }],
  ['IPv6 written long is reported short', { id: `${ID}@[0:0::1]:1` }, { type: 'ipv6', address: '::1', port: 1 }],
  ['IPv6 in upper case is reported as inet_ntop prints it', { id: `${ID}@2001:DB8:0:0:1::1` }, { type: 'ipv6', address: '2001:db8::1:0:0:1', port: 9735 }],
  ['IPv4-mapped IPv6 stays IPv6', { id: `${ID}@[::ffff:1.2.3.4]` }, { type: 'ipv6', address: '::ffff:1.2.3.4', port: 9735 }],
  ['a port as strtol reads it', { id: `${ID}@1.2.3.4:+9736` }, { type: 'ipv4', address: '1.2.3.4', port: 9736 }],
  ['id@host and a separate port', { id: `${ID}@1.2.3.4`, port: '9737' }, { type: 'ipv4', address: '1.2.3.4', port: 9737 }],
  ['separate host and numeric port', { id: ID, host: '1.2.3.4', port: 9999 }, { type: 'ipv4', address: '1.2.3.4', port: 9999 }],
  ['a port inside the host parameter wins', { id: ID, host: '1.2.3.4:1234', port: '9999' }, { type: 'ipv4', address: '1.2.3.4', port: 1234 }],
  ['a host parameter [IPv6]:port', { id: ID, host: '[::1]:5' }, { type: 'ipv6', address: '::1', port: 5 }],
  ['localhost, without DNS', { id: `${ID}@localhost` }, { type: 'ipv4', address: '127.0.0.1', port: 9735 }],
  ['ip6-localhost, without DNS', { id: `${ID}@ip6-localhost:5` }, { type: 'ipv6', address: '::1', port: 5 }],
  ['a unix socket', { id: `${ID}@/tmp/sock` }, { type: 'local socket', socket: '/tmp/sock' }],
  ['a unix socket path of 107 bytes, the longest', { id: ID, host: '/' + 'x'.repeat(106) }, { type: 'local socket', socket: '/' + 'x'.repeat(106) }],
  ['a v3 onion in upper case', { id: `${ID}@${ONION.toUpperCase()}` }, { type: 'torv3', address: ONION, port: 9735 }],
  ['a v3 onion and a port', { id: `${ID}@${ONION}:9736` }, { type: 'torv3', address: ONION, port: 9736 }],
  ['a DNS name, resolved later', { id: `${ID}@node.example.com` }, { type: 'dns', address: 'node.example.com', port: 9735 }],
  ['an absolute DNS name', { id: ID, host: 'node.example.com.' }, { type: 'dns', address: 'node.example.com.', port: 9735 }],
  ['a DNS name of 255 bytes, the longest', { id: ID, host: NAME_255 }, { type: 'dns', address: NAME_255, port: 9735 }],
  ['dns: keeps even localhost a name', { id: ID, host: 'dns:localhost' }, { type: 'dns', address: 'localhost', port: 9735 }],
  ['id@dns:name:port: two colons, so all of it is the host', { id: `${ID}@dns:node.example.com:9736` }, { type: 'dns', address: 'node.example.com', port: 9736 }],
];

test('accepted targets and the address each gives', () => {
  for (const [what, params, address] of ACCEPTED) assert.deepEqual(target(params).address, address, what);
});

test('a bare id has no address; an upper-case id comes back lower case', () => {
  assert.deepEqual(target({ id: ID }), { id: { hex: ID, bytes: Uint8Array.from(Buffer.from(ID, 'hex')) } });
  assert.equal(target({ id: `${ID.toUpperCase()}@1.2.3.4` }).id.hex, ID);
});

test("default ports follow the network's", () => {
  const ports: Readonly<Record<Network, number>> = { mainnet: 9735, testnet: 19735, testnet4: 49735, signet: 39735, regtest: 19846 };
  for (const [network, port] of Object.entries(ports)) {
    assert.deepEqual(target({ id: `${ID}@1.2.3.4`, network: network as Network }).address, { type: 'ipv4', address: '1.2.3.4', port }, network);
  }
});

const REJECTED: ReadonlyArray<readonly [string, Params, string]> = [
  // The id, and Core Lightning's order of checks.
  ['no id', { host: '1.2.3.4' }, 'missing required parameter: id'],
  ['an empty id', { id: '' }, `id: should be a node id: invalid token '""': ${FORM}the id is empty`],
  ['a short id', { id: '02abcd' }, `id: should be a node id: invalid token '"02abcd"': ${FORM}this one has 6 digits`],
  ['an id one digit short', { id: ID.slice(1) }, `id: should be a node id: invalid token '"${ID.slice(1)}"': ${FORM}this one has 65 digits`],
  ['an id with 0x', { id: `0x${ID}` }, `id: should be a node id: invalid token '"0x${ID}"': ${FORM}drop the 0x prefix`],
  ['an uncompressed key', { id: UNCOMPRESSED }, `id: should be a node id: invalid token '"${UNCOMPRESSED}"': ${FORM}this is an uncompressed key (130 digits): give its 33-byte compressed form`],
  [
    'a non-ASCII character, counted as one',
    { id: `02é${ID.slice(3)}` },
    `id: should be a node id: invalid token '"02é${ID.slice(3)}"': ${FORM}'é' at position 3 is not a hex digit`,
  ],
  [
    'a 100 KB id is shown cut',
    { id: 'f'.repeat(100_000) },
    `id: should be a node id: invalid token '"${'f'.repeat(400)}… (100000 characters)"': ${FORM}this one has 100000 digits`,
  ],
  ['a short id: the token includes the @ part', { id: '02abcd@1.2.3.4' }, `id: should be a node id: invalid token '"02abcd@1.2.3.4"': ${FORM}this one has 6 digits`],
  ['a non-hex id', { id: `zz${ID.slice(2)}` }, `id: should be a node id: invalid token '"zz${ID.slice(2)}"': ${FORM}'z' at position 1 is not a hex digit`],
  ['an id off the curve', { id: NOT_ON_CURVE }, `id: should be a node id: invalid token '"${NOT_ON_CURVE}"': ${FORM}this one is not a point on the secp256k1 curve`],
  ['an id with prefix 04', { id: `04${ID.slice(2)}` }, `id: should be a node id: invalid token '"04${ID.slice(2)}"': ${FORM}this one starts with 04`],
  ['a bad id comes before a malformed host', { id: '02abcd@[::1', host: 'x' }, `id: should be a node id: invalid token '"02abcd@[::1"': ${FORM}this one has 6 digits`],
  ['a malformed @part comes before host twice', { id: `${ID}@[::1`, host: '1.2.3.4' }, "malformed host @part: '[' without a closing ']'"],
  // The @part.
  ['[ without ]', { id: `${ID}@[::1` }, "malformed host @part: '[' without a closing ']'"],
  ['[IPv6]: with nothing after the colon', { id: `${ID}@[::1]:` }, "malformed host @part: port must be 1–65535, got ''"],
  ['port 0', { id: `${ID}@1.2.3.4:0` }, "malformed host @part: port must be 1–65535, got '0'"],
  ['a port in letters', { id: `${ID}@1.2.3.4:abc` }, "malformed host @part: port must be 1–65535, got 'abc'"],
  ['a port with letters after it', { id: `${ID}@1.2.3.4:9735x` }, "malformed host @part: port must be 1–65535, got '9735x'"],
  ['a port with a space after it', { id: `${ID}@1.2.3.4:9735 ` }, "malformed host @part: port must be 1–65535, got '9735 '"],
  ['port 65536, which Core Lightning wraps to 0', { id: `${ID}@1.2.3.4:65536` }, "malformed host @part: port must be 1–65535, got '65536'"],
  ['port 70000, which Core Lightning wraps to 4464', { id: `${ID}@1.2.3.4:70000` }, "malformed host @part: port must be 1–65535, got '70000'"],
  ['port -1, which Core Lightning wraps to 65535', { id: `${ID}@1.2.3.4:-1` }, "malformed host @part: port must be 1–65535, got '-1'"],
  [
    'id@ws:IPv4: one colon, so "ws" is a host and the rest a port',
    { id: `${ID}@ws:1.2.3.4` },
    "malformed host @part: port must be 1–65535, got '1.2.3.4'",
  ],
  ['id@dns:name: likewise', { id: `${ID}@dns:node.example.com` }, "malformed host @part: port must be 1–65535, got 'node.example.com'"],
  // Host and port given twice, or a port alone.
  ['host twice', { id: `${ID}@1.2.3.4`, host: '5.6.7.8' }, "Can't specify host as both xxx@yyy and separate argument"],
  ['host twice, the second empty', { id: `${ID}@1.2.3.4`, host: '' }, "Can't specify host as both xxx@yyy and separate argument"],
  ['port twice', { id: `${ID}@1.2.3.4:9735`, port: '9736' }, "Can't specify port as both xxx@yyy:port and separate argument"],
  ['port twice comes before a bad port', { id: `${ID}@1.2.3.4:9735`, port: 'abc' }, "Can't specify port as both xxx@yyy:port and separate argument"],
  ['a port without a host', { id: ID, port: '9735' }, "Can't specify port without host"],
  ['a bad port comes before the missing host', { id: ID, port: 'abc' }, `port: should be a 16-bit integer: invalid token '"abc"': port must be 1–65535`],
  // The port parameter; the token is shown as lightning-cli would have sent it.
  ['port parameter 0', { id: ID, host: '1.2.3.4', port: '0' }, "port: should be non-zero: invalid token '0': port must be 1–65535"],
  ['port parameter 00, quoted for its leading zero', { id: ID, host: '1.2.3.4', port: '00' }, `port: should be non-zero: invalid token '"00"': port must be 1–65535`],
  ['port parameter 65536', { id: ID, host: '1.2.3.4', port: '65536' }, "port: should be a 16-bit integer: invalid token '65536': port must be 1–65535"],
  ['port parameter 1.5', { id: ID, host: '1.2.3.4', port: '1.5' }, "port: should be a 16-bit integer: invalid token '1.5': port must be 1–65535"],
  ['port parameter -1', { id: ID, host: '1.2.3.4', port: -1 }, "port: should be a 16-bit integer: invalid token '-1': port must be 1–65535"],
  ['port parameter abc', { id: ID, host: '1.2.3.4', port: 'abc' }, `port: should be a 16-bit integer: invalid token '"abc"': port must be 1–65535`],
  ['port parameter with a space after it', { id: ID, host: '1.2.3.4', port: '9735 ' }, `port: should be a 16-bit integer: invalid token '"9735 "': port must be 1–65535`],
  // Hosts Core Lightning calls "not a simple type".
  ['id@ (empty host)', { id: `${ID}@` }, 'Host :9735 not a simple type'],
  ['an empty host parameter', { id: ID, host: '' }, 'Host :9735 not a simple type'],
  ['id@:port', { id: `${ID}@:9736` }, 'Host :9736 not a simple type'],
  ['autotor:', { id: `${ID}@autotor:1.2.3.4:9735` }, 'Host autotor:1.2.3.4:9735:9735 not a simple type'],
  ['statictor:', { id: ID, host: 'statictor:1.2.3.4' }, 'Host statictor:1.2.3.4:9735 not a simple type'],
  // Hosts that are "not valid".
  ['ws: with a port', { id: `${ID}@ws:1.2.3.4:9735` }, 'Host ws:1.2.3.4:9735:9735 not valid: outgoing websocket connections are not implemented'],
  ['ws: as the host parameter', { id: ID, host: 'ws:1.2.3.4' }, 'Host ws:1.2.3.4:9735 not valid: outgoing websocket connections are not implemented'],
  ['a unix socket path of 108 bytes', { id: `${ID}@/${'x'.repeat(107)}` }, `Host /${'x'.repeat(107)}:9735 not valid: Socket name too long`],
  ['an onion with a bad checksum', { id: `${ID}@${BAD_CHECKSUM}` }, `Host ${BAD_CHECKSUM}:9735 not valid: Invalid Tor address: it has a bad checksum`],
  [
    'a Tor v2 onion',
    { id: `${ID}@expyuzz4wqqyqhjn.onion` },
    "Host expyuzz4wqqyqhjn.onion:9735 not valid: Tor v2 onion addresses are obsolete (Tor removed them in 2021); use the node's v3 address",
  ],
  ['a bad port inside the host parameter', { id: ID, host: '1.2.3.4:70000' }, "Host 1.2.3.4:70000:9735 not valid: Error parsing hostname: port must be 1–65535, got '70000'"],
  [
    'an IPv6 address and a port without brackets',
    { id: `${ID}@::1:41803` },
    'Host ::1:41803:9735 not valid: an IPv6 address with a port is written in brackets: [::1]:41803',
  ],
  ['dns: before an IP address', { id: ID, host: 'dns:1.2.3.4' }, 'Host dns:1.2.3.4:9735 not valid: dns: must be followed by a name'],
  ['dns: alone', { id: ID, host: 'dns:' }, 'Host dns::9735 not valid: dns: must be followed by a name'],
  ['dns: before an onion', { id: ID, host: `dns:${ONION}` }, `Host dns:${ONION}:9735 not valid: a .onion name is reached through Tor, never DNS: drop the dns: prefix`],
  ['an IPv6 zone id', { id: `${ID}@fe80::1%eth0` }, 'Host fe80::1%eth0:9735 not valid: IPv6 zone ids (the %... suffix) are not supported'],
  [
    'a name with an underscore',
    { id: `${ID}@bad_name.example` },
    "Host bad_name.example:9735 not valid: '_' is not allowed in a host name (only letters, digits, '-' and '.')",
  ],
  [
    'a trailing colon: the whole text is the host',
    { id: `${ID}@1.2.3.4:` },
    "Host 1.2.3.4::9735 not valid: ':' is not allowed in a host name (only letters, digits, '-' and '.')",
  ],
  [
    'three numbers',
    { id: `${ID}@1.2.3` },
    'Host 1.2.3:9735 not valid: not an IPv4 address (four numbers 0-255), and a host name never ends in a number',
  ],
  [
    'a number above 255',
    { id: `${ID}@1.2.3.256` },
    'Host 1.2.3.256:9735 not valid: not an IPv4 address (four numbers 0-255), and a host name never ends in a number',
  ],
  ['an empty label', { id: `${ID}@node..example.com` }, "Host node..example.com:9735 not valid: a host name has no empty labels ('..', or a '.' at the start)"],
  [
    'a label of 64 characters',
    { id: ID, host: `${'a'.repeat(64)}.com` },
    `Host ${'a'.repeat(64)}.com:9735 not valid: the label '${'a'.repeat(64)}' is 64 characters long, more than 63`,
  ],
  ['a label starting with -', { id: `${ID}@-node.example.com` }, "Host -node.example.com:9735 not valid: the label '-node' starts or ends with '-'"],
  ['a name of 257 bytes', { id: ID, host: `b.${NAME_255}` }, `Host b.${NAME_255}:9735 not valid: DNS address too long (257 bytes, at most 255)`],
];

test('rejected targets: an InputError (connect() reports it as -32602) with the exact message', () => {
  for (const [what, params, message] of REJECTED) {
    assert.throws(() => target(params), (err: unknown) => err instanceof InputError && err.message === message, what);
  }
});

import assert from 'node:assert/strict';
import { isIPv4, isIPv6 } from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InvalidParamsError } from '../../src/errors.js';
import { InputError } from '../../src/failures.js';
import { parseListenAddress } from '../../src/listen/listen-address.js';
import { formatAddress, type Address } from '../../src/net/address.js';
import { InvalidHostError, parseHost, parseNetworkAddress } from '../../src/net/host.js';
import { InvalidOnionError, onionV3FromPubkey, parseOnionV3 } from '../../src/wire/onion.js';
import { parseDnsServer } from '../../src/net/resolve.js';
import { parseProxy } from '../../src/net/socks5.js';
import { parseTarget } from '../../src/net/target.js';
import { NETWORKS } from '../../src/network.js';
import { InvalidNodeIdError, parseNodeId } from '../../src/node-id.js';
import { formatIPv6 } from '../../src/wire/ip.js';
import { TEST_OPTIONS, assertDialable, decodeOrRefuse, dialableAddress, fixedBytes, hostText, ipv4Bytes, ipv6Bytes, nodeIdHex, onionName, port, runs } from './arbitraries.js';

/** What the host part of a target may be, in the form Core Lightning's `connect` reports it. */
const targetAddress: fc.Arbitrary<Address> = fc.oneof(
  dialableAddress,
  // A colon in a path would split it as host:port, as in Core Lightning.
  fc.string({ minLength: 0, maxLength: 100 }).filter((s) => !s.includes(':') && Buffer.byteLength(s) < 107).map((s): Address => ({ type: 'local socket', socket: `/${s}` })),
);

describe('targets (id, id@host:port, host, port)', () => {
  it('any parameters give a target or an InputError', TEST_OPTIONS, () => {
    const id = fc.oneof(fc.constant(undefined), hostText, nodeIdHex, fc.tuple(nodeIdHex, hostText).map(([n, h]) => `${n}@${h}`));
    const portParam = fc.oneof(fc.constant(undefined), hostText, fc.integer({ min: -10, max: 70000 }), fc.double(), port.map(String));
    fc.assert(
      fc.property(id, fc.option(hostText, { nil: undefined }), portParam, fc.constantFrom(...NETWORKS), (idParam, host, portValue, network) => {
        const target = decodeOrRefuse([InputError], () => parseTarget({ id: idParam, host, port: portValue, network }));
        if (target?.address) assertDialable(target.address);
      }),
      runs(),
    );
  });

  it('round-trip: id@address as Core Lightning prints it parses back to the same address', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(nodeIdHex, targetAddress, fc.constantFrom(...NETWORKS), (id, address, network) => {
        const expected = { id: { hex: id, bytes: Uint8Array.from(Buffer.from(id, 'hex')) }, address };
        assert.deepEqual(parseTarget({ id: `${id}@${formatAddress(address)}`, network }), expected);
        assert.deepEqual(parseTarget({ id: id.toUpperCase(), host: formatAddress(address), network }), expected);
      }),
      runs(),
    );
  });

  it('a host without a port takes the port parameter, or the network default', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(nodeIdHex, dialableAddress, fc.boolean(), (id, address, explicit) => {
        const host = address.type === 'ipv6' ? `[${address.address}]` : address.address;
        const parsed = parseTarget({ id: `${id}@${host}`, port: explicit ? address.port : undefined, network: 'signet' });
        assert.deepEqual(parsed.address, { ...address, port: explicit ? address.port : 39735 });
      }),
      runs(),
    );
  });
});

describe('hosts', () => {
  it('parseHost gives a dialable address or InvalidHostError', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(hostText, port, (text, defaultPort) => {
        const address = decodeOrRefuse([InvalidHostError], () => parseHost(text, defaultPort));
        if (address) assertDialable(address);
      }),
      runs(),
    );
  });

  it('parseNetworkAddress gives a dialable address or an InputError (a host or onion that cannot be used)', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(hostText, port, (text, p) => {
        const address = decodeOrRefuse([InputError], () => parseNetworkAddress(text, p));
        if (address) assertDialable(address);
      }),
      runs(),
    );
  });

  it('IP literals, in any of their text forms, come back in the one form', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), port, (text, p) => {
        const address = parseNetworkAddress(text, p);
        assert.equal(address.type, isIPv6(text) ? 'ipv6' : 'ipv4');
        assertDialable(address);
      }),
      runs(),
    );
  });
});

describe('onion names', () => {
  /** A valid name with one character changed, or its case changed. */
  const nearOnion = fc
    .tuple(onionName, fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz234567ABCDEFGHIJKLMNOPQRSTUVWXYZ0189.-_ ', 'é', '\u0130', '\u212a'), fc.boolean())
    .map(([name, at, c, upper]) => {
      const i = at % name.length;
      const changed = name.slice(0, i) + c + name.slice(i + 1);
      return upper ? changed.toUpperCase() : changed;
    });

  it('any text is a v3 name or InvalidOnionError', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(fc.oneof(hostText, nearOnion), (text) => {
        const key = decodeOrRefuse([InvalidOnionError], () => parseOnionV3(text));
        if (key) assert.equal(onionV3FromPubkey(key), text.toLowerCase());
      }),
      runs(),
    );
  });

  it('round-trip: a key to its name and back, in either case', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(fixedBytes(32), fc.boolean(), (key, upper) => {
        const name = onionV3FromPubkey(key);
        assert.deepEqual(parseOnionV3(upper ? name.toUpperCase() : name), key);
      }),
      runs(),
    );
  });
});

describe('node ids', () => {
  it('parseNodeId throws nothing but InvalidNodeIdError, and reads back every public key in either case', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(hostText, nodeIdHex, fc.boolean(), (text, id, upper) => {
        const parsed = decodeOrRefuse([InvalidNodeIdError], () => parseNodeId(text));
        if (parsed) assert.equal(parsed.hex, text.toLowerCase());
        assert.equal(parseNodeId(upper ? id.toUpperCase() : id).hex, id);
      }),
      runs(),
    );
  });
});

describe('--proxy, --dns-server, --listen', () => {
  it('parseProxy gives a proxy or an InputError that never quotes the password', TEST_OPTIONS, () => {
    const password = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789:'), minLength: 12, maxLength: 20 }).map((p) => `pw-${p}`);
    const text = fc.oneof(
      hostText,
      fc.tuple(fc.string({ maxLength: 8 }), password, hostText).map(([user, pass, endpoint]) => `${user}:${pass}@${endpoint}`),
    );
    fc.assert(
      fc.property(text, (t) => {
        const proxy = decodeOrRefuse([InputError], () => parseProxy(t), (err) => {
          const secret = /pw-[a-z0-9:]+(?=@)/.exec(t)?.[0];
          if (secret) assert.ok(!err.message.includes(secret), err.message);
        });
        if (proxy) assert.ok(isIPv4(proxy.host) || isIPv6(proxy.host) || proxy.host.length > 0);
      }),
      runs(),
    );
  });

  it('round-trip: user:password@host:port', TEST_OPTIONS, () => {
    const credential = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => Buffer.byteLength(s) <= 255);
    fc.assert(
      fc.property(credential.filter((u) => !u.includes(':')), credential, dialableAddress.filter((a) => a.type !== 'torv3'), (user, pass, a) => {
        const host = a.type === 'ipv6' ? `[${a.address}]` : a.address;
        assert.deepEqual(parseProxy(`${user}:${pass}@${host}:${a.port}`), { host: a.address, port: a.port, username: user, password: pass });
      }),
      runs(),
    );
  });

  it('parseDnsServer gives an IP and a port or an InputError', TEST_OPTIONS, () => {
    const server = fc.oneof(
      hostText,
      fc.tuple(ipv4Bytes, fc.option(port)).map(([b, p]) => `${b.join('.')}${p === null ? '' : `:${p}`}`),
      fc.tuple(ipv6Bytes, port).map(([b, p]) => `[${formatIPv6(b)}]:${p}`),
    );
    fc.assert(
      fc.property(server, (text) => {
        const parsed = decodeOrRefuse([InputError], () => parseDnsServer(text));
        if (parsed) assert.ok((isIPv4(parsed.host) || isIPv6(parsed.host)) && parsed.port >= 1 && parsed.port <= 65535);
      }),
      runs(),
    );
  });

  it('parseListenAddress gives a host and port, or a path, or InvalidParamsError', TEST_OPTIONS, () => {
    fc.assert(
      fc.property(fc.oneof(hostText, fc.nat({ max: 70000 }).map(String)), (text) => {
        const parsed = decodeOrRefuse([InvalidParamsError], () => parseListenAddress(text));
        if (parsed && 'port' in parsed) assert.ok(parsed.port >= 0 && parsed.port <= 65535 && parsed.host !== '');
      }),
      runs(),
    );
  });
});

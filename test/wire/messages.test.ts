import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireError } from '../../src/wire/errors.js';
import { type KnownMessage, MAX_PONG_BYTES, decodeMessage, encodeMessage, pongFor } from '../../src/wire/messages.js';
import { isOdd } from '../../src/wire/parity.js';
import { hex, readFixture, unhex } from '../helpers/fixtures.js';

interface InitExample {
  init_hex: string;
  what: string;
}
interface Vectors {
  init_message_extension: { valid: InitExample[]; invalid: InitExample[] };
  init_networks_chain_hashes: Record<string, { chain_hash: string }>;
}
const vectors = readFixture<Vectors>('vectors/bolt1-tlv.json');
const chainHash = (network: string) => unhex(vectors.init_networks_chain_hashes[network]!.chain_hash);
const MAINNET = chainHash('mainnet');
const NO_CHANNEL = new Uint8Array(32);
const empty = new Uint8Array(0);

/** Hex written with spaces between fields, for reading. */
const bytes = (spaced: string) => unhex(spaced.replace(/ /g, ''));

/** Encodes, checks the exact bytes, and checks that they decode back to the same message. */
function roundTrip(message: KnownMessage, spaced: string): void {
  assert.equal(hex(encodeMessage(message)), hex(bytes(spaced)));
  assert.deepEqual(decodeMessage(bytes(spaced)), message);
}

function rejects(spaced: string, message: string): void {
  assert.throws(() => decodeMessage(bytes(spaced)), { name: 'WireError', message });
}

const ping = (numPongBytes: number) => ({ kind: 'ping', numPongBytes, ignored: empty }) as const;

describe('init (type 16)', () => {
  for (const v of vectors.init_message_extension.valid) {
    it(`accepts ${v.init_hex}: ${v.what}`, () => {
      assert.deepEqual(decodeMessage(unhex(v.init_hex)), { kind: 'init', globalFeatures: empty, features: empty });
    });
  }

  for (const v of vectors.init_message_extension.invalid) {
    it(`rejects ${v.init_hex}: ${v.what}`, () => assert.throws(() => decodeMessage(unhex(v.init_hex)), WireError));
  }

  it('says why it rejects the spec examples', () => {
    rejects('00100000000001', 'init TLV stream: truncated at byte 1: 1 byte needed, 0 left');
    rejects('001000000000ca012a', 'init TLV stream: unknown even type 202');
    rejects('001000000000c90101c90102', 'init TLV stream: duplicate type 201');
  });

  it('encodes the empty init', () => {
    roundTrip({ kind: 'init', globalFeatures: empty, features: empty }, '001000000000');
  });

  it('encodes networks = [mainnet] as bolts.md §2.3 constructs it', () => {
    roundTrip(
      { kind: 'init', globalFeatures: empty, features: empty, networks: [MAINNET] },
      '0010 0000 0000 01 20 6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000',
    );
  });

  it("round-trips Core Lightning's init: globalfeatures, features, networks", () => {
    roundTrip(
      { kind: 'init', globalFeatures: unhex('1100'), features: unhex('800898880a8a59a1'), networks: [MAINNET] },
      `0010 0002 1100 0008 800898880a8a59a1 01 20 ${hex(MAINNET)}`,
    );
  });

  it('round-trips several networks, none, and a remote_addr', () => {
    const [testnet, signet] = [chainHash('testnet3'), chainHash('signet')];
    roundTrip(
      {
        kind: 'init',
        globalFeatures: empty,
        features: unhex('02'),
        networks: [testnet, signet],
        remoteAddr: { type: 'ipv4', address: '203.0.113.7', port: 9735 },
      },
      `0010 0000 0001 02 01 40 ${hex(testnet)}${hex(signet)} 03 07 01 cb007107 2607`,
    );
    // An empty list is not the same statement as no list: it says "none of them".
    roundTrip({ kind: 'init', globalFeatures: empty, features: empty, networks: [] }, '001000000000 0100');
    const remoteAddr = { type: 'ipv6', address: '2001:db8::1', port: 1 } as const;
    roundTrip(
      { kind: 'init', globalFeatures: empty, features: empty, remoteAddr },
      '001000000000 03 13 02 20010db8000000000000000000000001 0001',
    );
  });

  it('skips unknown odd init TLVs', () => {
    assert.deepEqual(decodeMessage(bytes(`001000000000 0120${hex(MAINNET)} 05012a 0700`)), {
      kind: 'init',
      globalFeatures: empty,
      features: empty,
      networks: [MAINNET],
    });
  });

  it('rejects malformed fields and bad TLV values', () => {
    rejects('0010', 'init: truncated at byte 2: 2 bytes needed, 0 left');
    rejects('0010 0003 aabb', 'init: truncated at byte 4: 3 bytes needed, 2 left');
    rejects('0010 0000 0002 0a', 'init: truncated at byte 6: 2 bytes needed, 1 left');
    rejects(
      `001000000000 011f ${'00'.repeat(31)}`,
      'init TLV type 1 (networks): 31 bytes are not a whole number of 32-byte chain hashes',
    );
    rejects('001000000000 0308 01 7f000001 2607', 'init TLV stream: type 3 has length 8, past the end (7 bytes left)');
    rejects('001000000000 0301 06 0301 06', 'init TLV stream: duplicate type 3');
  });

  it('drops a remote_addr it cannot parse, as Core Lightning does, and keeps the rest of the init', () => {
    const init = { kind: 'init', globalFeatures: empty, features: empty, networks: [MAINNET] };
    const networks = `0120 ${hex(MAINNET)}`;
    for (const descriptor of [
      '06 0102030405', // a descriptor type newer than ours
      '01 7f000001 260700', // a byte too many
      '01 7f000001 26', // truncated
      '03 00000000000000000000 2607', // Tor v2, obsolete
      '', // empty
    ]) {
      const length = bytes(descriptor).length.toString(16).padStart(2, '0');
      assert.deepEqual(decodeMessage(bytes(`001000000000 ${networks} 03${length} ${descriptor}`)), init, descriptor);
    }
  });

  it('refuses to encode a chain hash that is not 32 bytes', () => {
    const init = { kind: 'init', globalFeatures: empty, features: empty, networks: [new Uint8Array(31)] } as const;
    assert.throws(() => encodeMessage(init), RangeError);
  });
});

describe('error (17) and warning (1)', () => {
  it('round-trip: channel_id ‖ u16 len ‖ data', () => {
    const data = new TextEncoder().encode('hi');
    roundTrip({ kind: 'error', channelId: NO_CHANNEL, data }, `0011 ${'00'.repeat(32)} 0002 6869`);
    roundTrip({ kind: 'warning', channelId: new Uint8Array(32).fill(0xab), data }, `0001 ${'ab'.repeat(32)} 0002 6869`);
    roundTrip({ kind: 'warning', channelId: NO_CHANNEL, data: empty }, `0001 ${'00'.repeat(32)} 0000`);
  });

  it('parse trailing bytes as an extension TLV stream', () => {
    const base = `0011 ${'00'.repeat(32)} 0000`;
    assert.deepEqual(decodeMessage(bytes(`${base} 2100`)), { kind: 'error', channelId: NO_CHANNEL, data: empty });
    rejects(`${base} 2000`, 'error TLV stream: unknown even type 32');
    rejects(`${base} 21`, 'error TLV stream: truncated at byte 1: 1 byte needed, 0 left');
  });

  it('reject short messages', () => {
    rejects(`0001 ${'00'.repeat(31)}`, 'warning: truncated at byte 2: 32 bytes needed, 31 left');
    rejects(`0011 ${'00'.repeat(32)} 0003 aa`, 'error: truncated at byte 36: 3 bytes needed, 1 left');
  });

  it('refuse to encode a channel id that is not 32 bytes', () => {
    assert.throws(() => encodeMessage({ kind: 'error', channelId: new Uint8Array(33), data: empty }), RangeError);
  });
});

describe('ping (18) and pong (19)', () => {
  it('round-trip with exact bytes', () => {
    roundTrip({ kind: 'ping', numPongBytes: 4, ignored: new Uint8Array(2) }, '0012 0004 0002 0000');
    roundTrip(ping(0), '0012 0000 0000');
    roundTrip({ kind: 'pong', ignored: new Uint8Array(4) }, '0013 0004 00000000');
    roundTrip({ kind: 'pong', ignored: empty }, '0013 0000');
  });

  it('owe a pong of exactly num_pong_bytes only when it fits in a message', () => {
    assert.deepEqual(pongFor(ping(3)), { kind: 'pong', ignored: new Uint8Array(3) });
    assert.equal(pongFor(ping(MAX_PONG_BYTES))?.ignored.length, 65531);
    assert.equal(pongFor(ping(65532)), undefined);
    assert.equal(pongFor(ping(65535)), undefined);
    // The largest owed pong is a whole message: type, length, 65531 bytes.
    assert.equal(encodeMessage(pongFor(ping(MAX_PONG_BYTES))!).length, 65535);
  });

  it('reject padding that runs past the end', () => {
    rejects('0012 0004 0002 aa', 'ping: truncated at byte 6: 2 bytes needed, 1 left');
    rejects('0013 0004 000000', 'pong: truncated at byte 4: 4 bytes needed, 3 left');
  });

  it('parse trailing bytes as an extension TLV stream', () => {
    assert.deepEqual(decodeMessage(bytes('0013 0000 0101ff')), { kind: 'pong', ignored: empty });
    rejects('0012 0000 0000 fd00', 'ping TLV stream: truncated at byte 1: 2 bytes needed, 1 left');
    rejects('0012 0000 0000 fd000100', 'ping TLV stream: non-minimal encoding of 1 in 3 bytes');
  });
});

describe('other types', () => {
  it('come back as unknown, for the caller to apply the odd/even rule', () => {
    assert.deepEqual(decodeMessage(unhex('8001deadbeef')), { kind: 'unknown', type: 0x8001 });
    assert.deepEqual(decodeMessage(unhex('0009')), { kind: 'unknown', type: 9 });
    assert.deepEqual(decodeMessage(unhex('0100')), { kind: 'unknown', type: 256 });
    assert.equal(isOdd(0x8001), true);
    assert.equal(isOdd(256), false);
    assert.equal(isOdd(2n ** 64n - 1n), true);
    assert.equal(isOdd(0n), false);
  });

  it('need at least a type', () => {
    rejects('00', 'message: truncated at byte 0: 2 bytes needed, 1 left');
    rejects('', 'message: truncated at byte 0: 2 bytes needed, 0 left');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_FEATURES,
  FEATURES,
  checkPeerFeatures,
  featureBits,
  featureNames,
  featuresFromBits,
  featuresFromHex,
  featuresToHex,
  hasFeature,
  orFeatures,
} from '../../src/wire/features.js';
import { WireError } from '../../src/wire/errors.js';
import { readFixture } from '../helpers/fixtures.js';

interface Bolt9Row {
  bit_pair: [number, number];
  name: string;
  depends: string[];
  assumed: boolean;
}

const fromBits = (...bits: number[]) => featuresToHex(featuresFromBits(bits));
/** The reason checkPeerFeatures refuses a vector with (the WireError it throws), or undefined when it accepts it. */
function refusal(vector: Uint8Array): string | undefined {
  try {
    checkPeerFeatures(vector);
    return undefined;
  } catch (err) {
    assert.ok(err instanceof WireError, String(err));
    return err.message;
  }
}
const check = (...bits: number[]) => refusal(featuresFromBits(bits));

describe('feature vectors', () => {
  it('put bit i in byte len-1-floor(i/8): bits 8, 14, 17 are 024100', () => {
    assert.equal(fromBits(8, 14, 17), '024100');
    assert.deepEqual(featureBits(featuresFromHex('024100')), [8, 14, 17]);
    assert.equal(hasFeature(featuresFromHex('024100'), 17), true);
    assert.equal(hasFeature(featuresFromHex('024100'), 16), false);
    assert.equal(hasFeature(featuresFromHex('024100'), 80), false);
  });

  it('are as short as the highest bit allows, and empty without bits', () => {
    assert.equal(fromBits(), '');
    assert.equal(fromBits(0), '01');
    assert.equal(fromBits(7), '80');
    assert.equal(fromBits(8), '0100');
    assert.equal(fromBits(63, 0), '8000000000000001');
    assert.throws(() => featuresFromBits([-1]), RangeError);
    assert.throws(() => featuresFromBits([1.5]), RangeError);
  });

  it("decode Core Lightning's default init features", () => {
    const cln = featuresFromHex('800898880a8a59a1');
    assert.deepEqual(featureBits(cln), [0, 5, 7, 8, 11, 12, 14, 17, 19, 23, 25, 27, 35, 39, 43, 44, 47, 51, 63]);
    assert.equal(refusal(cln), undefined);
    assert.equal(refusal(orFeatures(featuresFromHex('1100'), cln)), undefined);
    assert.equal(featuresToHex(cln), '800898880a8a59a1');
  });
});

describe('orFeatures (Core Lightning featurebits_or)', () => {
  const or = (a: string, b: string) => featuresToHex(orFeatures(featuresFromHex(a), featuresFromHex(b)));

  it('aligns at the least significant end', () => {
    assert.equal(or('0100', '02'), '0102');
    assert.equal(or('02', '0100'), '0102');
    assert.equal(or('00ff', '0100'), '01ff');
    assert.equal(or('1100', '800898880a8a59a1'), '800898880a8a59a1');
  });

  it('keeps the longer length, leading zero bytes included', () => {
    assert.equal(or('0000', ''), '0000');
    assert.equal(or('', '000001'), '000001');
    assert.equal(or('', ''), '');
  });

  it('leaves its inputs alone', () => {
    const a = featuresFromHex('0001');
    orFeatures(a, featuresFromHex('ff'));
    assert.equal(featuresToHex(a), '0001');
  });
});

describe('checkPeerFeatures', () => {
  it('reports the lowest unknown even bit, in Core Lightning words', () => {
    assert.equal(check(101, 100, 20, 2, 1), 'Unsupported feature 2');
    assert.equal(check(100, 20), 'Unsupported feature 20');
    // Bit 3 (initial_routing_sync) and bits 20/21 (option_anchor_outputs) left the table.
    assert.equal(check(1, 3, 20), 'Unsupported feature 20');
  });

  it('accepts unknown odd bits', () => {
    assert.equal(check(3, 21, 31, 101, 1001), undefined);
  });

  it('counts ASSUMED pairs as known', () => {
    assert.equal(check(0, 8, 12, 14, 44), undefined);
  });

  it('checks unknown bits before dependencies', () => {
    assert.equal(check(16, 2), 'Unsupported feature 2');
  });

  it('reports a missing dependency, either bit of either pair counting', () => {
    assert.equal(check(17), 'Feature 16 requires feature 14');
    assert.equal(check(16), 'Feature 16 requires feature 14');
    assert.equal(check(51), 'Feature 50 requires feature 46');
    assert.equal(check(61, 47), 'Feature 60 requires feature 26');
    assert.equal(check(17, 51), 'Feature 16 requires feature 14');
    assert.equal(check(16, 15), undefined);
    assert.equal(check(17, 14), undefined);
    assert.equal(check(50, 47), undefined);
    assert.equal(check(60, 27), undefined);
  });

  it('accepts both bits of a pair', () => {
    assert.equal(check(14, 15, 16, 17), undefined);
  });
});

describe('the BOLT 9 table', () => {
  const rows = readFixture<Bolt9Row[]>('vectors/bolt9-features.json');

  it('is bolt9-features.json, pair for pair', () => {
    assert.deepEqual(
      FEATURES.map((f) => ({ bit_pair: [f.bit, f.bit + 1], name: f.name, depends: f.depends, assumed: f.assumed })),
      rows.map(({ bit_pair, name, depends, assumed }) => ({ bit_pair, name, depends, assumed })),
    );
  });

  it('knows both bits of every pair', () => {
    assert.equal(check(...rows.map((r) => r.bit_pair[0])), undefined);
    assert.equal(check(...rows.map((r) => r.bit_pair[1])), undefined);
  });

  it('names each feature once, marking the required ones', () => {
    assert.deepEqual(featureNames(featuresFromHex('024100')), ['var_onion_optin (required)', 'payment_secret (required)', 'basic_mpp']);
    assert.deepEqual(featureNames(featuresFromBits([0, 1, 9])), ['option_data_loss_protect (required)', 'var_onion_optin'], 'both bits of a pair: one name');
    assert.deepEqual(featureNames(featuresFromBits([3, 100, 101])), ['unknown_bit_2', 'unknown_bit_100 (required)']);
    assert.deepEqual(featureNames(new Uint8Array(0)), []);
  });
});

describe('DEFAULT_FEATURES', () => {
  it('offers bits 1, 7, 9, 13, 15, 17, 45 and requires nothing', () => {
    assert.equal(featuresToHex(DEFAULT_FEATURES), '20000002a282');
    assert.deepEqual(featureBits(DEFAULT_FEATURES), [1, 7, 9, 13, 15, 17, 45]);
    assert.ok(featureBits(DEFAULT_FEATURES).every((bit) => bit % 2 === 1));
  });

  it('passes our own check, dependencies included', () => {
    assert.equal(refusal(DEFAULT_FEATURES), undefined);
  });

  it('has a bit of every pair Electrum and LDK require of a peer', () => {
    for (const pair of [0, 6, 12, 8, 14]) {
      assert.ok(hasFeature(DEFAULT_FEATURES, pair) || hasFeature(DEFAULT_FEATURES, pair + 1), `pair ${pair}`);
    }
  });
});

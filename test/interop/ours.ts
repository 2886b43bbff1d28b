/** ln-connect's side in the interoperability tests: its key file's secret, node id and default init features. */
export const OUR_SECRET = '11'.repeat(32);
export const OUR_ID = '034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa';
/** Bits 1 7 9 13 15 17 45 (test/e2e/interop.test.ts has them from BOLT 9 by hand). */
export const OUR_FEATURES = '20000002a282';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { palette, PLAIN } from '../../src/cli/color.js';
import { formatJson } from '../../src/cli/format/json.js';
import { formatResultText } from '../../src/cli/format/text.js';

const RESULT = {
  id: '028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7',
  features: '0800002200',
  direction: 'out' as const,
  address: { type: 'ipv4' as const, address: '127.0.0.1', port: 9735 },
};

test('JSON as lightning-cli prints it: 3-space indent, key order kept, final newline', () => {
  assert.equal(
    formatJson(RESULT, PLAIN),
    '{\n   "id": "028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7",\n   "features": "0800002200",\n   "direction": "out",\n' +
      '   "address": {\n      "type": "ipv4",\n      "address": "127.0.0.1",\n      "port": 9735\n   }\n}\n',
  );
});

test('colour changes no character of the JSON text', async () => {
  const colored = formatJson({ code: 401, message: 'a "quoted": 12 string' }, palette(true));
  assert.notEqual(colored, formatJson({ code: 401, message: 'a "quoted": 12 string' }, PLAIN));
  assert.equal(colored.replace(/\x1b\[[0-9;]*m/g, ''), formatJson({ code: 401, message: 'a "quoted": 12 string' }, PLAIN));
});

test('the text format is one line with the feature names', () => {
  assert.equal(
    formatResultText(RESULT, PLAIN),
    'connected to 028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7@127.0.0.1:9735 features 0x0800002200: var_onion_optin, option_static_remotekey, option_quiesce\n',
  );
});

test('the text format names each feature once, even when both of its bits are set (Electrum)', () => {
  // Both bits of four pairs (0/1, 8/9, 12/13, 14/15), and 17.
  const line = formatResultText({ ...RESULT, features: '02f303', direction: 'in' }, PLAIN);
  assert.equal(
    line,
    'accepted 028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7@127.0.0.1:9735 features 0x02f303: ' +
      'option_data_loss_protect (required), var_onion_optin (required), option_static_remotekey (required), payment_secret (required), basic_mpp\n',
  );
  assert.equal(formatResultText({ ...RESULT, features: '' }, PLAIN).endsWith('features 0x0: none\n'), true);
});

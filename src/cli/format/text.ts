import { formatAddress } from '../../net/address.js';
import type { ConnectResult } from '../../connect/result.js';
import type { ConnectError } from '../../errors.js';
import { featureNames, featuresFromHex } from '../../wire/index.js';
import type { Palette } from '../color.js';

/** One line a person reads at a glance: who, where, which way, what they offer (each feature once). */
export function formatResultText(result: ConnectResult, colors: Palette): string {
  const features = result.features === '' ? 'none' : featureNames(featuresFromHex(result.features)).join(', ');
  const way = result.direction === 'out' ? 'connected to' : 'accepted';
  return `${colors.good(way)} ${result.id}@${formatAddress(result.address)} features ${colors.dim(`0x${result.features || '0'}`)}: ${features}\n`;
}

export function formatErrorText(error: Pick<ConnectError, 'message'> & { readonly code: number }, colors: Palette): string {
  return `${colors.bad(`error ${error.code}`)}: ${error.message.trimEnd()}\n`;
}

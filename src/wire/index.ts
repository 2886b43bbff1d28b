/** BOLT 1, 7 (address descriptors) and 9 encodings: bytes in, values out, no sockets. */
export {
  ADDRESS_DESCRIPTOR_TYPE,
  decodeAddressDescriptor,
  encodeAddressDescriptor,
  readAddressDescriptor,
  writeAddressDescriptor,
  type NetworkAddress,
} from './address-descriptor.js';
export { MAX_BIGSIZE, decodeBigSize, encodeBigSize, readBigSize } from './bigsize.js';
export { WireError } from './errors.js';
export {
  DEFAULT_FEATURES,
  FEATURES,
  type Feature,
  checkPeerFeatures,
  featureBits,
  featureNames,
  featuresFromBits,
  featuresFromHex,
  featuresToHex,
  hasFeature,
  orFeatures,
} from './features.js';
export { checkHostname, InvalidHostError } from './hostname.js';
export { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip.js';
export {
  MAX_PONG_BYTES,
  MESSAGE_TYPE,
  type ErrorMessage,
  type InitMessage,
  type KnownMessage,
  type Message,
  type Notice,
  type PingMessage,
  type PongMessage,
  type UnknownMessage,
  type WarningMessage,
  decodeMessage,
  encodeMessage,
  pongFor,
} from './messages.js';
export { InvalidOnionError, onionV3FromPubkey, parseOnionV3 } from './onion.js';
export { isOdd } from './parity.js';
export { Reader } from './reader.js';
export { printable, quoteFirstLine } from './text.js';
export { type TlvRecord, type TlvSchema, type TlvValues, decodeTlvStream, encodeTlvStream } from './tlv.js';
export { Writer } from './writer.js';

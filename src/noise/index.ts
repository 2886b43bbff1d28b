export { ACT_ONE_SIZE, ACT_THREE_SIZE, ACT_TWO_SIZE, Initiator, Responder } from './handshake.js';
export { HandshakeError, TransportError, type HandshakeErrorCode } from './errors.js';
export { LENGTH_HEADER_SIZE, MAX_MESSAGE_SIZE, Transport } from './transport.js';
export { MAC_SIZE, publicKeyOf } from './crypto.js';

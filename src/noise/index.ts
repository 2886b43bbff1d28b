/** BOLT 8 without sockets: the handshake state machines and the transport they produce. */
export { ACT_ONE_SIZE, ACT_THREE_SIZE, ACT_TWO_SIZE, Initiator, Responder } from './handshake.js';
export { HandshakeError, TransportError, type HandshakeErrorCode } from './errors.js';
export { LENGTH_HEADER_SIZE, MAX_MESSAGE_SIZE, Transport } from './transport.js';
export { MAC_SIZE, publicKeyOf } from './crypto.js';

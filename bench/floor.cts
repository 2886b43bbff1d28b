/**
 * The least a process can do and still be a BOLT 8 initiator's worth of work, for
 * `npm run bench:startup` to show how far the target is from what Node itself costs here: load
 * node:net and node:crypto, make the six OpenSSL scalar multiplications of ln-connect's handshake
 * (three ECDHs, each with its parity check), and make three round trips to an echo server whose
 * port is argv[2]. No hashing, no cipher, no argument parsing, no output, and a peer that does
 * nothing: a floor, not a competitor.
 */
import crypto = require('node:crypto');
import net = require('node:net');

const ours = crypto.createECDH('secp256k1');
ours.generateKeys();
const theirs = ours.getPublicKey();
const ACT = Buffer.alloc(50);

function scalarMultiplications(): void {
  for (let i = 0; i < 2; i++) {
    const key = crypto.createECDH('secp256k1');
    key.setPrivateKey(ours.getPrivateKey());
    key.computeSecret(theirs);
  }
}

const socket = net.connect(Number(process.argv[2]), '127.0.0.1', () => {
  let trips = 0;
  socket.on('data', () => {
    if (++trips === 3) return void socket.destroy();
    scalarMultiplications();
    socket.write(ACT);
  });
  scalarMultiplications();
  socket.write(ACT);
});

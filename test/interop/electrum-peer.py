"""A Lightning peer made of Electrum's own parts, for ln-connect's interoperability tests.

Electrum's BOLT 8 transport (electrum.lntransport) does the handshake and the framing, its wire
codec (electrum.lnmsg) encodes and decodes every message, and the init it sends is the one its
lnpeer.Peer sends for a wallet (LNWALLET_FEATURES, the chain hash of constants.net). The checks it
makes of the peer's init are the ones Peer.on_init makes, with Electrum's functions. Only the
loop around them is ours: a whole Electrum wallet needs a network, a database and a chain.

  electrum-peer.py listen PRIVKEY          accept one connection on 127.0.0.1 (first stdout line:
                                            the port), serve until the peer hangs up
  electrum-peer.py connect PRIVKEY NODEID PORT
                                            dial 127.0.0.1:PORT, serve until stdin reaches EOF,
                                            then hang up

Either way the last stdout line is a JSON report. The exit status is 0 when the handshake was
made and the peer's init accepted, 1 otherwise; every wait is bounded by TIMEOUT seconds.
"""

import asyncio
import json
import os
import sys

from electrum import constants
from electrum.ecc import ECPrivkey
from electrum.lnmsg import UnknownOptionalMsgType, decode_msg, encode_msg
from electrum.lntransport import LNResponderTransport, LNTransport
from electrum.lnutil import LightningPeerConnectionClosed, LnFeatures, LNPeerAddr, ln_compare_features
from electrum.lnworker import LNWALLET_FEATURES

TIMEOUT = 20


def init_message():
    """Peer.initialize's init: no globalfeatures, the features for an init, our chain."""
    features = LNWALLET_FEATURES.for_init_message()
    length = (features.bit_length() + 7) // 8
    message = encode_msg('init', gflen=0, flen=length, features=features,
                         init_tlvs={'networks': {'chains': constants.net.rev_genesis_bytes()}})
    return message, features.to_bytes(length, 'big').hex()


def check_init(payload):
    """Peer.on_init's checks, each raising as Electrum would disconnect: returns what was received."""
    features = int.from_bytes(payload['features'], 'big')
    globalfeatures = int.from_bytes(payload['globalfeatures'], 'big')
    theirs = LnFeatures(features | globalfeatures)
    if not theirs.validate_transitive_dependencies():
        raise ValueError('remote did not set all dependencies for the features they sent')
    ln_compare_features(LNWALLET_FEATURES, theirs)
    networks = payload['init_tlvs'].get('networks')
    chains = [] if networks is None else [networks['chains'][i:i + 32] for i in range(0, len(networks['chains']), 32)]
    if chains and constants.net.rev_genesis_bytes() not in chains:
        raise ValueError(f'no common chain found with remote. (they sent: {chains})')
    return {
        'features': payload['features'].hex(),
        'globalfeatures': payload['globalfeatures'].hex(),
        'networks': [chain.hex() for chain in chains],
    }


async def serve(transport, report):
    """Sends our init, checks theirs, answers pings, until the connection ends."""
    message, report['sent_features'] = init_message()
    transport.send_bytes(message)
    async for raw in transport.read_messages():
        try:
            kind, payload = decode_msg(raw)
        except UnknownOptionalMsgType:
            continue  # as Peer.process_message does
        report['received'].append(kind)
        if kind == 'init' and 'init' not in report:
            report['init'] = check_init(payload)
        elif kind == 'ping':
            transport.send_bytes(encode_msg('pong', byteslen=payload['num_pong_bytes']))
        await transport.writer.drain()


async def run_listen(privkey, report):
    accepted = asyncio.get_running_loop().create_future()

    async def on_connection(reader, writer):
        transport = LNResponderTransport(privkey, reader, writer)
        try:
            report['peer'] = (await transport.handshake()).hex()
            await serve(transport, report)
        except LightningPeerConnectionClosed:
            pass
        except Exception as e:
            report['error'] = repr(e)
        finally:
            writer.close()
            accepted.set_result(None)

    server = await asyncio.start_server(on_connection, '127.0.0.1', 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    try:
        await accepted
    finally:
        server.close()


async def run_connect(privkey, node_id, port, report):
    transport = LNTransport(privkey, LNPeerAddr('127.0.0.1', port, node_id), proxy=None)
    await transport.handshake()
    report['peer'] = node_id.hex()
    serving = asyncio.ensure_future(serve(transport, report))
    # The test closes our stdin once ln-connect has printed its result: a one-shot peer leaves then.
    loop = asyncio.get_running_loop()
    stdin_closed = loop.create_future()
    fd = sys.stdin.fileno()
    loop.add_reader(fd, lambda: os.read(fd, 4096) or stdin_closed.done() or stdin_closed.set_result(None))
    done, _ = await asyncio.wait([serving, stdin_closed], return_when=asyncio.FIRST_COMPLETED)
    loop.remove_reader(fd)
    transport.close()
    if serving in done and not isinstance(serving.exception(), LightningPeerConnectionClosed):
        serving.result()


def main():
    mode, privkey = sys.argv[1], bytes.fromhex(sys.argv[2])
    report = {'id': ECPrivkey(privkey).get_public_key_bytes().hex(), 'received': []}
    if mode == 'listen':
        job = run_listen(privkey, report)
    else:
        job = run_connect(privkey, bytes.fromhex(sys.argv[3]), int(sys.argv[4]), report)
    try:
        asyncio.run(asyncio.wait_for(job, TIMEOUT))
    except Exception as e:
        report.setdefault('error', repr(e))
    print(json.dumps(report), flush=True)
    sys.exit(0 if 'init' in report and 'error' not in report else 1)


if __name__ == '__main__':
    main()

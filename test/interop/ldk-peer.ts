import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect as tcpConnect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import * as ldk from 'lightningdevkit';

/**
 * A Lightning node made of rust-lightning's own peer logic (the `lightningdevkit` WASM bindings):
 * a ChannelManager configured as an LDK node would be, behind LDK's PeerManager, which does the
 * BOLT 8 handshake, sends LDK's init, checks ours and answers pings. The WASM has no sockets: this
 * file moves bytes between node:net sockets and the PeerManager and nothing else, so every
 * protocol decision on the LDK side is LDK's.
 */

/** What LDK saw when it accepted a peer: its handlers' peer_connected is called only then. */
export interface LdkPeerSeen {
  readonly id: string;
  /** The peer's init features as LDK parsed them, big-endian hex as on the wire. */
  readonly features: string;
  /** The chain hashes of the peer's `networks` TLV, hex. */
  readonly networks: readonly string[];
  readonly inbound: boolean;
}

let wasmLoaded: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  const wasm = createRequire(import.meta.url).resolve('lightningdevkit/liblightningjs.wasm');
  wasmLoaded ??= ldk.initializeWasmFromBinary(readFileSync(wasm));
  return wasmLoaded;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** LDK keeps feature flags little-endian; BOLT 1 writes them big-endian, minimal. */
function featuresHex(features: ldk.InitFeatures): string {
  const bigEndian = Uint8Array.from(features.le_flags()).reverse();
  let start = 0;
  while (start < bigEndian.length && bigEndian[start] === 0) start++;
  return hex(bigEndian.subarray(start));
}

export class LdkPeer {
  readonly nodeId: string;
  /** LDK's log lines, for assertion messages. */
  readonly log: string[] = [];
  /** Every peer LDK accepted, in order. */
  readonly accepted: LdkPeerSeen[] = [];
  private readonly peers: ldk.PeerManager;
  private readonly channels: ldk.ChannelManager;
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private nextDescriptor = 1n;
  private onIdle: (() => void) | undefined;

  private constructor(seed: Uint8Array, network: ldk.Network) {
    const logger = ldk.Logger.new_impl({
      log: (record: ldk.Record) => void this.log.push(`${ldk.Level[record.get_level()]} ${record.get_module_path()}: ${record.get_args()}`),
    });
    // No chain, no funds, no channels: the ChannelManager needs these to exist, never to act.
    const fees = ldk.FeeEstimator.new_impl({ get_est_sat_per_1000_weight: () => 253 });
    const broadcaster = ldk.BroadcasterInterface.new_impl({ broadcast_transactions: () => undefined });
    const persister = ldk.Persist.new_impl({
      persist_new_channel: () => ldk.ChannelMonitorUpdateStatus.LDKChannelMonitorUpdateStatus_Completed,
      update_persisted_channel: () => ldk.ChannelMonitorUpdateStatus.LDKChannelMonitorUpdateStatus_Completed,
      archive_persisted_channel: () => undefined,
    });
    const chainMonitor = ldk.ChainMonitor.constructor_new(ldk.Option_FilterZ.constructor_none(), broadcaster, logger, fees, persister);
    const keys = ldk.KeysManager.constructor_new(seed, 42n, 42);
    const graph = ldk.NetworkGraph.constructor_new(network, logger);
    const scorer = ldk.ProbabilisticScorer.constructor_new(ldk.ProbabilisticScoringDecayParameters.constructor_default(), graph, logger);
    const score = ldk.MultiThreadedLockableScore.constructor_new(scorer.as_Score());
    const router = ldk.DefaultRouter.constructor_new(graph, logger, keys.as_EntropySource(), score.as_LockableScore(), ldk.ProbabilisticScoringFeeParameters.constructor_default());
    const messageRouter = ldk.DefaultMessageRouter.constructor_new(graph, keys.as_EntropySource());
    this.channels = ldk.ChannelManager.constructor_new(
      fees, chainMonitor.as_Watch(), broadcaster, router.as_Router(), messageRouter.as_MessageRouter(), logger,
      keys.as_EntropySource(), keys.as_NodeSigner(), keys.as_SignerProvider(), ldk.UserConfig.constructor_default(),
      ldk.ChainParameters.constructor_new(network, ldk.BestBlock.constructor_from_network(network)), 42,
    );
    this.nodeId = hex(this.channels.get_our_node_id());
    const ignoring = ldk.IgnoringMessageHandler.constructor_new();
    // The last handler PeerManager tells of a new peer, after the ChannelManager has accepted its init.
    const witness = ldk.CustomMessageHandler.new_impl(
      {
        handle_custom_message: () => ldk.Result_NoneLightningErrorZ.constructor_ok(),
        get_and_clear_pending_msg: () => [],
        peer_disconnected: () => undefined,
        peer_connected: (id: Uint8Array, init: ldk.Init, inbound: boolean) => {
          const networks = init.get_networks();
          this.accepted.push({
            id: hex(id),
            features: featuresHex(init.get_features()),
            networks: networks instanceof ldk.Option_CVec_ThirtyTwoBytesZZ_Some ? networks.some.map(hex) : [],
            // The bindings hand a boolean over as 0 or 1.
            inbound: Boolean(inbound),
          });
          return ldk.Result_NoneNoneZ.constructor_ok();
        },
        provided_node_features: () => ldk.NodeFeatures.constructor_empty(),
        provided_init_features: () => ldk.InitFeatures.constructor_empty(),
      },
      { read: () => ldk.Result_COption_TypeZDecodeErrorZ.constructor_ok(ldk.Option_TypeZ.constructor_none()) },
    );
    this.peers = ldk.PeerManager.constructor_new(
      this.channels.as_ChannelMessageHandler(), ignoring.as_RoutingMessageHandler(), ignoring.as_OnionMessageHandler(), witness,
      Math.floor(Date.now() / 1000), keys.as_EntropySource().get_secure_random_bytes(), logger, keys.as_NodeSigner(),
    );
  }

  /** A node whose keys derive from `seed` (32 bytes), on `network`. */
  static async create(seed: Uint8Array, network: ldk.Network): Promise<LdkPeer> {
    await loadWasm();
    return new LdkPeer(seed, network);
  }

  /** The init features this node sends, big-endian hex: what its peers must report. */
  initFeatures(peerId: string): string {
    return featuresHex(this.channels.as_ChannelMessageHandler().provided_init_features(Buffer.from(peerId, 'hex')));
  }

  /** Resolves once no connection is open: LDK has then handled every byte its peers sent. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.onIdle = () => this.sockets.size === 0 && resolve();
      this.onIdle();
    });
  }

  /** Accepts inbound connections on loopback; returns the port. */
  async listen(): Promise<number> {
    const server = createServer((socket) => {
      const descriptor = this.attach(socket);
      if (!this.peers.new_inbound_connection(descriptor, remoteAddress(socket)).is_ok()) socket.destroy();
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  /** Opens a connection to `nodeId` at 127.0.0.1:`port`, LDK being the initiator. */
  connect(nodeId: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => {
        const descriptor = this.attach(socket);
        const actOne = this.peers.new_outbound_connection(Buffer.from(nodeId, 'hex'), descriptor, remoteAddress(socket));
        if (actOne instanceof ldk.Result_CVec_u8ZPeerHandleErrorZ_OK) {
          socket.write(actOne.res);
          resolve();
        } else {
          socket.destroy();
          reject(new Error('LDK refused to open the connection'));
        }
      });
    });
  }

  /** Leaves every peer as LDK does: PeerManager forgets them and closes their sockets. */
  hangUp(): void {
    this.peers.disconnect_all_peers();
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.server?.close();
  }

  /** Hands the socket's bytes to the PeerManager and the PeerManager's bytes to the socket. */
  private attach(socket: Socket): ldk.SocketDescriptor {
    this.sockets.add(socket);
    const id = this.nextDescriptor++;
    const descriptor = ldk.SocketDescriptor.new_impl({
      send_data: (data: Uint8Array) => {
        if (socket.destroyed) return 0;
        socket.write(Buffer.from(data));
        return data.length;
      },
      disconnect_socket: () => void socket.end(),
      eq: (other: ldk.SocketDescriptor) => other.hash() === id,
      hash: () => id,
    });
    socket.on('data', (data: Buffer) => {
      if (!this.peers.read_event(descriptor, data).is_ok()) socket.destroy();
      this.peers.process_events();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.peers.socket_disconnected(descriptor);
      this.onIdle?.();
    });
    return descriptor;
  }
}

function remoteAddress(socket: Socket): ldk.Option_SocketAddressZ {
  const octets = (socket.remoteAddress ?? '').split('.').map(Number);
  return ldk.Option_SocketAddressZ.constructor_some(ldk.SocketAddress.constructor_tcp_ip_v4(Uint8Array.from(octets), socket.remotePort ?? 0));
}

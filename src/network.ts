import { hex } from '@scure/base';

/**
 * The chains ln-connect knows: the default port Core Lightning uses on each (BOLT 1 names only
 * mainnet, testnet and signet; testnet4's and regtest's are Core Lightning's choices), the chain
 * hash our init puts in its `networks` TLV (genesis block hash in wire byte order, not the
 * reversed form explorers print), and the BOLT 10 DNS seeds known for it.
 */
export const NETWORKS = ['mainnet', 'testnet', 'testnet4', 'signet', 'regtest'] as const;
export type Network = (typeof NETWORKS)[number];

export interface NetworkParams {
  readonly defaultPort: number;
  readonly chainHash: string;
  /** Seeds found in LND's and Core Lightning's sources; the spec names no official list. */
  readonly dnsSeeds: readonly string[];
}

export const NETWORK_PARAMS: Readonly<Record<Network, NetworkParams>> = Object.freeze({
  mainnet: {
    defaultPort: 9735,
    chainHash: '6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000',
    dnsSeeds: ['nodes.lightning.wiki', 'lseed.bitcoinstats.com'],
  },
  testnet: {
    defaultPort: 19735,
    chainHash: '43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000',
    dnsSeeds: ['test.nodes.lightning.wiki'],
  },
  testnet4: {
    defaultPort: 49735,
    chainHash: '43f08bdab050e35b567c864b91f47f50ae725ae2de53bcfbbaf284da00000000',
    dnsSeeds: ['test4.nodes.lightning.wiki'],
  },
  signet: {
    defaultPort: 39735,
    chainHash: 'f61eee3b63a380a477a063af32b2bbc97c9ff9f01f2c4225e973988108000000',
    dnsSeeds: ['signet.nodes.lightning.wiki'],
  },
  regtest: {
    defaultPort: 19846,
    chainHash: '06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f',
    dnsSeeds: [],
  },
});

export function isNetwork(name: string): name is Network {
  return (NETWORKS as readonly string[]).includes(name);
}

/** The chain hash as our init's `networks` TLV carries it. */
export function chainHashBytes(network: Network): Uint8Array {
  return hex.decode(NETWORK_PARAMS[network].chainHash);
}

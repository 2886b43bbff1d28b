/** Where a run is, for a spinner or a log: one event per stage per address. */
export type ProgressStage = 'resolving' | 'connecting' | 'proxy' | 'handshake' | 'init' | 'confirming' | 'listening' | 'rejected';

export interface Progress {
  readonly stage: ProgressStage;
  /** The address being worked on, formatted as in error records. */
  readonly address: string;
  /**
   * With `rejected` (a listener closed an inbound connection that did not complete the
   * handshake, and went on waiting for a peer): why, in the words of a 401 record's ERR part.
   */
  readonly reason?: string;
}

export type ProgressListener = (progress: Progress) => void;

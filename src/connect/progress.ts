/** Where a run is, for a spinner or a log: one event per stage per address. */
export type ProgressStage = 'resolving' | 'connecting' | 'proxy' | 'handshake' | 'init' | 'confirming' | 'listening';

export interface Progress {
  readonly stage: ProgressStage;
  /** The address being worked on, formatted as in error records. */
  readonly address: string;
}

export type ProgressListener = (progress: Progress) => void;

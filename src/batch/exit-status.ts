/**
 * Exit statuses of a list (`--input`, `--graph --all`), where one status must sum up many
 * targets: each target's own code is on its line. `--help`, the README and the man page read this.
 * An internal error is still 5; `--format nagios` has the plugin statuses instead.
 */
export const LIST_EXIT_STATUS = [
  { exit: 0, meaning: 'every target connected (or the list was empty)' },
  { exit: 1, meaning: 'at least one target failed; its line says how' },
  { exit: 2, meaning: 'the run itself is unusable: bad options, unreadable input or graph' },
] as const;

export const LIST_ALL_UP = 0;
export const LIST_SOME_DOWN = 1;

/**
 * Reloads the whole window, so every page reads the ledger afresh (after a restore or a recovery replaced the data).
 * Its own module so tests can replace it: jsdom cannot reload.
 */
export function reloadWindow(): void {
  window.location.reload()
}

/**
 * The paper account's Redis keys (each one's bound: docs/architecture.md). All are state: no
 * TTL, never evicted. The `{paper}` hash tag keeps them in one Cluster slot, which the
 * multi-key Lua scripts need.
 */
export function paperKeys(prefix = 'ffe') {
  const base = `${prefix}:{paper}`;
  return {
    account: `${base}:account`,
    positions: `${base}:positions`,
    open: `${base}:open`,
    closed: `${base}:closed`,
    orders: `${base}:orders`,
    pending: `${base}:pending`,
    pendingExpiry: `${base}:pending:expiry`,
    ledger: `${base}:ledger`,
    halt: `${base}:halt`,
  };
}
export type PaperKeys = ReturnType<typeof paperKeys>;

/** Absolute stop-loss / take-profit prices guarding one position. */
export interface ProtectiveLevels {
  stopLoss?: number;
  takeProfit?: number;
}

/**
 * Where a platform keeps the protective levels of its positions when the venue does not hold
 * them (a spot exchange has no stop attached to a market buy). Ids are the platform's own key
 * for an order (Coinbase: the client order id derived from the idempotency key), known before
 * the order is sent, so levels are saved first: a crash after sending never leaves a position
 * without them. Levels of an order that never filled are harmless; closed positions drop theirs.
 * State: kept until dropped, never evicted.
 */
export interface PositionProtectionStore {
  /** Stores (or replaces) the levels of one id, atomically. */
  save(id: string, levels: ProtectiveLevels): Promise<void>;
  /** The levels stored for these ids; ids without levels are absent from the map. */
  load(ids: readonly string[]): Promise<Map<string, ProtectiveLevels>>;
  /** Forgets the levels of one id; dropping an unknown id is a no-op. */
  drop(id: string): Promise<void>;
}

import type { RedisClient } from './lua-scripts';

export type Wake =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'timeout' }
  | { kind: 'disconnected' };

export interface Waiter {
  /** Resolves on the entry's notification, the bound, or the subscriber losing its connection. */
  wait(timeoutMs: number): Promise<Wake>;
  cancel(): void;
}

/** Without a live subscription, a waiter re-checks this often (a degraded mode only). */
const UNSUBSCRIBED_RECHECK_MS = 50;
const SEPARATOR = '|';

/**
 * The wake-up side of single-flight: one subscription per store on one channel, in-process
 * waiters keyed by entry. A waiter registers before it looks at Redis, so a notification that
 * lands in between is never lost.
 */
export class Notifier {
  private readonly waiters = new Map<string, Set<(wake: Wake) => void>>();
  private subscribed = false;

  constructor(
    private readonly subscriber: RedisClient,
    private readonly channel: string,
    private readonly onInvalidate: (symbol: string) => void,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.dispatch(message);
    });
    this.subscriber.on('ready', () => {
      this.subscribed = true;
    });
    this.subscriber.on('close', () => {
      this.subscribed = false;
      this.wakeAll({ kind: 'disconnected' });
    });
    // The subscriber keeps its offline queue: this waits for a connection if Redis is down,
    // and ioredis subscribes again by itself after every reconnect.
    void this.subscriber
      .subscribe(this.channel)
      .then(() => {
        this.subscribed = true;
      })
      .catch(() => undefined);
  }

  get listening(): boolean {
    return this.subscribed;
  }

  expect(symbol: string, id: string): Waiter {
    const key = symbol + SEPARATOR + id;
    let settle: ((wake: Wake) => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const woken = new Promise<Wake>((resolve) => {
      settle = (wake) => {
        clearTimeout(timer);
        this.remove(key, settle!);
        resolve(wake);
      };
    });
    let set = this.waiters.get(key);
    if (!set) this.waiters.set(key, (set = new Set()));
    set.add(settle!);
    return {
      wait: (timeoutMs) => {
        const bound = this.subscribed ? timeoutMs : Math.min(timeoutMs, UNSUBSCRIBED_RECHECK_MS);
        timer = setTimeout(() => settle!({ kind: 'timeout' }), Math.max(1, bound));
        return woken;
      },
      cancel: () => settle!({ kind: 'timeout' }),
    };
  }

  static readyMessage(symbol: string, id: string): string {
    return ['r', symbol, id].join(SEPARATOR);
  }

  static failedMessage(symbol: string, id: string, reason: string): string {
    return ['e', symbol, id, reason].join(SEPARATOR);
  }

  static invalidatedMessage(symbol: string): string {
    return ['i', symbol].join(SEPARATOR);
  }

  private dispatch(message: string): void {
    const [kind, symbol, id] = message.split(SEPARATOR, 3);
    if (kind === 'i') return this.onInvalidate(symbol);
    const set = this.waiters.get(symbol + SEPARATOR + id);
    if (!set) return;
    const wake: Wake =
      kind === 'e'
        ? { kind: 'failed', message: message.slice(kind.length + symbol.length + id.length + 3) }
        : { kind: 'ready' };
    for (const settle of [...set]) settle(wake);
  }

  private wakeAll(wake: Wake): void {
    for (const set of [...this.waiters.values()]) for (const settle of [...set]) settle(wake);
  }

  private remove(key: string, settle: (wake: Wake) => void): void {
    const set = this.waiters.get(key);
    if (!set) return;
    set.delete(settle);
    if (set.size === 0) this.waiters.delete(key);
  }
}

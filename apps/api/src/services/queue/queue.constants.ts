/**
 * The BullMQ key prefix. The braces are a Redis Cluster hash tag: every queue key lands in one
 * slot, which BullMQ's multi-key Lua scripts need; on a single server they change nothing.
 */
export const QUEUE_PREFIX = '{ffe}';

/**
 * How long a worker waits before retrying after a lost Redis connection. BullMQ's default is
 * 15 s and that wait cannot be cut short: a worker closing after a Redis blip would hold
 * shutdown for up to 15 s, and trading cycles would resume 15 s late. One second is enough
 * between retries (ioredis reconnects on its own backoff underneath).
 */
export const WORKER_RETRY_DELAY_MS = 1_000;

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

/**
 * The longest an HTTP request waits for BullMQ to accept a job. The queue connection has an
 * offline queue and unlimited retries (BullMQ needs them), so without a bound an add during a
 * Redis outage waits for the outage to end.
 */
export const QUEUE_ADD_TIMEOUT_MS = 2_000;

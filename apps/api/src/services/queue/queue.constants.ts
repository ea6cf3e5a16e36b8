/**
 * The BullMQ key prefix. The braces are a Redis Cluster hash tag: every queue key lands in one
 * slot, which BullMQ's multi-key Lua scripts need; on a single server they change nothing.
 */
export const QUEUE_PREFIX = '{ffe}';

/** The client for application state (bot, positions, ledger, feature cache). */
export const REDIS_STATE = Symbol('REDIS_STATE');
/** BullMQ's own connection: it needs maxRetriesPerRequest=null and blocking commands. */
export const REDIS_QUEUE = Symbol('REDIS_QUEUE');

import { Logger } from '@nestjs/common';

interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * BullMQ queues and workers print every connection error to stderr, unstructured, when nobody
 * listens. While Redis is down that is one multi-line dump per retry; log one structured
 * warning per minute per component instead.
 */
export function logQueueErrors(emitter: ErrorEmitter, component: string, everyMs = 60_000): void {
  const logger = new Logger('Queue');
  let lastLoggedAt = -Infinity;
  emitter.on('error', (error) => {
    const now = Date.now();
    if (now - lastLoggedAt < everyMs) return;
    lastLoggedAt = now;
    logger.warn({ component, err: error.message }, 'queue connection error');
  });
}

import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { logQueueErrors } from './queue-errors';

describe('logQueueErrors', () => {
  it('listens, so errors are not dumped to stderr, and logs one warning per window', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const emitter = new EventEmitter();
    logQueueErrors(emitter, 'test queue', 60_000);
    expect(emitter.listenerCount('error')).toBe(1);
    emitter.emit('error', new Error('connect ECONNREFUSED'));
    emitter.emit('error', new Error('connect ECONNREFUSED'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toEqual({ component: 'test queue', err: 'connect ECONNREFUSED' });
    warn.mockRestore();
  });
});

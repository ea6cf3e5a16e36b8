import { useRedis } from '@ffe/testing';
import { FAILED, RedisLink } from './redis-link';
import { RecordingObserver } from './test/recording-observer';

/** Holds the event loop like a long synchronous compute does. */
function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin: nothing else can run meanwhile
  }
}

describe('RedisLink: bounded Redis operations', () => {
  const fixture = useRedis();

  it('does not call a reply late that arrived while the process was busy', async () => {
    const observer = new RecordingObserver();
    const link = new RedisLink(100, 1_000, observer);
    await fixture.redis.set('link:value', 'here');

    const pending = link.run('read', () => fixture.redis.get('link:value'));
    busyFor(300); // the reply lands meanwhile; the 100 ms timer is overdue too

    expect(await pending).toBe('here');
    expect(observer.errors.get('read')).toBeUndefined();
    expect(link.available).toBe(true);
  });

  it('still fails an operation Redis does not answer within the bound', async () => {
    const observer = new RecordingObserver();
    const link = new RedisLink(100, 1_000, observer);
    const admin = fixture.redis.duplicate();
    await admin.call('CLIENT', 'PAUSE', '1000', 'ALL');

    const result = await link.run('read', () => fixture.redis.get('link:value'));

    expect(result).toBe(FAILED);
    expect(observer.errors.get('read')).toBe(1);
    expect(link.problem).toMatch(/no answer within 100 ms/);
    admin.disconnect();
  });
});

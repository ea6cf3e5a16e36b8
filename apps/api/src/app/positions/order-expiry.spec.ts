import { InvalidInputError } from '@ffe/domain';
import { orderExpiry } from './order-expiry';

describe('a manual limit order’s expires_at', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const day = 86_400_000;

  it('is epoch ms when in the future and within the maximum, and absent when not sent', () => {
    expect(orderExpiry('2026-01-01T01:00:00Z', now, day)).toBe(now + 3_600_000);
    expect(orderExpiry('2026-01-01T02:00:00+01:00', now, day)).toBe(now + 3_600_000);
    expect(orderExpiry(undefined, now, day)).toBeUndefined();
  });

  it.each([
    ['2025-12-31T23:59:59Z', /future/],
    ['2026-01-01T00:00:00Z', /future/],
    ['2026-01-02T00:00:01Z', /at most 86400 s/],
    ['2026-01-01T01:00:00', /offset/],
    ['tomorrow', /ISO-8601/],
    ['2026-13-45T00:00:00Z', /ISO-8601/],
  ])('refuses %s with a 400 naming expires_at', (value, message) => {
    const refuse = () => orderExpiry(value, now, day);
    expect(refuse).toThrow(InvalidInputError);
    expect(refuse).toThrow(message);
    try {
      refuse();
    } catch (error) {
      expect(error).toMatchObject({ code: 'ORDER.EXPIRES_AT', field: 'expires_at' });
    }
  });
});

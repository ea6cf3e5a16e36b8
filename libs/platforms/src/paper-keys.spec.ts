import { paperKeys } from './paper-keys';

describe('paper keys', () => {
  it('all hash to one Cluster slot: `{paper}` is the first hash tag of every key', () => {
    // Cluster hashes only what the first `{…}` encloses; every script's KEYS are from here.
    const keys = Object.values(paperKeys());
    expect(keys).toContain('ffe:{paper}:halt');
    expect(keys).toContain('ffe:{paper}:pending:expiry');
    for (const key of keys) expect(key).toMatch(/^[^{]*\{paper\}/);
  });
});

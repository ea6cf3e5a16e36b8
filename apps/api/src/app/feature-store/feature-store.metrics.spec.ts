import { register } from 'prom-client';
import { FeatureStoreMetrics } from './feature-store.metrics';

describe('FeatureStoreMetrics', () => {
  afterEach(() => register.clear());

  it('serves a zero miss series for a symbol that only ever hits, so its ratio exists', async () => {
    register.clear();
    const metrics = new FeatureStoreMetrics();
    metrics.hit('BTCUSD');
    metrics.hit('BTCUSD');
    metrics.miss('ETHUSD');
    const text = await register.metrics();
    expect(text).toMatch(/^featurestore_hits_total\{symbol="BTCUSD"\} 2$/m);
    expect(text).toMatch(/^featurestore_misses_total\{symbol="BTCUSD"\} 0$/m);
    expect(text).toMatch(/^featurestore_hits_total\{symbol="ETHUSD"\} 0$/m);
    expect(text).toMatch(/^featurestore_misses_total\{symbol="ETHUSD"\} 1$/m);
  });
});

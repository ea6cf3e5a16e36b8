export { RedisFeatureStore, type RedisFeatureStoreOptions } from './redis-feature-store';
export { FeatureComputeError } from './cross-replica-compute';
export type { SymbolFeatureStats } from './manifest';
export { noopObserver, type FeatureStoreObserver } from './feature-store.observer';
export { freezeFrame, canonicalJson } from './feature-key';
export { encodeFeatures, decodeFeatures } from './feature-codec';
export { syntheticCandles, syntheticFeatures } from './synthetic';

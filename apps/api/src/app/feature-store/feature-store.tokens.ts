/** DI token for the FeatureStore port (libs/domain), bound by FeatureStoreModule. */
export const FEATURE_STORE = Symbol('FEATURE_STORE');

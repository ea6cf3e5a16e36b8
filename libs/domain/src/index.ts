export * from './errors';
export * from './clock.port';
export * from './market';
export * from './feature-store.port';
export * from './trading';

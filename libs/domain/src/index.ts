export * from './errors';
export * from './clock.port';

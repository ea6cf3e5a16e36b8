export * from './api';
export * from './health';
export * from './metric-names';
export * from './queue-names';
export * from './mask-credentials';

export * from './decision';
export * from './decision-provider.port';
export * from './market-data.port';
export * from './timeframe';
export * from './position';
export * from './trading-platform.port';
export * from './bot-state';
export * from './risk';

export { PaperTradingPlatform, type PaperPlatformOptions } from './paper.trading-platform';
export { DryRunTradingPlatform } from './dry-run.trading-platform';
export { paperKeys } from './paper-keys';

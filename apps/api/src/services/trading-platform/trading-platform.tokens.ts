/** The configured TradingPlatform, behind the dry-run boundary: inject this one to trade. */
export const TRADING_PLATFORM = Symbol('TRADING_PLATFORM');

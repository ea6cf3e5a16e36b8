/** The configured MarketDataProvider (the domain port). */
export const MARKET_DATA = Symbol('MARKET_DATA');

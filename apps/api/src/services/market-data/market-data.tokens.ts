/** The configured MarketDataProvider (the domain port). */
export const MARKET_DATA = Symbol('MARKET_DATA');
/** Alpha Vantage's shared call budget (null unless MARKET_DATA_SOURCE=alpha-vantage). */
export const ALPHA_VANTAGE_PERMITS = Symbol('ALPHA_VANTAGE_PERMITS');

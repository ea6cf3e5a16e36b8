/** The Clock (domain port) the trading modules read time from; tests may bind their own. */
export const CLOCK = Symbol('CLOCK');

// Answers of Coinbase's public REST API as recorded (trimmed to a few entries), replayed by the
// exchange market-data tests: ccxt's coinbase loads currencies and products before candles.

export const V2_CURRENCIES = {
  data: [
    { id: 'USD', name: 'US Dollar', min_size: '0.01' },
    { id: 'EUR', name: 'Euro', min_size: '0.01' },
  ],
};

export const V2_CURRENCIES_CRYPTO = {
  data: [
    {
      asset_id: '5b71fc48-3dd3-540c-809b-f8c94d0e68b5',
      code: 'BTC',
      name: 'Bitcoin',
      color: '#F7931A',
      sort_index: 100,
      exponent: 8,
      type: 'crypto',
      address_regex:
        '^([13][a-km-zA-HJ-NP-Z1-9]{25,34})|^(bc1[qzry9x8gf2tvdw0s3jn54khce6mua7l]([qpzry9x8gf2tvdw0s3jn54khce6mua7l]{38}|[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}))$',
    },
  ],
};

export const V2_EXCHANGE_RATES = {
  data: { currency: 'USD', rates: { BTC: '0.0000234', EUR: '0.9123', USD: '1.0' } },
};

const BTC_USD_PRODUCT = {
  product_id: 'BTC-USD',
  price: '42608.2',
  price_percentage_change_24h: '-1.2314',
  volume_24h: '10864.16713962',
  volume_percentage_change_24h: '-8.3512',
  base_increment: '0.00000001',
  quote_increment: '0.01',
  quote_min_size: '1',
  quote_max_size: '150000000',
  base_min_size: '0.00000001',
  base_max_size: '3400',
  base_name: 'Bitcoin',
  quote_name: 'US Dollar',
  watched: false,
  is_disabled: false,
  new: false,
  status: 'online',
  cancel_only: false,
  limit_only: false,
  post_only: false,
  trading_disabled: false,
  auction_mode: false,
  product_type: 'SPOT',
  quote_currency_id: 'USD',
  base_currency_id: 'BTC',
  fcm_trading_session_details: null,
  mid_market_price: '',
  alias: '',
  alias_to: [],
  base_display_symbol: 'BTC',
  quote_display_symbol: 'USD',
  view_only: false,
  price_increment: '0.01',
  display_name: 'BTC-USD',
  product_venue: 'CBE',
};

export const MARKET_PRODUCTS_SPOT = { products: [BTC_USD_PRODUCT], num_products: 1 };
export const MARKET_PRODUCTS_NONE = { products: [], num_products: 0 };

/** 5-minute BTC-USD candles, newest first as Coinbase sends them (15 Jan 2024, 18:20–18:35 UTC). */
export const CANDLES_BTC_USD_5M = {
  candles: [
    {
      start: '1705343700',
      low: '42601.57',
      high: '42680.01',
      open: '42650.12',
      close: '42608.2',
      volume: '12.60871355',
    },
    {
      start: '1705343400',
      low: '42630.5',
      high: '42702.33',
      open: '42688.9',
      close: '42650.12',
      volume: '18.02261447',
    },
    {
      start: '1705343100',
      low: '42655.01',
      high: '42731.74',
      open: '42712.46',
      close: '42688.9',
      volume: '21.9047791',
    },
    {
      start: '1705342800',
      low: '42690.18',
      high: '42755',
      open: '42701.3',
      close: '42712.46',
      volume: '15.33104923',
    },
  ],
};

export const ERROR_INVALID_GRANULARITY = {
  error: 'INVALID_ARGUMENT',
  error_details: 'granularity is not a valid value',
  message: 'granularity is not a valid value',
};

/** Coinbase's 429 body. */
export const ERROR_RATE_LIMITED = {
  errors: [{ id: 'rate_limit_exceeded', message: 'Too many requests' }],
};

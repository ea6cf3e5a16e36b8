// Alpha Vantage answers as the service sends them (newest bar first, numbers as strings),
// trimmed to a few bars. Links in the throttle and error texts are cut: tests name no real host.

export const FX_INTRADAY_EURUSD_5MIN = {
  'Meta Data': {
    '1. Information': 'FX Intraday (5min) Time Series',
    '2. From Symbol': 'EUR',
    '3. To Symbol': 'USD',
    '4. Last Refreshed': '2024-01-05 16:55:00',
    '5. Interval': '5min',
    '6. Output Size': 'Compact',
    '7. Time Zone': 'UTC',
  },
  'Time Series FX (5min)': {
    '2024-01-05 16:55:00': {
      '1. open': '1.09470',
      '2. high': '1.09490',
      '3. low': '1.09440',
      '4. close': '1.09460',
    },
    '2024-01-05 16:50:00': {
      '1. open': '1.09410',
      '2. high': '1.09480',
      '3. low': '1.09400',
      '4. close': '1.09470',
    },
    '2024-01-05 16:45:00': {
      '1. open': '1.09380',
      '2. high': '1.09420',
      '3. low': '1.09350',
      '4. close': '1.09410',
    },
  },
};

export const FX_DAILY_EURUSD = {
  'Meta Data': {
    '1. Information': 'Forex Daily Prices (open, high, low, close)',
    '2. From Symbol': 'EUR',
    '3. To Symbol': 'USD',
    '4. Output Size': 'Compact',
    '5. Last Refreshed': '2024-01-05 16:55:00',
    '6. Time Zone': 'UTC',
  },
  'Time Series FX (Daily)': {
    '2024-01-05': {
      '1. open': '1.09230',
      '2. high': '1.09980',
      '3. low': '1.08770',
      '4. close': '1.09460',
    },
    '2024-01-04': {
      '1. open': '1.09420',
      '2. high': '1.09710',
      '3. low': '1.09190',
      '4. close': '1.09230',
    },
  },
};

export const CRYPTO_INTRADAY_BTCUSD_5MIN = {
  'Meta Data': {
    '1. Information': 'Crypto Intraday (5min) Time Series',
    '2. Digital Currency Code': 'BTC',
    '3. Digital Currency Name': 'Bitcoin',
    '4. Market Code': 'USD',
    '5. Market Name': 'United States Dollar',
    '6. Last Refreshed': '2024-01-05 16:55:00',
    '7. Interval': '5min',
    '8. Output Size': 'Compact',
    '9. Time Zone': 'UTC',
  },
  'Time Series Crypto (5min)': {
    '2024-01-05 16:55:00': {
      '1. open': '44012.15000',
      '2. high': '44060.00000',
      '3. low': '43990.01000',
      '4. close': '44031.42000',
      '5. volume': '112',
    },
    '2024-01-05 16:50:00': {
      '1. open': '43950.00000',
      '2. high': '44020.55000',
      '3. low': '43941.10000',
      '4. close': '44012.15000',
      '5. volume': '97',
    },
  },
};

/** The older daily layout: one column per market and USD, a market-cap column. */
export const DIGITAL_CURRENCY_DAILY_BTCEUR = {
  'Meta Data': {
    '1. Information': 'Daily Prices and Volumes for Digital Currency',
    '2. Digital Currency Code': 'BTC',
    '3. Digital Currency Name': 'Bitcoin',
    '4. Market Code': 'EUR',
    '5. Market Name': 'Euro',
    '6. Last Refreshed': '2024-01-05 00:00:00',
    '7. Time Zone': 'UTC',
  },
  'Time Series (Digital Currency Daily)': {
    '2024-01-05': {
      '1a. open (EUR)': '40126.11000',
      '1b. open (USD)': '44151.10000',
      '2a. high (EUR)': '40590.00000',
      '2b. high (USD)': '44660.00000',
      '3a. low (EUR)': '39810.35000',
      '3b. low (USD)': '43802.00000',
      '4a. close (EUR)': '40233.80000',
      '4b. close (USD)': '44269.50000',
      '5. volume': '2151.07460',
      '6. market cap (USD)': '2151.07460',
    },
    '2024-01-04': {
      '1a. open (EUR)': '39204.00000',
      '1b. open (USD)': '42836.00000',
      '2a. high (EUR)': '40412.00000',
      '2b. high (USD)': '44184.00000',
      '3a. low (EUR)': '39050.00000',
      '3b. low (USD)': '42670.00000',
      '4a. close (EUR)': '40126.11000',
      '4b. close (USD)': '44151.10000',
      '5. volume': '2620.15680',
      '6. market cap (USD)': '2620.15680',
    },
  },
};

export const TIME_SERIES_INTRADAY_IBM_5MIN = {
  'Meta Data': {
    '1. Information': 'Intraday (5min) open, high, low, close prices and volume',
    '2. Symbol': 'IBM',
    '3. Last Refreshed': '2024-01-05 19:55:00',
    '4. Interval': '5min',
    '5. Output Size': 'Compact',
    '6. Time Zone': 'US/Eastern',
  },
  'Time Series (5min)': {
    '2024-01-05 19:55:00': {
      '1. open': '159.1900',
      '2. high': '159.2500',
      '3. low': '159.1500',
      '4. close': '159.1600',
      '5. volume': '412',
    },
    '2024-01-05 19:50:00': {
      '1. open': '159.2000',
      '2. high': '159.2000',
      '3. low': '159.1800',
      '4. close': '159.1900',
      '5. volume': '105',
    },
  },
};

export const NOTE_CALL_FREQUENCY = {
  Note: 'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit our premium page if you would like to target a higher API call frequency.',
};

export function informationDailyLimit(apiKey: string) {
  return {
    Information: `We have detected your API key as ${apiKey} and our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans to instantly remove all daily rate limits.`,
  };
}

export const INFORMATION_PREMIUM = {
  Information:
    'Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe to any of the premium plans to instantly unlock all premium endpoints',
};

export const ERROR_INVALID_CALL = {
  'Error Message':
    'Invalid API call. Please retry or visit the documentation for TIME_SERIES_INTRADAY.',
};

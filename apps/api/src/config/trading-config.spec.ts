import { ConfigError, loadConfig } from './app-config';

const base = { FFE_API_KEY: 'a-key-of-sixteen-chars' };

describe('trading configuration', () => {
  it('has working defaults: paper platform, simulated market, one-minute cycle', () => {
    const { trading } = loadConfig(base);
    expect(trading).toMatchObject({
      platform: 'paper',
      marketData: { source: 'simulated', seed: 42, extraPairs: [] },
      intervalMs: 60_000,
      timeframe: '1m',
      paper: { initialBalance: 10_000, feePct: 0.1, slippagePct: 0.05, allowShorts: false },
      ensemble: { quorum: 2 },
      pendingOrders: { ttlMs: 86_400_000, maxTtlMs: 604_800_000 },
    });
    expect(trading.ensemble.weights).toEqual({
      sma_crossover: 1,
      ema_crossover: 1,
      rsi_mean_reversion: 1,
      macd_momentum: 1,
    });
  });

  it('reads every variable where its name says', () => {
    const { trading } = loadConfig({
      ...base,
      DECISION_INTERVAL_SECONDS: '5',
      TRADING_TIMEFRAME: '5s',
      PAPER_FEE_PCT: '0.25',
      SIMULATED_MARKET_EXTRA_PAIRS: 'XRPUSD,ADAUSD',
      ENSEMBLE_WEIGHTS: 'rsi_mean_reversion=0.5,macd_momentum=2',
      MAX_DRAWDOWN_PCT: '7.5',
    });
    expect(trading.intervalMs).toBe(5_000);
    expect(trading.timeframe).toBe('5s');
    expect(trading.paper.feePct).toBe(0.25);
    expect(trading.marketData.extraPairs).toEqual(['XRPUSD', 'ADAUSD']);
    expect(trading.ensemble.weights).toEqual({ rsi_mean_reversion: 0.5, macd_momentum: 2 });
    expect(trading.maxDrawdownPct).toBe(7.5);
  });

  it.each([
    [{ TRADING_PLATFORM: 'binance' }, 'TRADING_PLATFORM'],
    [{ MARKET_DATA_SOURCE: 'csv' }, 'MARKET_DATA_CSV_DIR'],
    [{ TRADING_TIMEFRAME: '7m' }, 'TRADING_TIMEFRAME'],
    [{ DECISION_INTERVAL_SECONDS: '0' }, 'DECISION_INTERVAL_SECONDS'],
    [{ PAPER_FEE_PCT: 'lots' }, 'PAPER_FEE_PCT'],
    [{ PAPER_ALLOW_SHORTS: 'maybe' }, 'PAPER_ALLOW_SHORTS'],
    [{ PENDING_ORDER_TTL_SECONDS: '10' }, 'PENDING_ORDER_TTL_SECONDS'],
    [{ PENDING_ORDER_MAX_TTL_SECONDS: 'week' }, 'PENDING_ORDER_MAX_TTL_SECONDS'],
    [
      { PENDING_ORDER_TTL_SECONDS: '7200', PENDING_ORDER_MAX_TTL_SECONDS: '3600' },
      'PENDING_ORDER_TTL_SECONDS',
    ],
    [{ ENSEMBLE_WEIGHTS: 'sma_crosover=1' }, 'ENSEMBLE_WEIGHTS'],
    [{ ENSEMBLE_WEIGHTS: 'sma_crossover' }, 'ENSEMBLE_WEIGHTS'],
    [{ SIMULATED_MARKET_EXTRA_PAIRS: 'btc usd' }, 'SIMULATED_MARKET_EXTRA_PAIRS'],
    [{ MAX_DRAWDOWN_PCT: '0' }, 'MAX_DRAWDOWN_PCT'],
    [{ MARKET_DATA_SOURCE: 'alpha-vantage' }, 'ALPHA_VANTAGE_API_KEY'],
    [
      { MARKET_DATA_SOURCE: 'alpha-vantage', ALPHA_VANTAGE_API_KEY: 'k', TRADING_TIMEFRAME: '5s' },
      'TRADING_TIMEFRAME',
    ],
    [{ ALPHA_VANTAGE_PAIRS: 'eur/usd' }, 'ALPHA_VANTAGE_PAIRS'],
    [{ LLM_BASE_URL: 'http://127.0.0.1:11434/v1' }, 'LLM_MODEL'],
    [{ LLM_BASE_URL: 'localhost:11434', LLM_MODEL: 'm' }, 'LLM_BASE_URL'],
    [{ ENSEMBLE_WEIGHTS: 'llm=2' }, 'ENSEMBLE_WEIGHTS'],
    [{ TRADING_PLATFORM: 'oanda' }, 'OANDA_API_TOKEN'],
    [{ TRADING_PLATFORM: 'oanda', OANDA_API_TOKEN: 't' }, 'OANDA_ACCOUNT_ID'],
    [{ OANDA_ENVIRONMENT: 'demo' }, 'OANDA_ENVIRONMENT'],
    [{ EXCHANGE_PAIRS: 'btc/usd' }, 'EXCHANGE_PAIRS'],
    [{ TRADING_PLATFORM: 'coinbase' }, 'COINBASE_API_KEY'],
    [{ TRADING_PLATFORM: 'coinbase', COINBASE_API_KEY: 'k' }, 'COINBASE_API_SECRET'],
    [{ EXCHANGE_ID: 'Coin Base' }, 'EXCHANGE_ID'],
  ])('stops on a wrong setting %j, naming it', (env, variable) => {
    let error: unknown;
    try {
      loadConfig({ ...base, ...env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
  });

  it('configures alpha-vantage market data only when chosen, with its key and pairs', () => {
    expect(loadConfig(base).trading.marketData.alphaVantage).toBeUndefined();
    const { trading } = loadConfig({
      ...base,
      MARKET_DATA_SOURCE: 'alpha-vantage',
      ALPHA_VANTAGE_API_KEY: 'av-secret',
      ALPHA_VANTAGE_PAIRS: 'EURUSD,BTCUSD,IBM',
      TRADING_TIMEFRAME: '5m',
    });
    expect(trading.marketData.alphaVantage).toEqual({
      apiKey: 'av-secret',
      pairs: ['EURUSD', 'BTCUSD', 'IBM'],
      baseUrl: undefined,
      callsPerMinute: 5,
    });
  });

  it('configures exchange market data only when chosen, coinbase unless told otherwise', () => {
    expect(loadConfig(base).trading.marketData.exchange).toBeUndefined();
    const { trading } = loadConfig({
      ...base,
      MARKET_DATA_SOURCE: 'exchange',
      EXCHANGE_PAIRS: 'BTCUSD,SOLUSDT',
    });
    expect(trading.marketData.exchange).toEqual({
      exchangeId: 'coinbase',
      pairs: ['BTCUSD', 'SOLUSDT'],
      baseUrl: undefined,
    });
  });

  it('configures coinbase only when chosen, trading the exchange pairs', () => {
    expect(loadConfig(base).trading.coinbase).toBeUndefined();
    const { trading } = loadConfig({
      ...base,
      TRADING_PLATFORM: 'coinbase',
      COINBASE_API_KEY: 'cb-key',
      COINBASE_API_SECRET: 'cb-secret',
    });
    expect(trading.coinbase).toEqual({
      apiKey: 'cb-key',
      apiSecret: 'cb-secret',
      pairs: ['BTCUSD', 'ETHUSD'],
      baseUrl: undefined,
    });
  });

  it('turns the llm provider on with LLM_BASE_URL, and only then lets it carry a weight', () => {
    expect(loadConfig(base).trading.llm).toBeUndefined();
    const { trading } = loadConfig({
      ...base,
      LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      LLM_MODEL: 'llama3.1:8b',
      LLM_API_KEY: 'sk-local',
      ENSEMBLE_WEIGHTS: 'llm=2,macd_momentum=1',
    });
    expect(trading.llm).toEqual({
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1:8b',
      apiKey: 'sk-local',
      timeoutMs: 8_000,
    });
    expect(trading.ensemble.weights).toEqual({ llm: 2, macd_momentum: 1 });
  });

  it('configures oanda only when chosen, on the practice host unless told otherwise', () => {
    expect(loadConfig(base).trading.oanda).toBeUndefined();
    const { trading } = loadConfig({
      ...base,
      TRADING_PLATFORM: 'oanda',
      OANDA_API_TOKEN: 'oanda-token',
      OANDA_ACCOUNT_ID: '101-004-1234567-001',
    });
    expect(trading.oanda).toEqual({
      token: 'oanda-token',
      accountId: '101-004-1234567-001',
      environment: 'practice',
      baseUrl: undefined,
    });
  });
});

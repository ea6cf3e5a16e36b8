import type { BotConfig } from '@ffe/domain';

/** The configuration of a bot never started: conservative, not autonomous. */
export const DEFAULT_BOT_CONFIG: BotConfig = {
  asset_pairs: ['BTCUSD', 'ETHUSD'],
  autonomous: false,
  take_profit: 0.05,
  stop_loss: 0.02,
  dry_run: false,
  stop_loss_pct: 2,
  position_size_pct: 10,
  confidence_threshold: 0.6,
  max_concurrent_trades: 5,
};

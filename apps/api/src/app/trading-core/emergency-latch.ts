import { Logger } from '@nestjs/common';
import { UnavailableError, type TradingPlatform } from '@ffe/domain';
import type { BotSnapshot, BotStateStore } from '../../services/bot-state/bot-state.store';

const ATTEMPTS = 20;
const logger = new Logger('EmergencyLatch');

/**
 * Latches `emergency_stopped` with its audit entry, the platform's halt on fills set first:
 * before each compare-and-set attempt, with the version that attempt is based on. A fill
 * that read the bot before the stop then meets the halt inside its own script, so no fill
 * lands after the stop's audit entry. True when this call latched it; a repeat re-asserts
 * the halt. A halt that cannot be set (the venue's Redis down) never holds the stop back:
 * the guard asserts it again on the next refused order.
 */
export async function latchEmergencyStop(
  bot: BotStateStore,
  platform: TradingPlatform,
  audit: (snapshot: BotSnapshot) => object,
): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = await bot.read();
    await halt(platform, read.version);
    if (read.state === 'emergency_stopped') return false;
    const latched = await bot.update((snap) =>
      snap.version !== read.version
        ? { result: false }
        : { change: { state: 'emergency_stopped' }, audit: audit(snap), result: true },
    );
    if (latched) return true;
  }
  throw new UnavailableError('BOT.CONTENDED', 'the bot state kept changing; retry');
}

/**
 * After an explicit start: lifts the halt if the bot is not emergency-stopped now. Only a
 * halt from before this read goes (`resumeEntries` keeps one a racing stop set since).
 */
export async function resumeAfterStart(bot: BotStateStore, platform: TradingPlatform) {
  const now = await bot.read();
  if (now.state !== 'emergency_stopped') await platform.resumeEntries?.({ version: now.version });
}

async function halt(platform: TradingPlatform, version: number): Promise<void> {
  try {
    await platform.haltEntries?.({ version });
  } catch (error) {
    logger.warn({ err: error }, 'could not set the platform halt; the stop goes on');
  }
}

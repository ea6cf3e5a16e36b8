import {
  TRADE_ACTIONS,
  UnavailableError,
  type CandleFrame,
  type DecisionProvider,
  type FeatureStore,
  type ProviderDecision,
  type TradeAction,
} from '@ffe/domain';
import { indicatorsFor } from './indicator-features';

export interface LlmOptions {
  /** Base URL of an OpenAI-compatible API, up to and including its version (`…/v1`). */
  baseUrl: string;
  model: string;
  /** Sent as a bearer token when set; local servers (Ollama, LM Studio) need none. */
  apiKey?: string;
  /** An answer slower than this is a failure (the request is aborted). */
  timeoutMs: number;
  /** Recent bars shown to the model. */
  bars?: number;
}

const INDICATOR_COLUMNS = [
  'sma_fast',
  'sma_slow',
  'ema_fast',
  'ema_slow',
  'rsi',
  'macd',
  'macd_signal',
  'macd_histogram',
] as const;

const SYSTEM_PROMPT = [
  'You are a cautious trading assistant. You receive recent OHLCV bars and technical',
  'indicators for one asset pair and recommend one action for the next bar.',
  'Answer with a single JSON object and nothing else:',
  '{"action": "BUY" | "SELL" | "HOLD", "confidence": number between 0 and 1, "reasoning": string}.',
  'Prefer HOLD when the signals disagree.',
].join(' ');

/**
 * Decisions from any OpenAI-compatible chat-completions endpoint. Every way the answer can be
 * wrong — an HTTP error, a late answer, prose instead of JSON, an unknown action, a confidence
 * outside 0..1 — throws, so the circuit breaker counts it and the ensemble lets it abstain.
 */
export class LlmDecisionProvider implements DecisionProvider {
  readonly name = 'llm';

  constructor(
    private readonly options: LlmOptions,
    private readonly store: FeatureStore,
  ) {}

  async decide({ frame }: { frame: CandleFrame }): Promise<ProviderDecision> {
    const prompt = await this.prompt(frame);
    const content = await this.complete(prompt);
    return { ...parseLlmAnswer(content), provider: this.name };
  }

  /** The user message: the pair, the last bars and the latest indicator values. */
  async prompt(frame: CandleFrame): Promise<string> {
    const features = await indicatorsFor(this.store, frame);
    const bars = frame.candles.slice(-(this.options.bars ?? 30));
    const indicators: Record<string, number | null> = {};
    for (const column of INDICATOR_COLUMNS) {
      const values = features.columns[column];
      const last = values?.[values.length - 1];
      indicators[column] = last !== undefined && Number.isFinite(last) ? round(last) : null;
    }
    return [
      `Asset pair: ${frame.symbol}. Timeframe: ${frame.timeframe}.`,
      `Last ${bars.length} bars, oldest first, as [open time ISO, open, high, low, close, volume]:`,
      JSON.stringify(
        bars.map((c) => [
          new Date(c.timestamp).toISOString(),
          round(c.open),
          round(c.high),
          round(c.low),
          round(c.close),
          round(c.volume),
        ]),
      ),
      `Indicators at the last bar (null: not enough bars): ${JSON.stringify(indicators)}`,
    ].join('\n');
  }

  private async complete(prompt: string): Promise<string> {
    const { baseUrl, model, apiKey, timeoutMs } = this.options;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST',
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify({
          model,
          temperature: 0,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: prompt },
          ],
        }),
      });
      const text = await response.text();
      if (!response.ok) {
        throw failure(`HTTP ${response.status}: ${errorMessage(text)}`);
      }
      const content = (safeJson(text) as ChatCompletion | undefined)?.choices?.[0]?.message
        ?.content;
      if (typeof content !== 'string') throw failure('the response has no message content');
      return content;
    } catch (error) {
      if (error instanceof UnavailableError) throw error;
      if (controller.signal.aborted) throw failure(`no answer within ${timeoutMs} ms`);
      throw failure(`request failed: ${(error as Error).message}`, error);
    } finally {
      clearTimeout(timer);
    }
  }
}

interface ChatCompletion {
  choices?: { message?: { content?: unknown } }[];
}

/** Validates the model's answer; throws a provider failure naming what is wrong. */
export function parseLlmAnswer(content: string): Omit<ProviderDecision, 'provider'> {
  // Models often fence JSON in markdown even when asked not to; the object inside counts.
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(content);
  const answer = safeJson((fenced ? fenced[1] : content).trim());
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) {
    throw failure(`the answer is not a JSON object: ${excerpt(content)}`);
  }
  const { action, confidence, reasoning } = answer as Record<string, unknown>;
  const normalised = typeof action === 'string' ? action.trim().toUpperCase() : action;
  if (!TRADE_ACTIONS.includes(normalised as TradeAction)) {
    throw failure(`unknown action ${JSON.stringify(action)}`);
  }
  if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) {
    throw failure(`confidence ${JSON.stringify(confidence)} is not a number in 0..1`);
  }
  return {
    action: normalised as TradeAction,
    confidence,
    reasoning: typeof reasoning === 'string' ? reasoning : '',
  };
}

function failure(message: string, cause?: unknown): UnavailableError {
  return new UnavailableError('LLM.FAILED', `llm: ${message}`, { cause });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `error.message` of an OpenAI-style error body, else the start of the body. */
function errorMessage(body: string): string {
  const parsed = safeJson(body) as { error?: { message?: unknown } } | undefined;
  const message = parsed?.error?.message;
  return typeof message === 'string' ? message : excerpt(body);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

function round(value: number): number {
  return Number(value.toPrecision(8));
}

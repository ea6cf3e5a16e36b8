import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CandleFrame, FeatureStore } from '@ffe/domain';
import { freePort, waitFor } from '@ffe/testing';
import { CircuitBreakerDecisionProvider } from './circuit-breaker.decision-provider';
import type { DecisionObserver, ProviderStatus } from './decision-observer';
import { EnsembleDecisionProvider } from './ensemble.decision-provider';
import { LlmDecisionProvider, parseLlmAnswer } from './llm.decision-provider';

// Payloads as OpenAI-compatible servers send them (shapes recorded from the hosted API and
// from Ollama's /v1 endpoint), reduced to one choice.
function completion(content: string) {
  return {
    id: 'chatcmpl-9xQe3kP0v7bZ1wR4tY6uI8oA2sD5f',
    object: 'chat.completion',
    created: 1732360000,
    model: 'llama3.1:8b',
    system_fingerprint: 'fp_ollama',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 812, completion_tokens: 41, total_tokens: 853 },
  };
}

const VALID = completion(
  '{"action": "BUY", "confidence": 0.72, "reasoning": "Fast EMA above slow EMA, RSI 58 leaves room, MACD histogram rising."}',
);
const FENCED = completion(
  'Here is my answer:\n```json\n{"action": "sell", "confidence": 0.4, "reasoning": "RSI overbought"}\n```',
);
const PROSE = completion(
  'Based on the recent price action, I would lean towards buying, since the moving averages are trending upwards.',
);
const UNKNOWN_ACTION = completion('{"action": "STRONG_BUY", "confidence": 0.9, "reasoning": "x"}');
const CONFIDENCE_OUT_OF_RANGE = completion(
  '{"action": "BUY", "confidence": 85, "reasoning": "85 % sure"}',
);
const RATE_LIMITED = {
  error: {
    message:
      'Rate limit reached for gpt-4o-mini in organization org-abc on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
    type: 'requests',
    param: null,
    code: 'rate_limit_exceeded',
  },
};
const SERVER_ERROR = {
  error: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    param: null,
    code: null,
  },
};

type Reply = { status: number; body: unknown } | 'hang';

/** A chat-completions endpoint answering from a script; records every request it gets. */
class FakeChatServer {
  readonly requests: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[] = [];
  reply: Reply = { status: 200, body: VALID };
  private readonly hanging: ServerResponse[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
          res.writeHead(404).end();
          return;
        }
        this.requests.push({ headers: req.headers, body: JSON.parse(raw) });
        if (this.reply === 'hang') {
          this.hanging.push(res);
          return;
        }
        res.writeHead(this.reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const store: FeatureStore = {
  getOrCompute: (_symbol, frame, config, compute) => compute(frame, config),
};

function frameOf(count: number): CandleFrame {
  return {
    symbol: 'EURUSD',
    timeframe: '5m',
    candles: Array.from({ length: count }, (_, i) => {
      const close = 1.08 + Math.sin(i / 5) * 0.002 + i * 0.0001;
      return {
        timestamp: Date.UTC(2026, 0, 5) + i * 300_000,
        open: close - 0.0002,
        high: close + 0.0005,
        low: close - 0.0006,
        close,
        volume: 100 + i,
      };
    }),
  };
}

describe('LlmDecisionProvider against a chat-completions server', () => {
  const server = new FakeChatServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
    server.reply = { status: 200, body: VALID };
  });

  const provider = (overrides: { apiKey?: string; timeoutMs?: number } = {}) =>
    new LlmDecisionProvider(
      { baseUrl: server.url, model: 'llama3.1:8b', timeoutMs: 2_000, bars: 20, ...overrides },
      store,
    );

  it('sends the model, a prompt from the bars and indicators, and takes a valid answer', async () => {
    const decision = await provider({ apiKey: 'sk-test-123' }).decide({ frame: frameOf(60) });
    expect(decision).toEqual({
      action: 'BUY',
      confidence: 0.72,
      reasoning: expect.stringContaining('Fast EMA above slow EMA'),
      provider: 'llm',
    });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.headers.authorization).toBe('Bearer sk-test-123');
    expect(request.body.model).toBe('llama3.1:8b');
    const messages = request.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const user = messages[1].content;
    expect(user).toContain('EURUSD');
    expect(user).toContain('Last 20 bars');
    expect(user).toMatch(/"rsi":\d/);
    expect(user).toContain(new Date(Date.UTC(2026, 0, 5) + 59 * 300_000).toISOString());
  });

  it('sends no authorization header without an API key', async () => {
    await provider().decide({ frame: frameOf(10) });
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('accepts JSON fenced in markdown, normalising the action', async () => {
    server.reply = { status: 200, body: FENCED };
    await expect(provider().decide({ frame: frameOf(40) })).resolves.toMatchObject({
      action: 'SELL',
      confidence: 0.4,
    });
  });

  it.each([
    ['a prose answer', { status: 200, body: PROSE }, /not a JSON object/],
    ['an unknown action', { status: 200, body: UNKNOWN_ACTION }, /unknown action "STRONG_BUY"/],
    ['a confidence outside 0..1', { status: 200, body: CONFIDENCE_OUT_OF_RANGE }, /0\.\.1/],
    ['a 429 rate limit', { status: 429, body: RATE_LIMITED }, /HTTP 429: Rate limit reached/],
    ['a 500', { status: 500, body: SERVER_ERROR }, /HTTP 500: The server had an error/],
    ['a body without choices', { status: 200, body: { object: 'chat.completion' } }, /content/],
  ])('fails on %s', async (_label, reply, message) => {
    server.reply = reply;
    await expect(provider().decide({ frame: frameOf(40) })).rejects.toMatchObject({
      code: 'LLM.FAILED',
      message: expect.stringMatching(message),
    });
  });

  it('fails a late answer by aborting the request', async () => {
    server.reply = 'hang';
    await expect(provider({ timeoutMs: 150 }).decide({ frame: frameOf(40) })).rejects.toThrow(
      /no answer within 150 ms/,
    );
  });

  it('fails when nothing listens', async () => {
    const dead = new LlmDecisionProvider(
      { baseUrl: `http://127.0.0.1:${await freePort()}/v1`, model: 'm', timeoutMs: 2_000 },
      store,
    );
    await expect(dead.decide({ frame: frameOf(40) })).rejects.toThrow(/llm: request failed/);
  });

  it('counts failures against its breaker, which opens, and abstains in the ensemble', async () => {
    server.reply = { status: 500, body: SERVER_ERROR };
    const statuses: ProviderStatus[] = [];
    const observer: DecisionObserver = {
      request: ({ status }) => statuses.push(status),
      breakerState: () => undefined,
    };
    const guarded = new CircuitBreakerDecisionProvider(
      provider(),
      {
        timeoutMs: 2_000,
        errorThresholdPercentage: 50,
        volumeThreshold: 3,
        resetTimeoutMs: 60_000,
      },
      observer,
    );
    const steady = {
      name: 'steady',
      decide: async () => ({
        action: 'SELL' as const,
        confidence: 0.6,
        reasoning: '',
        provider: 'steady',
      }),
    };
    const ensemble = new EnsembleDecisionProvider([guarded, steady], {
      weights: { llm: 5, steady: 1 },
      quorum: 1,
    });
    try {
      for (let i = 0; i < 3; i++) {
        await expect(ensemble.decide({ frame: frameOf(40) })).resolves.toMatchObject({
          action: 'SELL',
        });
      }
      await waitFor(() => guarded.state === 'open', { what: 'the llm breaker to open' });
      await expect(guarded.decide({ frame: frameOf(40) })).rejects.toBeDefined();
      expect(statuses).toEqual(['failure', 'failure', 'failure', 'rejected']);
      expect(server.requests).toHaveLength(3);
    } finally {
      guarded.shutdown();
    }
  });
});

describe('parseLlmAnswer', () => {
  it('keeps an empty reasoning when the model leaves it out', () => {
    expect(parseLlmAnswer('{"action":"HOLD","confidence":0}')).toEqual({
      action: 'HOLD',
      confidence: 0,
      reasoning: '',
    });
  });

  it('refuses a confidence given as a string', () => {
    expect(() => parseLlmAnswer('{"action":"BUY","confidence":"0.8"}')).toThrow(/confidence/);
  });
});

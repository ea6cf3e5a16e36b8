import { UnavailableError } from '@ffe/domain';
import type {
  OandaAccountSummary,
  OandaInstrument,
  OandaOrder,
  OandaOrderCreateResponse,
  OandaOrderRequest,
  OandaTrade,
  OandaTradeCloseResponse,
} from './oanda-v20.types';

export const OANDA_HOSTS = {
  practice: 'https://api-fxpractice.oanda.com',
  live: 'https://api-fxtrade.oanda.com',
} as const;

export interface OandaClientOptions {
  token: string;
  accountId: string;
  /** Which Oanda host: the practice (demo) one unless said otherwise. */
  environment: keyof typeof OANDA_HOSTS;
  /** Overrides the host (a local replay server in tests). */
  baseUrl?: string;
  timeoutMs?: number;
}

/** An answer Oanda refused; `errorCode`/`rejectReason` as Oanda gave them. */
export class OandaApiError extends UnavailableError {
  constructor(
    readonly status: number,
    message: string,
    readonly errorCode?: string,
    readonly rejectReason?: string,
  ) {
    super('OANDA.REQUEST_FAILED', message);
  }
}

/**
 * A thin typed client over the v20 REST endpoints we need: account summary, instruments,
 * orders (by our client id too), trades. It converts nothing: decimal strings in and out.
 * The token goes in the Authorization header only, never into a message.
 */
export class OandaV20Client {
  private readonly baseUrl: string;

  constructor(private readonly options: OandaClientOptions) {
    this.baseUrl = (options.baseUrl ?? OANDA_HOSTS[options.environment]).replace(/\/+$/, '');
  }

  async accountSummary(): Promise<OandaAccountSummary> {
    return (await this.request<{ account: OandaAccountSummary }>('GET', '/summary')).account;
  }

  async instruments(names: string[]): Promise<OandaInstrument[]> {
    const query = names.length ? `?instruments=${encodeURIComponent(names.join(','))}` : '';
    return (await this.request<{ instruments: OandaInstrument[] }>('GET', `/instruments${query}`))
      .instruments;
  }

  createOrder(order: OandaOrderRequest): Promise<OandaOrderCreateResponse> {
    return this.request('POST', '/orders', { order });
  }

  /** The order we placed with this client id, or undefined when there is none. */
  async orderByClientId(clientId: string): Promise<OandaOrder | undefined> {
    try {
      const path = `/orders/@${encodeURIComponent(clientId)}`;
      return (await this.request<{ order: OandaOrder }>('GET', path)).order;
    } catch (error) {
      if (error instanceof OandaApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async pendingOrders(): Promise<OandaOrder[]> {
    return (await this.request<{ orders: OandaOrder[] }>('GET', '/pendingOrders')).orders;
  }

  async cancelOrder(orderId: string): Promise<void> {
    await this.request('PUT', `/orders/${encodeURIComponent(orderId)}/cancel`);
  }

  async openTrades(): Promise<OandaTrade[]> {
    return (await this.request<{ trades: OandaTrade[] }>('GET', '/openTrades')).trades;
  }

  async trade(tradeId: string): Promise<OandaTrade | undefined> {
    try {
      const path = `/trades/${encodeURIComponent(tradeId)}`;
      return (await this.request<{ trade: OandaTrade }>('GET', path)).trade;
    } catch (error) {
      if (error instanceof OandaApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async closedTrades(count = 500): Promise<OandaTrade[]> {
    const path = `/trades?state=CLOSED&count=${count}`;
    return (await this.request<{ trades: OandaTrade[] }>('GET', path)).trades;
  }

  closeTrade(tradeId: string, units = 'ALL'): Promise<OandaTradeCloseResponse> {
    return this.request('PUT', `/trades/${encodeURIComponent(tradeId)}/close`, { units });
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { token, accountId } = this.options;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const where = `${method} ${path.split('?')[0]}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await fetch(
        `${this.baseUrl}/v3/accounts/${encodeURIComponent(accountId)}${path}`,
        {
          method,
          signal: controller.signal,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'accept-datetime-format': 'RFC3339',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        },
      );
      status = response.status;
      text = await response.text();
    } catch (error) {
      const reason = controller.signal.aborted
        ? `no answer within ${timeoutMs} ms`
        : `request failed (${(error as Error).name})`;
      throw new OandaApiError(0, `oanda: ${where}: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
    const parsed = safeJson(text);
    if (status >= 400) throw refusal(status, where, parsed, token);
    if (parsed === undefined) throw new OandaApiError(status, `oanda: ${where}: not JSON`);
    return parsed as T;
  }
}

function refusal(status: number, where: string, body: unknown, token: string): OandaApiError {
  const b = (body ?? {}) as {
    errorMessage?: string;
    errorCode?: string;
    orderRejectTransaction?: { rejectReason?: string };
  };
  const rejectReason = b.orderRejectTransaction?.rejectReason;
  const detail = [b.errorMessage, rejectReason].filter(Boolean).join(': ') || 'no detail';
  const message = `oanda: ${where}: HTTP ${status}: ${detail}`.split(token).join('***');
  return new OandaApiError(status, message, b.errorCode, rejectReason);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

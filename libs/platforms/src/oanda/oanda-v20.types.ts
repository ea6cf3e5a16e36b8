// The parts of the Oanda v20 REST schema we use. Numbers travel as decimal strings.

export interface OandaAccountSummary {
  id: string;
  currency: string;
  balance: string;
  NAV: string;
  unrealizedPL: string;
  pl: string;
  marginAvailable: string;
  openTradeCount: number;
  pendingOrderCount: number;
}

export interface OandaInstrument {
  name: string;
  type: 'CURRENCY' | 'CFD' | 'METAL';
  displayName: string;
  pipLocation: number;
  displayPrecision: number;
  tradeUnitsPrecision: number;
  minimumTradeSize: string;
}

export interface OandaClientExtensions {
  id?: string;
  tag?: string;
  comment?: string;
}

export interface OandaOrderRequest {
  type: 'MARKET' | 'LIMIT';
  instrument: string;
  units: string;
  price?: string;
  timeInForce: 'FOK' | 'IOC' | 'GTC';
  positionFill: 'DEFAULT' | 'OPEN_ONLY' | 'REDUCE_FIRST' | 'REDUCE_ONLY';
  clientExtensions?: OandaClientExtensions;
  stopLossOnFill?: { price: string };
  takeProfitOnFill?: { price: string };
}

export interface OandaTransaction {
  id: string;
  type: string;
  time: string;
  orderID?: string;
  reason?: string;
  rejectReason?: string;
  price?: string;
  units?: string;
  pl?: string;
  tradeOpened?: { tradeID: string; units: string; price: string };
  tradesClosed?: { tradeID: string; units: string; realizedPL: string; price: string }[];
}

export interface OandaOrderCreateResponse {
  orderCreateTransaction: OandaTransaction;
  orderFillTransaction?: OandaTransaction;
  orderCancelTransaction?: OandaTransaction;
  relatedTransactionIDs: string[];
  lastTransactionID: string;
}

export interface OandaOrder {
  id: string;
  type: string;
  instrument?: string;
  units?: string;
  price?: string;
  state: 'PENDING' | 'FILLED' | 'TRIGGERED' | 'CANCELLED';
  createTime: string;
  clientExtensions?: OandaClientExtensions;
  fillingTransactionID?: string;
  tradeOpenedID?: string;
}

export interface OandaTrade {
  id: string;
  instrument: string;
  price: string;
  openTime: string;
  initialUnits: string;
  currentUnits: string;
  state: 'OPEN' | 'CLOSED' | 'CLOSE_WHEN_TRADEABLE';
  realizedPL: string;
  unrealizedPL?: string;
  averageClosePrice?: string;
  closeTime?: string;
  clientExtensions?: OandaClientExtensions;
  stopLossOrder?: { price: string };
  takeProfitOrder?: { price: string };
}

export interface OandaTradeCloseResponse {
  orderCreateTransaction: OandaTransaction;
  orderFillTransaction?: OandaTransaction;
  orderCancelTransaction?: OandaTransaction;
  lastTransactionID: string;
}

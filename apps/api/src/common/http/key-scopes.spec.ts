import { scopeRefusal } from './key-scopes';

describe('scopeRefusal', () => {
  it('lets the full key do everything', () => {
    expect(scopeRefusal('full', 'POST', '/api/v1/bot/manual-trade')).toBeUndefined();
    expect(scopeRefusal('full', 'PATCH', '/api/v1/bot/config')).toBeUndefined();
  });

  it('lets the read key GET (and HEAD) any route, nothing else', () => {
    expect(scopeRefusal('read', 'GET', '/api/v1/bot/positions')).toBeUndefined();
    expect(scopeRefusal('read', 'HEAD', '/api/v1/status')).toBeUndefined();
    expect(scopeRefusal('read', 'POST', '/api/v1/bot/emergency-stop')).toMatch(/read-only/);
    expect(scopeRefusal('read', 'PATCH', '/api/v1/bot/config')).toMatch(/read-only/);
  });

  it("lets the kill key read the bot's status and stop it in an emergency, nothing else", () => {
    expect(scopeRefusal('kill', 'GET', '/api/v1/bot/status')).toBeUndefined();
    expect(scopeRefusal('kill', 'POST', '/api/v1/bot/emergency-stop')).toBeUndefined();
    for (const [method, route] of [
      ['GET', '/api/v1/status'],
      ['POST', '/api/v1/bot/stop'],
      ['POST', '/api/v1/bot/start'],
      ['POST', '/api/v1/bot/manual-trade'],
      ['GET', '/api/v1/bot/emergency-stop'],
      ['POST', '/api/v1/bot/status'],
    ]) {
      expect(scopeRefusal('kill', method, route)).toMatch(/kill switch/);
    }
  });
});

import { statusClass } from './http-metrics';

describe('statusClass', () => {
  it('names the class of any status, five values at most', () => {
    expect([200, 204, 301, 404, 429, 500, 503].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '3xx',
      '4xx',
      '4xx',
      '5xx',
      '5xx',
    ]);
    expect([0, 99, 600, 999].map(statusClass)).toEqual(['1xx', '1xx', '5xx', '5xx']);
  });
});

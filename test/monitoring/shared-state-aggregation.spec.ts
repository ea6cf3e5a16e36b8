import { panelQueries } from './support/dashboards';
import { alertRules, recordingRules } from './support/rules';
import { SHARED_STATE_GAUGES, sharedStateMisuses } from './support/shared-state';

/**
 * Every replica serves ffe_agent_state, ffe_portfolio_value_dollars and ffe_active_trades_total
 * from the same Redis value (the k8s prod overlay runs two or more). A rule or a panel that sums
 * them reports N times the truth; one that does not aggregate them answers once per replica.
 */
describe('shared-state gauges are aggregated over replicas with max or min', () => {
  const uses = [
    ...alertRules().map((r) => ({ where: `rule ${r.alert}`, expr: r.expr })),
    ...recordingRules().map((r) => ({ where: `rule ${r.record}`, expr: r.expr })),
    ...panelQueries().map((q) => ({ where: `panel ${q.dashboard} / ${q.panel}`, expr: q.expr })),
  ];

  it('in every alert, recording rule and panel', () => {
    const findings = uses.flatMap(({ where, expr }) =>
      sharedStateMisuses(expr).map((finding) => `${where}: ${finding}`),
    );
    expect(findings).toEqual([]);
  });

  it('the rules and panels do use each of them (the check above is not vacuous)', () => {
    for (const name of SHARED_STATE_GAUGES) {
      expect({ name, used: uses.some(({ expr }) => expr.includes(name)) }).toEqual({
        name,
        used: true,
      });
    }
  });

  it('catches a sum, an average and a bare per-replica selector; accepts max and min', () => {
    expect(sharedStateMisuses('sum by (platform) (ffe_active_trades_total) > 5')).toEqual([
      'ffe_active_trades_total under sum()',
    ]);
    expect(sharedStateMisuses('sum(ffe_active_trades_total)')).toHaveLength(1);
    expect(sharedStateMisuses('avg(ffe_agent_state) == 2')).toHaveLength(1);
    expect(
      sharedStateMisuses(
        '(max_over_time(ffe_portfolio_value_dollars[1h]) - ffe_portfolio_value_dollars) / (max_over_time(ffe_portfolio_value_dollars[1h]) > 0) > 0.05',
      ),
    ).toHaveLength(3);
    expect(
      sharedStateMisuses(
        'max without (instance, pod) ((max_over_time(ffe_portfolio_value_dollars[1h]) - ffe_portfolio_value_dollars) / (max_over_time(ffe_portfolio_value_dollars[1h]) > 0)) > 0.05',
      ),
    ).toEqual([]);
    expect(
      sharedStateMisuses(
        'sum(max by (platform) (ffe_active_trades_total)) + min without (instance) (min_over_time(ffe_agent_state[4h]))',
      ),
    ).toEqual([]);
    expect(sharedStateMisuses('count(up{job="ffe_agent_state"})')).toEqual([]);
  });
});

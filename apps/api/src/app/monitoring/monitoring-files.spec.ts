import { join } from 'node:path';
import { locateMonitoringDir, MonitoringFiles } from './monitoring-files';

const root = join(__dirname, '../../../../..');

describe('MonitoringFiles', () => {
  it('finds monitoring/ from the sources and from the built app alike', () => {
    expect(locateMonitoringDir(__dirname)).toBe(join(root, 'monitoring'));
    expect(locateMonitoringDir(join(root, 'apps/api/dist/app/monitoring'))).toBe(
      join(root, 'monitoring'),
    );
  });

  it('says where it looked when there is no monitoring/ above', () => {
    expect(() => locateMonitoringDir('/')).toThrow(/monitoring\/ not found above \//);
  });

  it('reads rule groups with their file, and dashboards by uid', () => {
    const files = new MonitoringFiles(join(root, 'monitoring'));
    const groups = files.ruleGroups();
    expect(groups.find((g) => g.name === 'featurestore.recording')?.file).toBe(
      'prometheus/rules/featurestore.rules.yml',
    );
    expect(files.dashboard('featurestore-slo')?.title).toBe('FeatureStore SLO');
    expect(files.dashboard('nope')).toBeUndefined();
  });
});

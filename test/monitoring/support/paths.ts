import { join } from 'node:path';

export const ROOT = join(__dirname, '../../..');
export const MONITORING = join(ROOT, 'monitoring');
export const PROMETHEUS_DIR = join(MONITORING, 'prometheus');
export const ALERTMANAGER_DIR = join(MONITORING, 'alertmanager');
export const GRAFANA_DIR = join(MONITORING, 'grafana');
export const RUNBOOKS_DIR = join(ROOT, 'docs', 'runbooks');

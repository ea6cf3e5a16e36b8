import {
  MonitoringFiles,
  type RuleGroup,
} from '../../../apps/api/src/app/monitoring/monitoring-files';
import { MONITORING } from './paths';

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RecordingRule {
  record: string;
  expr: string;
}

/** Every rule group of monitoring/prometheus/rules, read the way the API serves them. */
export function ruleGroups(): RuleGroup[] {
  return new MonitoringFiles(MONITORING).ruleGroups();
}

export function alertRules(): AlertRule[] {
  return ruleGroups()
    .flatMap((group) => group.rules)
    .filter((rule): rule is AlertRule & Record<string, unknown> => 'alert' in rule)
    .map((rule) => rule as AlertRule);
}

export function recordingRules(): RecordingRule[] {
  return ruleGroups()
    .flatMap((group) => group.rules)
    .filter((rule) => 'record' in rule)
    .map((rule) => rule as unknown as RecordingRule);
}

export function alertNames(): string[] {
  return [...new Set(alertRules().map((rule) => rule.alert))].sort();
}

// The banner above every view when the scheduler cannot use its database ("degraded": it retries by itself
// and re-plans once the database answers), and, after such an outage, a note of it with its start and end
// (slots in between were handled by each task's misfire policy) until the user dismisses it.
import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import type { SchedulerState } from '../../../shared/types';
import { useBridge } from '../api/context';
import { formatAbsolute } from '../format/time';
import { useT } from '../i18n/i18n';

type Health = Pick<SchedulerState, 'health' | 'degradedSince' | 'degradedReason' | 'lastOutage'>;

export function HealthBanner() {
  const bridge = useBridge();
  const t = useT();
  const [health, setHealth] = useState<Health | null>(null);
  const [dismissedOutage, setDismissedOutage] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    const off = bridge.on('scheduler.state', (state) => setHealth(state));
    bridge['scheduler.state']({})
      .then((state) => live && setHealth((current) => current ?? state))
      .catch(() => {});
    return () => {
      live = false;
      off();
    };
  }, [bridge]);

  if (health?.health === 'degraded') {
    return (
      <Alert
        type="error"
        showIcon
        banner
        data-testid="health-degraded"
        title={t('health.degraded', { since: formatAbsolute(health.degradedSince) })}
        description={health.degradedReason ?? undefined}
      />
    );
  }
  const outage = health?.lastOutage;
  if (outage && outage.to !== dismissedOutage) {
    return (
      <Alert
        type="warning"
        showIcon
        banner
        closable
        onClose={() => setDismissedOutage(outage.to)}
        data-testid="health-outage"
        title={t('health.outage', { from: formatAbsolute(outage.from), to: formatAbsolute(outage.to) })}
        description={outage.reason}
      />
    );
  }
  return null;
}

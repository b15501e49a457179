// The dashboard: what runs now, the next 24 hours, success rates and failures (7 and 30 days), duration
// trends per task, and recent failures one click from their detail.
import { Alert, Card, Col, Empty, Progress, Row, Spin, Statistic, Tag, theme } from 'antd';
import { useContext, useEffect, useMemo, useState } from 'react';
import type { DashboardData } from '../../../../shared/contract';
import { localFailureLine, useErrorText } from '../../i18n/core-text';
import type { Execution } from '../../../../shared/types';
import { useBridge } from '../../api/context';
import { routeHref } from '../../app/routes';
import { DarkContext } from '../../app/theme';
import { isPaused, pausedColor, pausedStroke } from '../../format/status';
import { formatAbsolute, formatDuration, formatShort } from '../../format/time';
import { useLang, useT } from '../../i18n/i18n';
import { useAppStore } from '../../store/context';
import { progressValueText } from '../../a11y/progress';
import { ChartTable, dailyText, durationText, upcomingText } from './chart-text';
import { axisTooltip } from './chart-tooltips';
import { viewerZone } from '../../format/zoned';
import { EChart, type ChartOption } from './EChart';
import { timelineOption } from './timeline-chart';

const REFRESH_MS = 60_000;
const LINE_DASHES = ['solid', 'dashed', 'dotted'] as const;
const LINE_SYMBOLS = ['circle', 'rect', 'triangle', 'diamond'] as const;

function percent(rate: number | null): string {
  return rate == null ? '—' : `${(rate * 100).toFixed(rate === 1 ? 0 : 1)}%`;
}

function useDashboard(): { data: DashboardData | null; error: string | null } {
  const bridge = useBridge();
  const wireText = useErrorText();
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () =>
      bridge['stats.dashboard']({}).then(
        (d) => alive && (setData(d), setError(null)),
        (e) => alive && setError(wireText(e)),
      );
    const soon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(load, 500);
    };
    void load();
    const interval = setInterval(load, REFRESH_MS);
    const offs = [
      bridge.on('execution.started', soon),
      bridge.on('execution.finished', soon),
      bridge.on('task.changed', soon),
    ];
    return () => {
      alive = false;
      clearInterval(interval);
      if (timer) clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [bridge]);
  return { data, error };
}

/** One running execution; it alone re-renders when its progress changes or it is paused or resumed. */
function RunningItem({ execution: e }: { execution: Execution }) {
  const t = useT();
  const heard = useAppStore((s) =>
    s.live[e.taskId]?.executionId === e.id ? s.live[e.taskId].progressPercent : null,
  );
  // A window opened after the run's last report has heard nothing: the figures' own last progress then.
  const reported = heard ?? e.progress.progressPercent ?? null;
  // Whole percent, as the task row shows it.
  const percent = reported == null ? null : Math.round(Math.max(0, Math.min(100, reported)));
  const etaSeconds = useAppStore((s) =>
    s.live[e.taskId]?.executionId === e.id ? s.live[e.taskId].etaSeconds : null,
  );
  // A pause or resume heard since the figures loaded (the store's) wins over what the figures said.
  const heardPausedAt = useAppStore((s) =>
    s.live[e.taskId]?.executionId === e.id ? s.live[e.taskId].pausedAt : undefined,
  );
  const paused = isPaused({
    status: e.status,
    pausedAt: heardPausedAt === undefined ? e.pausedAt : heardPausedAt,
  });
  return (
    <li className="ck-list-item" data-testid="running-item" data-paused={paused || undefined}>
      <a href={routeHref('history', { execution: e.id })} style={{ minWidth: 160 }}>
        {paused && (
          <Tag color={pausedColor} style={{ marginInlineEnd: 6 }} data-testid="running-paused">
            {t('exec.paused')}
          </Tag>
        )}
        {e.taskName ?? `#${e.taskId}`}
      </a>
      {/* A stopped run's bar neither shines (that says busy) nor keeps the busy blue: it takes the paused tone. */}
      <Progress
        percent={percent ?? 0}
        size="small"
        status={paused ? 'normal' : 'active'}
        strokeColor={paused ? pausedStroke : undefined}
        style={{ flex: 1, margin: '0 12px' }}
        aria-label={t('a11y.progressOf', { name: e.taskName ?? `#${e.taskId}` })}
        aria-valuetext={progressValueText(
          t,
          percent,
          paused,
          etaSeconds != null && etaSeconds >= 1 ? formatDuration(etaSeconds) : null,
        )}
      />
      <span className="ck-muted">{formatShort(e.startTime)}</span>
    </li>
  );
}

export default function DashboardView() {
  const t = useT();
  const lang = useLang();
  const { token } = theme.useToken();
  const dark = useContext(DarkContext);
  const { data, error } = useDashboard();

  const fallbackZone = useAppStore((s) => s.settings?.defaultTimezone) || viewerZone();
  const upcomingOption = useMemo<ChartOption | null>(() => {
    if (!data || data.timeline.tasks.length === 0) return null;
    const text = {
      every: (interval: string) => t('dash.every', { interval }),
      systemZone: t('tasks.systemZone'),
    };
    return timelineOption(data.timeline, Date.now(), text, fallbackZone, token.colorPrimary);
  }, [data, t, fallbackZone, token.colorPrimary]);

  const dailyOption = useMemo<ChartOption | null>(() => {
    if (!data || data.days.length === 0) return null;
    return {
      grid: { left: 8, right: 16, top: 32, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: axisTooltip(String, (p) => String(p.value)),
      },
      legend: { top: 0 },
      xAxis: { type: 'category', data: data.days.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('status.success'),
          type: 'bar',
          stack: 'runs',
          data: data.days.map((d) => d.success),
          itemStyle: { color: token.colorSuccess },
        },
        {
          name: t('status.failed'),
          type: 'bar',
          stack: 'runs',
          data: data.days.map((d) => d.failed),
          itemStyle: { color: token.colorError },
        },
      ],
    };
  }, [data, t, token.colorSuccess, token.colorError]);

  const durationOption = useMemo<ChartOption | null>(() => {
    if (!data || data.durationTrend.length === 0) return null;
    return {
      grid: { left: 8, right: 16, top: 32, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: axisTooltip(
          (at) => formatAbsolute(Number(at)),
          (p) => `${(p.data as [number, number])[1]} s`,
        ),
      },
      legend: { top: 0, type: 'scroll' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: t('dash.seconds') },
      series: data.durationTrend.map((trend, i) => ({
        name: trend.taskName,
        type: 'line',
        showSymbol: trend.points.length < 40,
        // Lines differ by dash and marker shape too, not by colour alone (decals only fill areas).
        lineStyle: { type: LINE_DASHES[i % LINE_DASHES.length] },
        symbol: LINE_SYMBOLS[i % LINE_SYMBOLS.length],
        data: trend.points.map((p) => [p.at, p.seconds]),
      })),
    };
  }, [data, t]);

  if (error && !data) return <Alert type="error" showIcon title={error} className="ck-view" />;
  if (!data) return <Spin className="ck-center" />;

  return (
    <div className="ck-view ck-dashboard" data-testid="dashboard-view">
      <h1 className="ck-view-title ck-dashboard-title">{t('nav.dashboard')}</h1>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t('dash.running')} value={data.running.length} />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Card size="small">
            <Statistic title={t('dash.successRate7')} value={percent(data.successRate7d)} />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Card size="small">
            <Statistic title={t('dash.successRate30')} value={percent(data.successRate30d)} />
          </Card>
        </Col>
        <Col xs={12} md={12} xl={5}>
          <Card size="small">
            <Statistic
              title={t('dash.failures7')}
              value={data.failures7d}
              styles={{ content: { color: data.failures7d ? token.colorError : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={12} xl={5}>
          <Card size="small">
            <Statistic
              title={t('dash.failures30')}
              value={data.failures30d}
              styles={{ content: { color: data.failures30d ? token.colorError : undefined } }}
            />
          </Card>
        </Col>

        <Col xs={24} xl={12}>
          <Card size="small" title={t('dash.running')}>
            {data.running.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.nothingRunning')} />
            ) : (
              <ul className="ck-list">
                {data.running.map((e) => (
                  <RunningItem key={e.id} execution={e} />
                ))}
              </ul>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('dash.recentFailures')}>
            {data.recentFailures.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.noFailures')} />
            ) : (
              <ul className="ck-list">
                {data.recentFailures.slice(0, 8).map((e) => (
                  <li key={e.id} className="ck-list-item">
                    <a href={routeHref('history', { execution: e.id })} data-testid="recent-failure">
                      <Tag color="error" style={{ marginInlineEnd: 6 }}>
                        {t(`status.${e.status}`)}
                      </Tag>
                      {e.taskName ?? `#${e.taskId}`}
                    </a>
                    <span className="ck-muted ck-ellipsis" style={{ maxWidth: '50%' }}>
                      {formatShort(e.startTime)} {localFailureLine(e, lang)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>

        <Col xs={24}>
          <Card size="small" title={t('dash.upcoming')}>
            {upcomingOption ? (
              <EChart
                option={upcomingOption}
                dark={dark}
                height={Math.max(140, 40 + 28 * data.timeline.tasks.length)}
                testId="chart-upcoming"
                label={upcomingText(data, t).summary}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.noUpcoming')} />
            )}
            {data && data.timeline.more > 0 && (
              <div className="ck-muted" data-testid="upcoming-more">
                {data.timeline.more === 1
                  ? t('dash.upcomingMore.one')
                  : t('dash.upcomingMore', { count: data.timeline.more })}
              </div>
            )}
            {upcomingOption && <ChartTable title={t('dash.upcoming')} text={upcomingText(data, t)} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('dash.daily')}>
            {dailyOption ? (
              <>
                <EChart
                  option={dailyOption}
                  dark={dark}
                  testId="chart-daily"
                  label={dailyText(data, t).summary}
                />
                <ChartTable title={t('dash.daily')} text={dailyText(data, t)} testId="chart-daily-table" />
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('dash.duration')}>
            {durationOption ? (
              <>
                <EChart
                  option={durationOption}
                  dark={dark}
                  testId="chart-duration"
                  label={durationText(data, t).summary}
                />
                <ChartTable title={t('dash.duration')} text={durationText(data, t)} />
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

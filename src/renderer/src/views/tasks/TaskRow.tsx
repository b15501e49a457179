// One task row (a virtualized grid row). It selects its own task and what it shows of its live progress
// (whole percent, note, ETA text, paused since) by id, so a progress batch re-renders only the rows whose shown progress
// changed (counted in window.__cronkeeperStats.taskRowRenders). Inside a row, the cells that do not show
// progress are memoized on the task object, so a progress update repaints only the "latest run" cell.
import {
  CaretRightOutlined,
  DeleteOutlined,
  EditOutlined,
  MoreOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Tag, Tooltip, Typography } from 'antd';
import { memo, useState, type CSSProperties } from 'react';
import { progressValueText } from '../../a11y/progress';
import type { TaskListItem } from '../../../../shared/types';
import { cronInWords } from '../../format/cron-words';
import { formatDuration, formatShort } from '../../format/time';
import { useLang, useT } from '../../i18n/i18n';
import { useAppStore, useAppStoreApi } from '../../store/context';
import { renderStats } from '../../stats';
import { routeHref } from '../../app/routes';
import { RelativeTime } from './RelativeTime';
import { shortInZone } from '../../format/zoned';
import { useFallbackZone, useZonedTitle, ZonedTimeText } from './ZonedTimeText';
import { useTaskActionsContext } from './task-actions';
import { TaskTriggerBadges } from './TaskTriggers';

/** The row's tags; each one filters the list to that tag. */
function TaskTags({ tags }: { tags: string[] }) {
  const t = useT();
  const store = useAppStoreApi();
  return (
    <div className="ck-task-tags" data-testid="task-tags">
      {tags.map((tag) => (
        <button
          key={tag}
          type="button"
          className="ck-tag-chip"
          title={t('tasks.tag.filterBy', { tag })}
          data-testid="task-tag"
          onClick={(e) => {
            e.stopPropagation();
            store.getState().setTaskQuery({ tag });
          }}
        >
          {tag}
        </button>
      ))}
    </div>
  );
}

/** The row's checkbox for bulk actions; shift-click checks the range from the last row checked alone. */
function CheckCell({ id, name }: { id: number; name: string }) {
  const t = useT();
  const store = useAppStoreApi();
  const checked = useAppStore((s) => Boolean(s.checked[id]));
  return (
    <div role="gridcell" className="ck-col-check" onClick={(e) => e.stopPropagation()}>
      <input
        type="checkbox"
        className="ck-check"
        checked={checked}
        aria-label={t('tasks.select.row', { name })}
        data-testid="task-check"
        onChange={(e) => store.getState().toggleChecked(id, (e.nativeEvent as MouseEvent).shiftKey)}
      />
    </div>
  );
}

const InfoCells = memo(function InfoCells({ task }: { task: TaskListItem }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <div role="gridcell" className="ck-col-name">
        <div className="ck-task-name" data-testid="task-name">
          {task.name}
        </div>
        {task.tags && task.tags.length > 0 && <TaskTags tags={task.tags} />}
        <TaskTriggerBadges task={task} />
        {task.hostTag && (
          <Typography.Text type="secondary" className="ck-task-host" data-testid="task-host-tag">
            {t('tasks.hostTag', { tag: task.hostTag })}
          </Typography.Text>
        )}
        {task.description && (
          <Typography.Text type="secondary" ellipsis className="ck-task-desc">
            {task.description}
          </Typography.Text>
        )}
      </div>
      <div role="gridcell" className="ck-col-schedule">
        {task.cronExpression ? (
          <>
            <div title={cronInWords(task.cronExpression, lang)}>{cronInWords(task.cronExpression, lang)}</div>
            <code className="ck-cron">{task.cronExpression}</code>
          </>
        ) : (
          <div className="ck-muted">{t('row.noSchedule')}</div>
        )}
      </div>
      <div role="gridcell" className="ck-col-zone" title={task.timezone || undefined}>
        {task.timezone || t('tasks.systemZone')}
      </div>
      <div role="gridcell" className="ck-col-next">
        {task.nextRunAt && task.enabled && !task.paused ? (
          <>
            <RelativeTime ms={task.nextRunAt} />
            <ZonedTimeText ms={task.nextRunAt} zone={task.timezone} testId="task-next-time" />
          </>
        ) : (
          <span className="ck-muted">{t('tasks.noNextRun')}</span>
        )}
      </div>
    </>
  );
});

/** What a row shows of its live progress, as primitives: a report that changes none of them renders nothing. */
interface ProgressView {
  /** Whole percent: a 600-step run moves 0.17 % (a fraction of a pixel) per report. */
  percent: number | null;
  note: string;
  eta: string | null;
  /** Since when the shown run is paused, or null. */
  pausedAt: number | null;
}

function useProgressView(id: number): ProgressView {
  const percent = useAppStore((s) => {
    const value = s.live[id]?.progressPercent ?? s.tasks[id]?.latest?.progressPercent ?? null;
    return value == null ? null : Math.round(Math.max(0, Math.min(100, value)));
  });
  const note = useAppStore((s) => s.live[id]?.message ?? s.live[id]?.currentItem ?? '');
  const eta = useAppStore((s) => {
    const seconds = s.live[id]?.etaSeconds;
    return seconds != null && seconds >= 1 ? formatDuration(seconds) : null;
  });
  const pausedAt = useAppStore((s) => {
    const live = s.live[id];
    // The pause of the run the row shows (its latest), not of one the list has not caught up with yet.
    return live && live.executionId === s.tasks[id]?.latest?.id ? live.pausedAt : null;
  });
  return { percent, note, eta, pausedAt };
}

/**
 * Status, time and the live progress bar. Plain elements on purpose: this cell re-renders whenever the
 * shown progress changes, and antd's Tag and Progress cost a CSS-in-JS token lookup per render.
 */
function LatestCell({ task, progress }: { task: TaskListItem; progress: ProgressView }) {
  const t = useT();
  const latest = task.latest;
  const running = latest && (latest.status === 'running' || latest.status === 'queued');
  const { percent, note, eta, pausedAt } = progress;
  const paused = latest?.status === 'running' && pausedAt != null;
  // A stopped run has no ETA to speak of: the line says since when it is stopped instead.
  const pausedNote = paused ? t('exec.pausedSince', { time: formatShort(pausedAt) }) : '';
  // The last run's time in the task's zone, like the next run's; the tooltip adds the viewer's time.
  const fallbackZone = useFallbackZone();
  const zone = task.timezone || fallbackZone;
  const zonedTitle = useZonedTitle();
  const line = [pausedNote, note].filter(Boolean).join(' · ');
  return (
    <div role="gridcell" className="ck-col-latest">
      {!latest && <span className="ck-muted">{t('status.never')}</span>}
      {latest && (
        <div className="ck-latest">
          {/* The status opens this run's drawer over the list (pause, cancel, log). */}
          <a
            href={routeHref('tasks', { execution: latest.id })}
            className={`ck-status ck-status-${paused ? 'paused' : latest.status}`}
            data-testid="task-status"
            data-status={latest.status}
            data-paused={paused || undefined}
            onClick={(e) => e.stopPropagation()}
          >
            {paused ? t('exec.paused') : t(`status.${latest.status}`)}
          </a>
          <span
            className="ck-muted"
            title={latest.startTime == null ? undefined : zonedTitle(latest.startTime, zone)}
            data-testid="task-last-time"
          >
            {latest.startTime == null ? '—' : shortInZone(latest.startTime, zone)}
            {!running && latest.durationSeconds != null && ` · ${formatDuration(latest.durationSeconds)}`}
          </span>
        </div>
      )}
      {running && (
        <div className="ck-progress">
          <div
            className={paused ? 'ck-bar ck-bar-paused' : 'ck-bar'}
            role="progressbar"
            aria-label={t('a11y.progressOf', { name: task.name })}
            aria-valuenow={percent ?? undefined}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuetext={progressValueText(t, percent, paused, eta)}
            data-testid="task-progress"
            data-percent={percent ?? ''}
          >
            {/* The fill is the rail's background, sized by a custom property: no layout, no layer. */}
            <div className="ck-bar-rail" style={{ '--ck-fill': `${percent ?? 0}%` } as CSSProperties} />
            {percent != null && <span className="ck-bar-text">{percent}%</span>}
          </div>
          <div className="ck-progress-text ck-muted">
            {line}
            {eta != null && !paused && `${line ? ' · ' : ''}${t('tasks.eta', { eta })}`}
          </div>
        </div>
      )}
    </div>
  );
}

const StateAndActionCells = memo(function StateAndActionCells({ task }: { task: TaskListItem }) {
  const actions = useTaskActionsContext();
  const t = useT();
  const pauseLabel = task.paused ? t('tasks.action.resume') : t('tasks.action.pause');
  // Controlled, so that the ⋮ button can say whether its menu is open.
  const [menuOpen, setMenuOpen] = useState(false);
  // The row's run, when one is going: pause/resume and cancel it from the row's menu too.
  const run = task.latest?.status === 'running' ? task.latest : null;
  const runPaused = useAppStore(
    (s) => run != null && s.live[task.id]?.executionId === run.id && s.live[task.id]?.pausedAt != null,
  );
  return (
    <>
      <div role="gridcell" className="ck-col-state">
        {!task.enabled ? (
          <Tag data-testid="task-state">{t('tasks.state.disabled')}</Tag>
        ) : task.paused ? (
          <Tag color="warning" data-testid="task-state">
            {t('tasks.state.paused')}
          </Tag>
        ) : (
          <Tag color="success" data-testid="task-state">
            {t('tasks.state.enabled')}
          </Tag>
        )}
      </div>
      <div role="gridcell" className="ck-col-actions" onClick={(e) => e.stopPropagation()}>
        <Tooltip title={t('tasks.action.run')}>
          <Button
            type="text"
            size="small"
            icon={<CaretRightOutlined />}
            aria-label={t('tasks.action.run')}
            data-testid="task-run"
            onClick={() => actions.runNow(task)}
          />
        </Tooltip>
        <Tooltip title={pauseLabel}>
          <Button
            type="text"
            size="small"
            // Circled: the schedule's pause and resume, not Run now's plain triangle nor a run's pause.
            icon={task.paused ? <PlayCircleOutlined className="ck-resume" /> : <PauseCircleOutlined />}
            aria-label={pauseLabel}
            data-testid={task.paused ? 'task-resume' : 'task-pause'}
            onClick={() => actions.setPaused(task, !task.paused)}
          />
        </Tooltip>
        <Tooltip title={t('tasks.action.edit')}>
          <Button
            type="text"
            size="small"
            icon={<EditOutlined />}
            aria-label={t('tasks.action.edit')}
            data-testid="task-edit"
            onClick={() => actions.edit(task)}
          />
        </Tooltip>
        <Dropdown
          trigger={['click']}
          open={menuOpen}
          onOpenChange={setMenuOpen}
          // Focus moves into the menu when it opens and stays there (arrows, Enter, Escape back to ⋮).
          autoFocus
          menu={{
            items: [
              ...(run
                ? [
                    {
                      key: 'pause-run',
                      label: t(runPaused ? 'exec.resume' : 'exec.pause'),
                      onClick: () => actions.pauseRun(run.id, !runPaused),
                    },
                    {
                      key: 'cancel-run',
                      danger: true,
                      label: `${t('exec.cancel')}…`,
                      onClick: () => actions.confirmCancelRun(run.id),
                    },
                    { type: 'divider' as const },
                  ]
                : []),
              {
                key: 'enable',
                label: task.enabled ? t('tasks.action.disable') : t('tasks.action.enable'),
                onClick: () => actions.setEnabled(task, !task.enabled),
              },
              {
                key: 'duplicate',
                label: t('tasks.action.duplicate'),
                onClick: () => actions.duplicate(task),
              },
              { key: 'history', label: t('tasks.action.history'), onClick: () => actions.history(task) },
              { type: 'divider' },
              {
                key: 'delete',
                danger: true,
                icon: <DeleteOutlined />,
                label: t('tasks.action.delete'),
                onClick: () => actions.confirmDelete(task),
              },
            ],
          }}
        >
          <Button
            type="text"
            size="small"
            icon={<MoreOutlined />}
            aria-label={t('tasks.action.more')}
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            data-testid="task-more"
          />
        </Dropdown>
      </div>
    </>
  );
});

export const TASK_ROW_HEIGHT = 76;

export const TaskRow = memo(function TaskRow({
  id,
  index,
  selected,
  tabStop,
  top,
  height = TASK_ROW_HEIGHT,
}: {
  id: number;
  /** Its place in the list (aria-rowindex counts the header row as 1). */
  index: number;
  selected: boolean;
  /** The grid's one row reached by Tab (roving tabindex); the others by the arrow keys. */
  tabStop: boolean;
  top: number;
  /** Regular or compact (row-density.ts). */
  height?: number;
}) {
  renderStats().taskRowRenders++;
  const task = useAppStore((s) => s.tasks[id]);
  const checked = useAppStore((s) => Boolean(s.checked[id]));
  const progress = useProgressView(id);
  const actions = useTaskActionsContext();
  if (!task) return null;
  return (
    <div
      role="row"
      data-testid="task-row"
      data-task-id={id}
      className={`ck-task-row ck-task-grid${selected ? ' ck-selected' : ''}${checked ? ' ck-checked' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
      aria-selected={selected}
      aria-rowindex={index + 2}
      tabIndex={tabStop ? 0 : -1}
      onClick={() => actions.select(id)}
      onDoubleClick={() => actions.edit(task)}
    >
      <CheckCell id={id} name={task.name} />
      <InfoCells task={task} />
      <LatestCell task={task} progress={progress} />
      <StateAndActionCells task={task} />
    </div>
  );
});

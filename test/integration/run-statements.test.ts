// A scheduled run's statements, from its claim to its final record, go straight to the driver (store/sql.ts),
// none through Sequelize: Sequelize formats a stack trace for every query, and on the scheduler's thread that
// cost is paid once per run, while the rest of a burst waits to be started.
import { afterEach, expect, it } from 'vitest';
import { addTask, closeCores, EVERY_SECOND, executions, openCore, waitFor } from './scheduler-helpers';

afterEach(() => closeCores());

/** What a run reads or writes: its execution row, and the chain links its end may fire. */
const RUN_TABLES = /task_executions|task_chains/i;
/** Team mode's timers, not a run's: the data-version watch and the sweep for runs of stopped machines. */
const TEAM_TIMERS = /\bAS v\s*$|COALESCE\(heartbeat_at, start_time\) < \?/;

it('runs every second without one run statement through Sequelize', async () => {
  const core = await openCore();
  const taskIds = [await addTask(core, { cronExpression: EVERY_SECOND, command: 'true' })];
  taskIds.push(await addTask(core, { cronExpression: EVERY_SECOND, command: 'exit 3' }));
  let ended = 0;
  core.events.on('execution.finished', () => ended++);
  await core.start();
  // Start-up's own reads (recovery, retention) are over once a run has ended. Ends are counted from the
  // core's events: reading the rows here would itself go through Sequelize.
  await waitFor(() => ended > 0, 10_000, 'a first run to end');
  const sequelize = core.db.sequelize;
  const query = sequelize.query.bind(sequelize);
  const throughSequelize: string[] = [];
  sequelize.query = ((sql: string | { query: string }, options?: object) => {
    const text = typeof sql === 'string' ? sql : sql.query;
    if (RUN_TABLES.test(text) && !TEAM_TIMERS.test(text)) throughSequelize.push(text);
    return query(sql as string, options);
  }) as typeof sequelize.query;
  try {
    const before = ended;
    await waitFor(() => ended >= before + 4, 15_000, 'four more runs to end');
  } finally {
    sequelize.query = query;
  }
  const rows = await executions(core);
  // Both the success and the failure paths ran.
  for (const status of ['success', 'failed']) expect(rows.some((r) => r.status === status)).toBe(true);
  expect(throughSequelize).toEqual([]);
});

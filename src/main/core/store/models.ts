// Sequelize models: the schema in code. The migrations create the tables (models never sync); these
// classes say, column by column, what the migrated tables hold, and test/integration/model-schema.test.ts
// compares them with the migrated schema on both engines, so a new column cannot be forgotten here again.
// Types follow the stored values, not what the app makes of them: enabled/paused are 0/1 INTEGERs (a
// BOOLEAN would be sent as true/false, which PostgreSQL refuses for a BIGINT column), times are BIGINT
// epoch milliseconds. Deleting a task deletes its executions through the database's ON DELETE CASCADE:
// one statement, no orphans, and never `hooks: true`.
import { DataTypes, Model, type ModelStatic, type Sequelize } from 'sequelize';

export class ScheduledTask extends Model {
  declare id: number;
  declare name: string;
  declare description: string;
  declare command: string;
  declare working_dir: string;
  declare env_json: string;
  declare cron_expression: string;
  declare timezone: string;
  declare enabled: number;
  declare paused: number;
  declare timeout_seconds: number;
  declare max_retries: number;
  declare retry_delay_seconds: number;
  declare overlap_policy: string;
  declare misfire_policy: string;
  declare misfire_grace_seconds: number;
  declare notify_on: string;
  declare next_run_at: number | null;
  declare last_slot_at: number | null;
  declare host_tag: string | null;
  declare output_encoding: string;
  declare success_exit_codes: string;
  declare tags: string;
  declare tag_keys: string;
  declare created_at: number;
  declare updated_at: number;
  declare executions?: TaskExecution[];
  declare countExecutions: (options?: { transaction?: unknown }) => Promise<number>;
}

export class TaskExecution extends Model {
  declare id: number;
  declare task_id: number;
  declare status: string;
  declare trigger: string;
  declare scheduled_at: number | null;
  declare start_time: number;
  declare end_time: number | null;
  declare duration_seconds: number | null;
  declare exit_code: number | null;
  declare result_json: string | null;
  declare error_message: string | null;
  declare retry_count: number;
  declare pid: number | null;
  declare pid_started_at: number | null;
  declare log_path: string | null;
  declare heartbeat_at: number | null;
  declare host: string | null;
  declare cancel_request: string | null;
  declare paused_at: number | null;
  declare pause_request: string | null;
  declare retry_of: number | null;
  declare upstream_execution_id: number | null;
  declare trigger_detail: string | null;
  declare webhook_outcome: string | null;
  declare created_at: number;
  declare task?: ScheduledTask;
}

/** A task's triggers beyond cron and its run conditions (migration 0010); tasks without any have no row. */
export class TaskTrigger extends Model {
  declare task_id: number;
  declare on_startup: number;
  declare startup_delay_seconds: number;
  declare watch_folder: string | null;
  declare watch_glob: string | null;
  declare watch_debounce_ms: number;
  declare only_on_ac: number;
  declare stop_on_battery: number;
  declare keep_awake: number;
  declare webhook_mode: string;
  declare webhook_url: string | null;
  declare webhook_on: string;
  declare webhook_secret: string | null;
}

/** "Run after": task_id runs when a run of upstream_task_id ends with the condition (migration 0010). */
export class TaskChain extends Model {
  declare task_id: number;
  declare upstream_task_id: number;
  declare condition: string;
}

export class Setting extends Model {
  declare key: string;
  declare value_json: string;
}

const epoch = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });

export interface Models {
  ScheduledTask: ModelStatic<ScheduledTask>;
  TaskExecution: ModelStatic<TaskExecution>;
  Setting: ModelStatic<Setting>;
  TaskTrigger: ModelStatic<TaskTrigger>;
  TaskChain: ModelStatic<TaskChain>;
}

/**
 * Defines the models on one connection. Each call makes fresh subclasses: a Sequelize model belongs to one
 * connection, and a process may hold two databases at once (moving the data folder, tests, benchmarks).
 */
export function defineModels(sequelize: Sequelize): Models {
  class Task extends ScheduledTask {}
  class Execution extends TaskExecution {}
  class SettingRow extends Setting {}
  class Trigger extends TaskTrigger {}
  class Chain extends TaskChain {}

  Task.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.TEXT, allowNull: false, unique: true },
      description: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      command: { type: DataTypes.TEXT, allowNull: false },
      working_dir: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      env_json: { type: DataTypes.TEXT, allowNull: false, defaultValue: '{}' },
      cron_expression: { type: DataTypes.TEXT, allowNull: false },
      timezone: { type: DataTypes.TEXT, allowNull: false },
      enabled: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      paused: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      timeout_seconds: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3600 },
      max_retries: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      retry_delay_seconds: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 60 },
      overlap_policy: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'skip' },
      misfire_policy: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'run-once' },
      misfire_grace_seconds: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3600 },
      notify_on: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'failure' },
      next_run_at: epoch(true),
      // The last schedule slot the engine claimed (migration 0002), for misfire handling after a restart.
      last_slot_at: epoch(true),
      // Team mode: only schedulers carrying this tag run the task; NULL runs anywhere (migration 0003).
      host_tag: { type: DataTypes.TEXT, allowNull: true },
      // How output bytes are decoded, and which exit codes are success (migration 0006).
      output_encoding: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'auto' },
      success_exit_codes: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[0]' },
      // The tags as spelled (a JSON array) and their case-folded keys for the filter (migration 0009).
      tags: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      tag_keys: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      created_at: { ...epoch(false), defaultValue: () => Date.now() },
      updated_at: { ...epoch(false), defaultValue: () => Date.now() },
    },
    {
      sequelize,
      tableName: 'scheduled_tasks',
      modelName: 'ScheduledTask',
      timestamps: false,
      underscored: true,
    },
  );

  Execution.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      task_id: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false },
      trigger: { type: DataTypes.TEXT, allowNull: false },
      scheduled_at: epoch(true),
      start_time: epoch(false),
      end_time: epoch(true),
      duration_seconds: { type: DataTypes.DOUBLE, allowNull: true },
      exit_code: { type: DataTypes.INTEGER, allowNull: true },
      result_json: { type: DataTypes.TEXT, allowNull: true },
      error_message: { type: DataTypes.TEXT, allowNull: true },
      retry_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      pid: { type: DataTypes.INTEGER, allowNull: true },
      // Recovery tells our process from an unrelated one that reused the pid (migration 0002).
      pid_started_at: epoch(true),
      log_path: { type: DataTypes.TEXT, allowNull: true },
      heartbeat_at: epoch(true),
      host: { type: DataTypes.TEXT, allowNull: true },
      // 'user' or 'replace' when another process asked for this run to stop (migration 0004).
      cancel_request: { type: DataTypes.TEXT, allowNull: true },
      // Since when the run is paused, and another process's wish to pause or resume it (migration 0005).
      paused_at: epoch(true),
      pause_request: { type: DataTypes.TEXT, allowNull: true },
      // The run this one retried (migration 0008); NULL when it is not a retry or that run was deleted.
      retry_of: { type: DataTypes.INTEGER, allowNull: true },
      // A chain run's upstream run (unique with task_id: one run per upstream run), what started a triggered
      // run, and the last webhook delivery's outcome (migration 0010).
      upstream_execution_id: { type: DataTypes.INTEGER, allowNull: true },
      trigger_detail: { type: DataTypes.TEXT, allowNull: true },
      webhook_outcome: { type: DataTypes.TEXT, allowNull: true },
      created_at: { ...epoch(false), defaultValue: () => Date.now() },
    },
    {
      sequelize,
      tableName: 'task_executions',
      modelName: 'TaskExecution',
      timestamps: false,
      underscored: true,
    },
  );

  // A fresh object per attribute: Sequelize writes into attribute definitions.
  const flag = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  Trigger.init(
    {
      task_id: { type: DataTypes.INTEGER, primaryKey: true },
      on_startup: flag(),
      startup_delay_seconds: flag(),
      watch_folder: { type: DataTypes.TEXT, allowNull: true },
      watch_glob: { type: DataTypes.TEXT, allowNull: true },
      watch_debounce_ms: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 2000 },
      only_on_ac: flag(),
      stop_on_battery: flag(),
      keep_awake: flag(),
      webhook_mode: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'default' },
      webhook_url: { type: DataTypes.TEXT, allowNull: true },
      webhook_on: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'failure' },
      webhook_secret: { type: DataTypes.TEXT, allowNull: true },
    },
    { sequelize, tableName: 'task_triggers', modelName: 'TaskTrigger', timestamps: false },
  );

  Chain.init(
    {
      task_id: { type: DataTypes.INTEGER, primaryKey: true },
      upstream_task_id: { type: DataTypes.INTEGER, primaryKey: true },
      condition: { type: DataTypes.TEXT, allowNull: false },
    },
    { sequelize, tableName: 'task_chains', modelName: 'TaskChain', timestamps: false },
  );

  SettingRow.init(
    {
      key: { type: DataTypes.TEXT, primaryKey: true },
      value_json: { type: DataTypes.TEXT, allowNull: false },
    },
    { sequelize, tableName: 'settings', modelName: 'Setting', timestamps: false },
  );

  // The cascade is the database's (the migrations' REFERENCES ... ON DELETE CASCADE); `onDelete` here only
  // documents it, since the models never create tables. No `hooks: true`: that would load and delete
  // every execution one by one.
  Task.hasMany(Execution, { as: 'executions', foreignKey: 'task_id', sourceKey: 'id', onDelete: 'CASCADE' });
  Execution.belongsTo(Task, { as: 'task', foreignKey: 'task_id', onDelete: 'CASCADE' });

  Task.hasOne(Trigger, { as: 'triggers', foreignKey: 'task_id', onDelete: 'CASCADE' });
  Task.hasMany(Chain, { as: 'chains', foreignKey: 'task_id', onDelete: 'CASCADE' });

  return {
    ScheduledTask: Task,
    TaskExecution: Execution,
    Setting: SettingRow,
    TaskTrigger: Trigger,
    TaskChain: Chain,
  };
}

/** The order in which executions are always read: newest first. */
export const NEWEST_FIRST: [string, string][] = [
  ['start_time', 'DESC'],
  ['id', 'DESC'],
];

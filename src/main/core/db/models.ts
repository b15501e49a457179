// Sequelize models over the tables the migrations create (the migrations own the schema; models never
// sync). Times are INTEGER epoch milliseconds. Deleting a task deletes its executions through the
// database's ON DELETE CASCADE: one statement, no orphans, and never `hooks: true`.
import { DataTypes, Model, type Sequelize } from 'sequelize';

export class ScheduledTask extends Model {
  declare id: number;
  declare name: string;
  declare description: string;
  declare command: string;
  declare working_dir: string;
  declare env_json: string;
  declare cron_expression: string;
  declare timezone: string;
  declare enabled: boolean;
  declare paused: boolean;
  declare timeout_seconds: number;
  declare max_retries: number;
  declare retry_delay_seconds: number;
  declare overlap_policy: string;
  declare misfire_policy: string;
  declare misfire_grace_seconds: number;
  declare notify_on: string;
  declare output_encoding: string;
  declare success_exit_codes: string;
  declare next_run_at: number | null;
  declare last_slot_at: number | null;
  declare created_at: number;
  declare updated_at: number;
  declare executions?: TaskExecution[];
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
  declare retry_of: number | null;
  declare created_at: number;
}

export class Setting extends Model {
  declare key: string;
  declare value_json: string;
}

const epoch = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });

export interface Models {
  ScheduledTask: typeof ScheduledTask;
  TaskExecution: typeof TaskExecution;
  Setting: typeof Setting;
}

export function defineModels(sequelize: Sequelize): Models {
  ScheduledTask.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.TEXT, allowNull: false, unique: true },
      description: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      command: { type: DataTypes.TEXT, allowNull: false },
      working_dir: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      env_json: { type: DataTypes.TEXT, allowNull: false, defaultValue: '{}' },
      cron_expression: { type: DataTypes.TEXT, allowNull: false },
      timezone: { type: DataTypes.TEXT, allowNull: false },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      paused: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      timeout_seconds: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3600 },
      max_retries: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      retry_delay_seconds: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 60 },
      overlap_policy: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'skip' },
      misfire_policy: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'run-once' },
      misfire_grace_seconds: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3600 },
      notify_on: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'failure' },
      // How output bytes are decoded, and which exit codes are success (migration 0006).
      output_encoding: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'auto' },
      success_exit_codes: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[0]' },
      next_run_at: epoch(true),
      last_slot_at: epoch(true),
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

  TaskExecution.init(
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
      pid_started_at: epoch(true),
      log_path: { type: DataTypes.TEXT, allowNull: true },
      heartbeat_at: epoch(true),
      host: { type: DataTypes.TEXT, allowNull: true },
      // 'user' or 'replace' when another process asked for this run to stop (migration 0004).
      cancel_request: { type: DataTypes.TEXT, allowNull: true },
      // The run this one retried (migration 0008); NULL when it is not a retry or that run was deleted.
      retry_of: { type: DataTypes.INTEGER, allowNull: true },
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

  Setting.init(
    {
      key: { type: DataTypes.TEXT, primaryKey: true },
      value_json: { type: DataTypes.TEXT, allowNull: false },
    },
    { sequelize, tableName: 'settings', modelName: 'Setting', timestamps: false },
  );

  ScheduledTask.hasMany(TaskExecution, {
    as: 'executions',
    foreignKey: 'task_id',
    sourceKey: 'id',
    onDelete: 'CASCADE',
    // Newest first is the order every reader wants; see TaskService.executionsOf.
  });
  TaskExecution.belongsTo(ScheduledTask, { as: 'task', foreignKey: 'task_id', onDelete: 'CASCADE' });

  return { ScheduledTask, TaskExecution, Setting };
}

/** The order in which executions are always read: newest first. */
export const NEWEST_FIRST: [string, string][] = [
  ['start_time', 'DESC'],
  ['id', 'DESC'],
];

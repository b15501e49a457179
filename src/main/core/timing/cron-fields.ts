// The cron field parser lives in src/shared (the renderer words a schedule with the same day rule the
// scheduler runs); the core keeps importing it from here.
export * from '../../../shared/cron-fields';

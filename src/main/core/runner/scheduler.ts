// The scheduler lives in its parts under scheduler/ (see scheduler/index.ts); this keeps its import path.
export * from './scheduler/index';

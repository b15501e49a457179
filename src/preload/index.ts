// Placeholder preload: replaced by the Electron shell issue.
export {};

// The `cronkeeper` command line (placeholder until the engine issue).
console.log('cronkeeper');

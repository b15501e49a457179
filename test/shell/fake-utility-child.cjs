/* eslint-disable @typescript-eslint/no-require-imports */
// Loaded first in a fake Electron utility process (fake-utility-process.ts): gives it `process.parentPort`
// as Electron does (messages arrive as { data, ports }), and takes away Node's IPC methods, which a real
// utility process does not have.
'use strict';
const { EventEmitter } = require('node:events');

const send = process.send.bind(process);
const parentPort = new EventEmitter();
parentPort.postMessage = (message) => send(message);
parentPort.start = () => {};
parentPort.close = () => {};
process.on('message', (data) => parentPort.emit('message', { data, ports: [] }));
// As in Electron, the process lives while its parent port has a 'message' listener (the port is started)
// and may end once it has none and nothing else keeps it busy; an empty script ends at once.
process.channel.unref();
parentPort.on('newListener', (event) => {
  if (event === 'message' && parentPort.listenerCount('message') === 0) process.channel.ref();
});
parentPort.on('removeListener', (event) => {
  if (event === 'message' && parentPort.listenerCount('message') === 0) process.channel.unref();
});
Object.defineProperty(process, 'parentPort', { value: parentPort, enumerable: true });
// (Node's own send still checks process.connected: that one stays.)
const hidden = { value: undefined, configurable: true };
Object.defineProperty(process, 'send', hidden);
Object.defineProperty(process, 'disconnect', hidden);

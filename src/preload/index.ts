// The preload (sandboxed, context-isolated, bundled): exposes window.cronkeeper and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('cronkeeper', createBridge(ipcRenderer));

'use strict';
// Preloaded (NODE_OPTIONS=--require) into the n8n that `npm start` runs, and so into n8n's task
// runner: a process whose parent is gone (killed, or its terminal closed) stops itself instead of
// holding the editor's ports.
const parent = process.ppid;
setInterval(() => {
	if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();

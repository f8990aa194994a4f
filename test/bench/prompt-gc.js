'use strict';
// Preloaded into n8n (with --expose-gc) for the memory rows that compare what a node makes n8n
// hold: a young-generation collection every 10 ms, so that the process's resident memory shows
// the memory in use rather than garbage that V8 has not collected yet. (Without it, V8 collects
// nothing during a 20 MB upload: the chunks a streaming upload has already sent count as much as
// a file held whole.) A young collection takes about a millisecond.
if (typeof global.gc === 'function') {
	const timer = setInterval(() => global.gc({ type: 'minor' }), 10);
	timer.unref();
}

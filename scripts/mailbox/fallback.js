'use strict';
// The demo mailbox where Dovecot cannot be had (no root to install it): hoodiecrow-imap, a small
// IMAP server written in JavaScript (a development dependency), in this process, on 127.0.0.1.
const fs = require('node:fs');
const path = require('node:path');

const { freePort } = require('../processes');
const { append, status } = require('./imap');

const HOST = '127.0.0.1';

/**
 * The fallback: hoodiecrow-imap, in this process, on 127.0.0.1. It keeps the mail in memory; this
 * saves it to `dir/mailbox.json` on every change and loads it at start, so that the mail is kept
 * across starts as Dovecot keeps it.
 */
async function startNpmMailbox({ dir, port, user, password } = {}) {
	let hoodiecrow;
	try {
		hoodiecrow = require('hoodiecrow-imap');
	} catch {
		throw new Error(
			'The fallback mailbox needs the development dependency hoodiecrow-imap: run npm ci in this project first',
		);
	}
	fs.mkdirSync(dir, { recursive: true });
	const saved = path.join(dir, 'mailbox.json');
	const created = !fs.existsSync(saved);
	const kept = !created ? JSON.parse(fs.readFileSync(saved, 'utf8')) : { messages: [] };
	const imap = hoodiecrow({
		plugins: ['IDLE', 'UIDPLUS'],
		users: { [user]: { password } },
		storage: { INBOX: kept, '': {} },
	});
	// hoodiecrow's IDLE arms a 30-minute timer per IDLE that a closed connection does not clear:
	// unref'd, it cannot keep a stopped mailbox's process (a test run, npm start) alive.
	const idle = imap.commandHandlers.IDLE;
	imap.setCommandHandler('IDLE', (...args) => {
		const { setTimeout: arm } = globalThis;
		globalThis.setTimeout = (...timer) => arm(...timer).unref();
		try {
			return idle(...args);
		} finally {
			globalThis.setTimeout = arm;
		}
	});
	const inbox = () => imap.getMailbox('INBOX');
	const save = () => {
		const { uidvalidity, uidnext, messages } = inbox();
		const mail = messages.map(({ raw, flags, internaldate, uid }) => ({
			raw,
			flags,
			internaldate,
			uid,
		}));
		fs.writeFileSync(`${saved}.tmp`, JSON.stringify({ uidvalidity, uidnext, messages: mail }));
		fs.renameSync(`${saved}.tmp`, saved);
	};
	const sockets = new Set();
	imap.server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	// Every command that changes the mail (APPEND, STORE, EXPUNGE, ...) is followed by a save.
	const { getCommandHandler } = imap;
	imap.getCommandHandler = function (command) {
		const handler = getCommandHandler.call(this, command);
		if (
			!handler ||
			/^(CAPABILITY|LOGIN|LOGOUT|NOOP|SELECT|EXAMINE|STATUS|LIST|LSUB|IDLE|(UID )?SEARCH)$/i.test(
				command,
			)
		)
			return handler;
		return (connection, parsed, data, callback) =>
			handler(connection, parsed, data, (...args) => {
				try {
					save();
				} finally {
					callback(...args);
				}
			});
	};
	port = port || (await freePort());
	await new Promise((resolve, reject) => {
		imap.server.once('error', reject);
		imap.listen(port, HOST, () => {
			imap.server.off('error', reject);
			resolve();
		});
	});
	const login = { host: HOST, port, user, password };
	save();
	await status(login);
	let stopped = false;
	return {
		...login,
		dir,
		server: 'npm',
		created,
		append: (message) => append(login, message),
		status: () => status(login),
		async stop() {
			if (stopped) return;
			stopped = true;
			save();
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => imap.server.close(() => resolve()));
		},
	};
}

module.exports = { startNpmMailbox };

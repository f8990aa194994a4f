#!/usr/bin/env node
'use strict';
// A real mailbox for the e-mail pipeline (example 1) on 127.0.0.1: Debian's Dovecot
// (dovecot.js), or where it cannot be had the npm fallback (fallback.js). Mail is delivered
// with IMAP APPEND (imap.js), as any client files a message; the demo e-mails are composed in
// messages.js. Used by `npm start` and the e2e tests; `npm run demo:mail -- [file.pdf ...]`
// drops a new e-mail into the mailbox of a running `npm start`.
const fs = require('node:fs');
const path = require('node:path');

const { isRoot } = require('../processes');
const { DOVECOT, ensureDovecot, startDovecot } = require('./dovecot');
const { startNpmMailbox } = require('./fallback');
const imap = require('./imap');
const messages = require('./messages');

const HOST = '127.0.0.1';
/** The demo mailbox's login, as `npm start` and the README give it. */
const DEMO_USER = 'invoices@a2v2.local';
const DEMO_PASSWORD = 'a2v2-mail-1';
/** The port of `npm start`'s mailbox (A2V2_MAIL_PORT moves it). */
const DEFAULT_PORT = Number(process.env.A2V2_MAIL_PORT || 1143);

/**
 * Which IMAP server serves the mailbox: Debian's Dovecot when it is installed (or can be, as
 * root), else the npm fallback. A2V2_MAILBOX=dovecot or =npm chooses.
 */
function mailboxServer() {
	const chosen = process.env.A2V2_MAILBOX;
	if (chosen === 'dovecot' || chosen === 'npm') return chosen;
	if (chosen) throw new Error(`A2V2_MAILBOX must be "dovecot" or "npm", not "${chosen}"`);
	return fs.existsSync(DOVECOT) || isRoot() ? 'dovecot' : 'npm';
}

/**
 * Starts the demo mailbox in `dir` on 127.0.0.1 (a free port when none is given) with the server
 * `server` (default: mailboxServer()). Resolves once it answers; `stop()` ends it.
 */
async function startMailbox(options = {}) {
	const server = options.server ?? mailboxServer();
	const login = { user: DEMO_USER, password: DEMO_PASSWORD, ...options };
	if (server === 'npm') return await startNpmMailbox(login);
	if (server !== 'dovecot') throw new Error(`unknown mailbox server "${server}"`);
	return await startDovecot(login);
}

/** The demo e-mails, to the demo mailbox. */
const demoMails = () => messages.demoMails(DEMO_USER);

/** An e-mail to the demo mailbox (`{ from, subject, text, attachments? }`). */
const message = (options) => messages.compose({ to: DEMO_USER, ...options });

/** An invoice e-mail to the demo mailbox (see messages.js `invoiceMail`). */
const invoiceMail = (options) => messages.invoiceMail({ to: DEMO_USER, ...options });

/** `npm run demo:mail -- [file.pdf ...]`: drops an e-mail into `npm start`'s mailbox. */
async function dropMail(files) {
	const login = { host: HOST, port: DEFAULT_PORT, user: DEMO_USER, password: DEMO_PASSWORD };
	const message = await messages.droppedMail(DEMO_USER, files);
	try {
		await imap.append(login, message);
	} catch (error) {
		throw new Error(
			`Could not reach the demo mailbox on ${HOST}:${DEFAULT_PORT} (${error.message}): is npm start running?`,
		);
	}
	const { messages: count, unseen } = await imap.status(login);
	const what = files.length
		? `with ${files.map((f) => path.basename(f)).join(', ')}`
		: 'with a generated invoice PDF';
	process.stdout.write(
		`Dropped an e-mail ${what} into ${DEMO_USER} on ${HOST}:${DEFAULT_PORT} (${count} messages, ${unseen} unread).\n`,
	);
}

module.exports = {
	ensureDovecot,
	mailboxServer,
	startMailbox,
	demoMails,
	message,
	invoiceMail,
	invoicePdf: messages.invoicePdf,
	append: imap.append,
	status: imap.status,
	withClient: imap.withClient,
	DEMO_USER,
	DEMO_PASSWORD,
	DEFAULT_PORT,
	HOST,
};

if (require.main === module) {
	const args = process.argv.slice(2);
	// `--ensure-dovecot`: installs Dovecot when missing and root (the e2e set-up, as for
	// Chromium); where it cannot be had, the e2e tests use the npm fallback and this says so.
	const ensure = async () => {
		if (mailboxServer() === 'dovecot') ensureDovecot();
		else
			process.stdout.write(
				`[mailbox] Dovecot is not installed at ${DOVECOT} and this is not root: the demo mailbox is served by the npm fallback (hoodiecrow-imap)\n`,
			);
	};
	const work = args[0] === '--ensure-dovecot' ? ensure : () => dropMail(args);
	work().catch((error) => {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	});
}

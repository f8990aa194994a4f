#!/usr/bin/env node
'use strict';
// A real mailbox for the e-mail pipeline (example 1): Debian's Dovecot serving IMAP on 127.0.0.1
// only, with a configuration of its own in a throwaway folder, one demo user with a plain
// password, and the mail kept by an unprivileged user (nobody when this runs as root, else the
// user running it). Mail is delivered with IMAP APPEND, as any client files a message. Used by
// `npm start` and the e2e tests; `npm run demo:mail -- [file.pdf ...]` drops a new e-mail into the
// mailbox of a running `npm start`.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { isRoot, freePort, aptInstall, hasExited, stopChild } = require('./processes');

const DOVECOT = process.env.DOVECOT_PATH || '/usr/sbin/dovecot';
const HOST = '127.0.0.1';
/** The demo mailbox's login, as `npm start` and the README give it. */
const DEMO_USER = 'invoices@a2v2.local';
const DEMO_PASSWORD = 'a2v2-mail-1';
/** The port of `npm start`'s mailbox (A2V2_MAIL_PORT moves it). */
const DEFAULT_PORT = Number(process.env.A2V2_MAIL_PORT || 1143);

/**
 * Installs Debian's dovecot-imapd when Dovecot is missing and this runs as root (as CI does),
 * without letting the package start the system's own Dovecot service; says what to do otherwise.
 */
function ensureDovecot({ log = (t) => process.stdout.write(`[mailbox] ${t}\n`) } = {}) {
	if (fs.existsSync(DOVECOT)) return DOVECOT;
	if (!isRoot()) {
		throw new Error(
			`Dovecot is needed at ${DOVECOT} for the demo mailbox: install Debian's package (sudo apt-get install dovecot-imapd) or set DOVECOT_PATH`,
		);
	}
	log("installing Debian's dovecot-imapd with apt-get (its own service is not started)");
	aptInstall(['dovecot-imapd']);
	if (!fs.existsSync(DOVECOT)) throw new Error(`apt-get installed no ${DOVECOT}`);
	return DOVECOT;
}

/** The user and group that own the mail: nobody when root, else the user running this. */
function mailOwner() {
	if (!isRoot()) {
		const me = os.userInfo();
		const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
		return { name: me.username, group, uid: me.uid, gid: me.gid };
	}
	const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
	return { name: 'nobody', uid, gid };
}

function configFor({ dir, port, owner }) {
	const root = isRoot();
	return `# Written by scripts/mailbox.js: a demo mailbox on ${HOST}:${port}, nothing else.
protocols = imap
listen = ${HOST}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
default_internal_user = ${root ? 'dovecot' : owner.name}
default_login_user = ${root ? 'dovenull' : owner.name}
${root ? '' : `default_internal_group = ${owner.group}\n`}mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${dir}/mail/%n
}
service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }${root ? '' : '\n  chroot ='}
}
service anvil {${root ? '' : '\n  chroot ='}
}
service stats {
  inet_listener http {
    port = 0
  }
}
`;
}

/**
 * A minimal IMAP client session: one command at a time, each answered by its tagged line.
 * `literal` commands (APPEND) wait for the server's `+` before sending the data.
 */
async function imapSession({ host = HOST, port, user, password }, work) {
	const socket = net.connect(port, host);
	socket.setEncoding('latin1');
	let buffer = '';
	const waiting = [];
	const lines = [];
	const settle = () => {
		for (;;) {
			const end = buffer.indexOf('\r\n');
			if (end < 0) break;
			lines.push(buffer.slice(0, end));
			buffer = buffer.slice(end + 2);
		}
		while (waiting.length && lines.length) {
			const w = waiting[0];
			const line = lines.shift();
			w.seen.push(line);
			if (w.done(line)) {
				waiting.shift();
				w.resolve(w.seen);
			}
		}
	};
	socket.on('data', (chunk) => {
		buffer += chunk;
		settle();
	});
	const failed = new Promise((_, reject) => {
		socket.once('error', reject);
		socket.once('close', () => reject(new Error('the IMAP server closed the connection')));
	});
	failed.catch(() => undefined);
	const until = (done) =>
		Promise.race([
			new Promise((resolve) => {
				waiting.push({ done, resolve, seen: [] });
				settle();
			}),
			failed,
		]);
	let n = 0;
	const command = async (text, literal) => {
		const tag = `a${++n}`;
		if (literal === undefined) {
			socket.write(`${tag} ${text}\r\n`);
		} else {
			socket.write(`${tag} ${text} {${Buffer.byteLength(literal, 'latin1')}}\r\n`);
			await until((line) => line.startsWith('+'));
			socket.write(`${literal}\r\n`);
		}
		const seen = await until((line) => line.startsWith(`${tag} `));
		const last = seen[seen.length - 1];
		if (!last.startsWith(`${tag} OK`)) throw new Error(`IMAP ${text.split(' ')[0]}: ${last}`);
		return seen;
	};
	const quote = (s) => `"${String(s).replace(/["\\]/g, '\\$&')}"`;
	try {
		await until((line) => line.startsWith('* OK'));
		await command(`LOGIN ${quote(user)} ${quote(password)}`);
		const result = await work(command);
		await command('LOGOUT').catch(() => undefined);
		return result;
	} finally {
		socket.destroy();
	}
}

/** Files a message (RFC 822 text) in the mailbox's INBOX, unread. */
async function append(login, message) {
	await imapSession(login, (command) =>
		command('APPEND INBOX ()', message.replace(/\r?\n/g, '\r\n')),
	);
}

/** The INBOX's message count and how many are unread. */
async function status(login) {
	return await imapSession(login, async (command) => {
		const seen = await command('STATUS INBOX (MESSAGES UNSEEN)');
		const line = seen.find((l) => l.startsWith('* STATUS')) ?? '';
		const number = (name) => Number(new RegExp(`${name} (\\d+)`).exec(line)?.[1] ?? NaN);
		return { messages: number('MESSAGES'), unseen: number('UNSEEN') };
	});
}

/**
 * Which IMAP server serves the mailbox: Debian's Dovecot when it is installed (or can be, as
 * root), else the npm registry's hoodiecrow-imap (a small IMAP server written in JavaScript, a
 * development dependency of this project). A2V2_MAILBOX=dovecot or =npm chooses.
 */
function mailboxServer() {
	const chosen = process.env.A2V2_MAILBOX;
	if (chosen === 'dovecot' || chosen === 'npm') return chosen;
	if (chosen) throw new Error(`A2V2_MAILBOX must be "dovecot" or "npm", not "${chosen}"`);
	return fs.existsSync(DOVECOT) || isRoot() ? 'dovecot' : 'npm';
}

/**
 * Starts the demo mailbox in `dir` on 127.0.0.1 (a free port when none is given) with the server
 * `server` (default: mailboxServer()). Resolves once it greets; `stop()` ends it.
 */
async function startMailbox(options = {}) {
	const server = options.server ?? mailboxServer();
	if (server === 'npm') return await startNpmMailbox(options);
	if (server !== 'dovecot') throw new Error(`unknown mailbox server "${server}"`);
	return await startDovecot(options);
}

/**
 * The fallback: hoodiecrow-imap, in this process, on 127.0.0.1. It keeps the mail in memory; this
 * saves it to `dir/mailbox.json` on every change and loads it at start, so that the mail is kept
 * across starts as Dovecot keeps it.
 */
async function startNpmMailbox({ dir, port, user = DEMO_USER, password = DEMO_PASSWORD } = {}) {
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

/**
 * Starts Dovecot on 127.0.0.1 with a configuration of its own in `dir` (made when missing; the
 * mail in it is kept across starts). Resolves once it greets; `stop()` ends it.
 */
async function startDovecot({
	dir,
	port,
	user = DEMO_USER,
	password = DEMO_PASSWORD,
	timeoutMs = 20_000,
} = {}) {
	ensureDovecot();
	port = port || (await freePort());
	const owner = mailOwner();
	const created = !fs.existsSync(path.join(dir, 'mail'));
	for (const sub of ['run', 'state', 'mail'])
		fs.mkdirSync(path.join(dir, sub), { recursive: true });
	// The unprivileged owner of the mail, and Dovecot's own users, must reach its folder.
	fs.chmodSync(dir, 0o755);
	for (let up = path.dirname(path.resolve(dir)); up !== path.dirname(up); up = path.dirname(up)) {
		if (isRoot() && !(fs.statSync(up).mode & 0o001))
			throw new Error(
				`The mailbox folder ${dir} is inside ${up}, which only its owner may enter: Dovecot's unprivileged users cannot reach it`,
			);
	}
	if (isRoot()) fs.chownSync(path.join(dir, 'mail'), owner.uid, owner.gid);
	fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o640 });
	// Dovecot's auth process (user dovecot when root) reads the password file.
	if (isRoot()) {
		const group = Number(execFileSync('id', ['-g', 'dovecot'], { encoding: 'utf8' }).trim());
		fs.chownSync(path.join(dir, 'users'), 0, group);
	}
	const config = path.join(dir, 'dovecot.conf');
	fs.writeFileSync(config, configFor({ dir, port, owner }));

	const child = spawn(DOVECOT, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
	const out = [];
	child.stdout.on('data', (c) => out.push(c.toString()));
	child.stderr.on('data', (c) => out.push(c.toString()));
	const exited = () => hasExited(child);
	const said = () => {
		const logFile = path.join(dir, 'dovecot.log');
		const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
		return `${out.join('')}${log}`.trim();
	};
	const login = { host: HOST, port, user, password };
	const started = Date.now();
	for (;;) {
		if (exited())
			throw new Error(`Dovecot exited with ${child.exitCode ?? child.signalCode}:\n${said()}`);
		try {
			await status(login);
			break;
		} catch {
			// not serving yet
		}
		if (Date.now() - started > timeoutMs) {
			child.kill('SIGKILL');
			throw new Error(
				`Dovecot did not serve IMAP on ${HOST}:${port} in ${timeoutMs} ms:\n${said()}`,
			);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		...login,
		dir,
		server: 'dovecot',
		created,
		child,
		append: (message) => append(login, message),
		status: () => status(login),
		stop: () => stopChild(child, 10_000),
	};
}

// ---------- messages ----------

let sequence = 0;

/** A MIME message with a text part and attachments (`{ fileName, mimeType, bytes }`), base64. */
function mimeMessage({ from, to = DEMO_USER, subject, text, attachments = [], date = new Date() }) {
	const boundary = `a2v2-${Date.now().toString(36)}-${++sequence}`;
	const base64 = (bytes) => bytes.toString('base64').replace(/.{1,76}/g, '$&\r\n');
	const head = [
		`From: ${from}`,
		`To: ${to}`,
		`Subject: ${subject}`,
		`Date: ${date.toUTCString().replace('GMT', '+0000')}`,
		`Message-ID: <${boundary}@a2v2.local>`,
		'MIME-Version: 1.0',
	];
	if (!attachments.length) {
		return [...head, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');
	}
	const parts = [
		[`--${boundary}`, 'Content-Type: text/plain; charset=utf-8', '', text].join('\r\n'),
		...attachments.map((a) =>
			[
				`--${boundary}`,
				`Content-Type: ${a.mimeType}; name="${a.fileName}"`,
				'Content-Transfer-Encoding: base64',
				`Content-Disposition: attachment; filename="${a.fileName}"`,
				'',
				base64(a.bytes),
			].join('\r\n'),
		),
	];
	return [
		...head,
		`Content-Type: multipart/mixed; boundary="${boundary}"`,
		'',
		...parts,
		`--${boundary}--`,
		'',
	].join('\r\n');
}

/** An invoice PDF, made by the local server's own generator, that its extraction reads. */
function invoicePdf({ number, vendor, email, total, date }) {
	const { makePdf } = require('../local-server/documents');
	return makePdf([
		`Invoice Number: ${number}`,
		`Vendor Name: ${vendor}`,
		`Vendor Email: ${email}`,
		`Total Amount: ${total}`,
		`Invoice Date: ${date}`,
	]);
}

/**
 * An invoice e-mail from a vendor, with its invoices as PDF attachments and other files.
 * @param {{ vendor: string, email: string, invoices: Array<{ number: string, total: string, date: string }>, others?: Array<{ fileName: string, mimeType: string, bytes: Buffer }>, subject?: string }} options
 */
function invoiceMail({ vendor, email, invoices, others = [], subject }) {
	return mimeMessage({
		from: `${vendor} <${email}>`,
		subject: subject ?? `Invoice ${invoices.map((i) => i.number).join(', ')}`,
		text: `Please find attached our invoice${invoices.length > 1 ? 's' : ''}.\n\n${vendor}`,
		attachments: [
			...invoices.map((invoice) => ({
				fileName: `${invoice.number}.pdf`,
				mimeType: 'application/pdf',
				bytes: invoicePdf({ vendor, email, ...invoice }),
			})),
			...others,
		],
	});
}

/**
 * The demo mailbox: an invoice, an e-mail with two invoices, one whose second attachment is not
 * a PDF (the pipeline's MIME filter skips it), and one with no attachment at all.
 */
function demoMails() {
	return [
		invoiceMail({
			vendor: 'Acme Supplies',
			email: 'billing@acme-supplies.example',
			invoices: [{ number: 'INV-2026-101', total: '1250.00', date: '2026-11-02' }],
		}),
		invoiceMail({
			vendor: 'Northwind Traders',
			email: 'accounts@northwind.example',
			invoices: [
				{ number: 'NW-7781', total: '310.40', date: '2026-11-05' },
				{ number: 'NW-7782', total: '89.90', date: '2026-11-06' },
			],
		}),
		invoiceMail({
			vendor: 'Globex Consulting',
			email: 'finance@globex.example',
			invoices: [{ number: 'GLX-0042', total: '4800.00', date: '2026-11-09' }],
			others: [
				{
					fileName: 'timesheet.txt',
					mimeType: 'text/plain',
					bytes: Buffer.from('Hours for November: 32\n'),
				},
			],
		}),
		mimeMessage({
			from: 'Acme Supplies <billing@acme-supplies.example>',
			subject: 'Our office is closed on Friday',
			text: 'No invoice in this one: just letting you know.',
		}),
	];
}

/** `npm run demo:mail -- [file.pdf ...]`: drops an e-mail into `npm start`'s mailbox. */
async function dropMail(files) {
	const login = { host: HOST, port: DEFAULT_PORT, user: DEMO_USER, password: DEMO_PASSWORD };
	const stamp = new Date().toISOString().slice(0, 19).replace(/\D/g, '');
	const message = files.length
		? mimeMessage({
				from: 'Demo Sender <sender@demo-vendor.example>',
				subject: `Documents: ${files.map((f) => path.basename(f)).join(', ')}`,
				text: 'Dropped by npm run demo:mail.',
				attachments: files.map((file) => ({
					fileName: path.basename(file),
					mimeType: file.toLowerCase().endsWith('.pdf')
						? 'application/pdf'
						: 'application/octet-stream',
					bytes: fs.readFileSync(file),
				})),
			})
		: invoiceMail({
				vendor: 'Demo Vendor',
				email: 'billing@demo-vendor.example',
				invoices: [
					{ number: `DEMO-${stamp}`, total: '99.00', date: new Date().toISOString().slice(0, 10) },
				],
			});
	try {
		await append(login, message);
	} catch (error) {
		throw new Error(
			`Could not reach the demo mailbox on ${HOST}:${DEFAULT_PORT} (${error.message}): is npm start running?`,
		);
	}
	const { messages, unseen } = await status(login);
	process.stdout.write(
		`Dropped an e-mail${files.length ? ` with ${files.map((f) => path.basename(f)).join(', ')}` : ' with a generated invoice PDF'} into ${DEMO_USER} on ${HOST}:${DEFAULT_PORT} (${messages} messages, ${unseen} unread).\n`,
	);
}

module.exports = {
	ensureDovecot,
	mailboxServer,
	startMailbox,
	imapSession,
	append,
	status,
	mimeMessage,
	invoiceMail,
	invoicePdf,
	demoMails,
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

'use strict';
// Debian's Dovecot serving the demo mailbox: IMAP on 127.0.0.1 only, with a configuration of its
// own in a throwaway folder, one demo user with a plain password, and the mail kept by an
// unprivileged user (nobody when this runs as root, else the user running it).
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { isRoot, freePort, aptInstall, hasExited, stopChild } = require('../processes');
const { append, status } = require('./imap');

const DOVECOT = process.env.DOVECOT_PATH || '/usr/sbin/dovecot';
const HOST = '127.0.0.1';

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
	aptInstall(['dovecot-imapd'], log);
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
	return `# Written by scripts/mailbox/dovecot.js: a demo mailbox on ${HOST}:${port}, nothing else.
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
 * Starts Dovecot on 127.0.0.1 with a configuration of its own in `dir` (made when missing; the
 * mail in it is kept across starts). Resolves once it greets; `stop()` ends it.
 */
async function startDovecot({ dir, port, user, password, timeoutMs = 20_000 } = {}) {
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

module.exports = { DOVECOT, ensureDovecot, startDovecot };

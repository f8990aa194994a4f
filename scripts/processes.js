'use strict';
// What the project's scripts share about the machine and the programs they run: root or not, a
// free loopback port, Debian packages installed without starting or enabling their services, and
// stopping a child process.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** A port free on 127.0.0.1 a moment ago. */
async function freePort() {
	const server = net.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** The links that start services at boot (systemd's .wants folders, SysV's rc?.d). */
function bootLinks() {
	const links = new Set();
	const scan = (dir, depth) => {
		let entries;
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			const full = path.join(dir, entry.name);
			if (entry.isSymbolicLink()) links.add(full);
			else if (entry.isDirectory() && depth > 0) scan(full, depth - 1);
		}
	};
	scan('/etc/systemd/system', 1);
	for (const level of ['0', '1', '2', '3', '4', '5', '6', 'S']) scan(`/etc/rc${level}.d`, 0);
	return links;
}

/**
 * Installs Debian's `packages` with apt-get (as root), saying so in one line: apt's own output
 * goes to a log file, which an error names. Their services are neither started (a policy-rc.d
 * that answers 101 while they install) nor enabled at boot (the links their installation made
 * are removed): the host is left as it was, but for the packages.
 */
function aptInstall(packages, log = (text) => process.stdout.write(`${text}\n`)) {
	const logFile = path.join(os.tmpdir(), `a2v2-apt-${packages.join('-')}-${Date.now()}.log`);
	log(`installing Debian's ${packages.join(', ')} with apt-get (its output: ${logFile})`);
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	const before = bootLinks();
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	const out = fs.openSync(logFile, 'a');
	try {
		const options = {
			stdio: ['ignore', out, out],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		};
		execFileSync('apt-get', ['update'], options);
		execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], options);
	} catch (error) {
		const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-8).join('\n');
		throw new Error(
			`apt-get could not install ${packages.join(', ')} (${error.message.split('\n')[0]}); its output is in ${logFile}:\n${tail}`,
		);
	} finally {
		fs.closeSync(out);
		if (ownPolicy) fs.rmSync(policy, { force: true });
		for (const link of bootLinks()) if (!before.has(link)) fs.rmSync(link, { force: true });
	}
}

/** Whether a child process has ended (one ended by a signal keeps exitCode null). */
const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, and SIGKILL when the child is still there after `graceMs`. */
async function stopChild(child, graceMs) {
	if (hasExited(child)) return;
	child.kill('SIGTERM');
	let timer;
	await Promise.race([
		new Promise((r) => child.once('exit', r)),
		new Promise((r) => {
			timer = setTimeout(r, graceMs);
		}),
	]);
	// A child that exited in time leaves no timer behind (jest waited for it before exiting).
	clearTimeout(timer);
	if (!hasExited(child)) child.kill('SIGKILL');
}

module.exports = { isRoot, freePort, aptInstall, hasExited, stopChild };

'use strict';
// The demo mailbox spoken to as any mail client speaks to it: IMAP with imapflow.
const { ImapFlow } = require('imapflow');

/**
 * A connected imapflow client for a mailbox login (`{ host, port, user, password }`). The demo
 * mailboxes serve plain IMAP on 127.0.0.1 only.
 */
async function connect({ host, port, user, password }) {
	const client = new ImapFlow({
		host,
		port,
		secure: false,
		doSTARTTLS: false,
		auth: { user, pass: password },
		logger: false,
	});
	// A connection error after the session (the server stopping) is not this caller's concern.
	client.on('error', () => undefined);
	await client.connect();
	return client;
}

/** Runs `work` with a client of the mailbox, logged out afterwards. */
async function withClient(login, work) {
	const client = await connect(login);
	try {
		return await work(client);
	} finally {
		await client.logout().catch(() => client.close());
	}
}

/** Files a message (its RFC 822 bytes) in the INBOX, unread. */
async function append(login, message) {
	await withClient(login, (client) => client.append('INBOX', message, []));
}

/** The INBOX's message count and how many are unread. */
async function status(login) {
	return await withClient(login, async (client) => {
		const { messages, unseen } = await client.status('INBOX', { messages: true, unseen: true });
		return { messages, unseen };
	});
}

module.exports = { connect, withClient, append, status };

/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * The demo mailbox's npm fallback (hoodiecrow-imap), for machines where Dovecot cannot be had:
 * what `npm start` and the e2e tests rely on, spoken to over IMAP as a mail client would.
 * (Dovecot itself is exercised by the e2e tests, which n8n's Email Trigger reads.)
 */
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ImapFlow } from 'imapflow';

import * as mailbox from '../../scripts/mailbox';

const fresh = () => mkdtempSync(join(tmpdir(), 'a2v2-mailbox-test-'));
type Mailbox = Awaited<ReturnType<typeof mailbox.startMailbox>>;
const started: Mailbox[] = [];
async function start(options: object) {
	const box = await mailbox.startMailbox({ server: 'npm', ...options });
	started.push(box);
	return box;
}
afterEach(async () => {
	for (const box of started.splice(0)) await box.stop();
});

/** The UIDs of the INBOX's messages, and those without \Seen. */
async function uids(box: Mailbox) {
	return await mailbox.withClient(box, async (client: ImapFlow) => {
		await client.mailboxOpen('INBOX');
		const all = (await client.search({ all: true }, { uid: true })) || [];
		const unseen = (await client.search({ seen: false }, { uid: true })) || [];
		return { all, unseen };
	});
}

describe('the npm fallback mailbox', () => {
	it('serves IMAP on 127.0.0.1 only, to the demo login only', async () => {
		const box = await start({ dir: fresh() });
		expect(box).toMatchObject({ server: 'npm', host: '127.0.0.1', created: true });
		expect(box.user).toBe(mailbox.DEMO_USER);
		expect(await box.status()).toEqual({ messages: 0, unseen: 0 });
		await expect(mailbox.status({ ...box, password: 'not-the-password' })).rejects.toThrow(
			/Authentication failed|Command failed/,
		);
	});

	it('files appended e-mails unread and keeps them, their flags and UIDs across a restart', async () => {
		const dir = fresh();
		let box = await start({ dir });
		for (const mail of await mailbox.demoMails()) await box.append(mail);
		expect(await box.status()).toEqual({ messages: 4, unseen: 4 });
		// A client reads the first e-mail, as n8n's Email Trigger marks what it fetched.
		await mailbox.withClient(box, async (client: ImapFlow) => {
			await client.mailboxOpen('INBOX');
			await client.messageFlagsAdd('1', ['\\Seen']);
		});
		const before = await uids(box);
		expect(before.all).toHaveLength(4);
		expect(before.unseen).toEqual(before.all.slice(1));

		await box.stop();
		box = await start({ dir, port: box.port });
		expect(box.created).toBe(false);
		expect(await box.status()).toEqual({ messages: 4, unseen: 3 });
		expect(await uids(box)).toEqual(before);
		// A new e-mail after the restart gets a new UID, never one of the old ones.
		await box.append((await mailbox.demoMails())[0]);
		const after = await uids(box);
		expect(after.all.slice(0, 4)).toEqual(before.all);
		expect(after.all[4]).toBeGreaterThan(Math.max(...before.all));
	});

	it('the attachment arrives byte for byte', async () => {
		const box = await start({ dir: fresh() });
		const pdf = mailbox.invoicePdf({
			vendor: 'Acme',
			email: 'billing@acme.example',
			number: 'INV-9',
			total: '9.00',
			date: '2026-11-30',
		});
		await box.append(
			await mailbox.invoiceMail({
				vendor: 'Acme',
				email: 'billing@acme.example',
				invoices: [{ number: 'INV-9', total: '9.00', date: '2026-11-30' }],
			}),
		);
		const attachment = await mailbox.withClient(box, async (client: ImapFlow) => {
			await client.mailboxOpen('INBOX');
			const { content } = await client.download('1', '2');
			if (!content) throw new Error('the attachment has no content');
			const chunks: Buffer[] = [];
			for await (const chunk of content) chunks.push(chunk as Buffer);
			return Buffer.concat(chunks);
		});
		expect(attachment).toEqual(pdf);
	});

	it('stop() ends the connections still open (an idling client) and frees the port', async () => {
		const box = await start({ dir: fresh() });
		const socket = connect(box.port, box.host);
		const closed = new Promise((resolve) => socket.once('close', resolve));
		socket.on('error', () => undefined);
		await new Promise((resolve) => socket.once('data', resolve));
		socket.write(`a1 LOGIN "${box.user}" "${box.password}"\r\na2 SELECT INBOX\r\na3 IDLE\r\n`);
		await new Promise((r) => setTimeout(r, 200));
		await box.stop();
		await closed;
		const again = await start({ dir: box.dir, port: box.port });
		expect(await again.status()).toEqual({ messages: 0, unseen: 0 });
	});
});

describe('which server serves the mailbox', () => {
	const saved = process.env.A2V2_MAILBOX;
	afterEach(() => {
		if (saved === undefined) delete process.env.A2V2_MAILBOX;
		else process.env.A2V2_MAILBOX = saved;
	});

	it('A2V2_MAILBOX chooses, and anything else is refused by name', () => {
		process.env.A2V2_MAILBOX = 'npm';
		expect(mailbox.mailboxServer()).toBe('npm');
		process.env.A2V2_MAILBOX = 'dovecot';
		expect(mailbox.mailboxServer()).toBe('dovecot');
		process.env.A2V2_MAILBOX = 'exim';
		expect(() => mailbox.mailboxServer()).toThrow(
			'A2V2_MAILBOX must be "dovecot" or "npm", not "exim"',
		);
	});
});

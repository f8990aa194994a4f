/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/** The A2V2 Trigger's poll through n8n-core's PollContext, against nock. */
import nock from 'nock';

import { pollHarness } from '../harness/poll';
import { AGENT, API, credentials, setupNock } from './helpers';

setupNock();

const LIST = `/contacts/chatbots/${AGENT}`;
let seq = 0;
/** A contact created at `t` (seconds into 2099: a server clock far ahead of this machine's). */
const at = (t: number, extra: object = {}) => {
	seq++;
	const time = new Date(Date.UTC(2099, 0, 1, 0, 0, t)).toISOString();
	return {
		_id: `65f1c0ffee0ddba11d${String(seq).padStart(6, '0')}`,
		primaryEmail: `c${seq}@example.com`,
		createdAt: time,
		updatedAt: time,
		...extra,
	};
};
/** Newest first, as the API sorts with sortOrder=desc. */
const desc = (list: Array<ReturnType<typeof at>>, field = 'createdAt') =>
	[...list].sort((a, b) =>
		a[field as 'createdAt'] < b[field as 'createdAt']
			? 1
			: a[field as 'createdAt'] > b[field as 'createdAt']
				? -1
				: 0,
	);

/**
 * Serves `contacts()` as the list endpoint does, counting the requests; `afterPage` runs once a
 * page's answer is computed (to change the list while a poll reads it).
 */
function serveList(
	contacts: () => Array<ReturnType<typeof at>>,
	field = 'createdAt',
	afterPage?: (page: number) => void,
	delayMs = 0,
) {
	const calls: Array<Record<string, string>> = [];
	nock(API)
		.persist()
		.get(LIST)
		.query(true)
		.delay(delayMs)
		.reply((uri) => {
			const q = Object.fromEntries(new URL(`http://x${uri}`).searchParams);
			calls.push(q);
			const all = desc(contacts(), field);
			const page = Number(q.page);
			const limit = Number(q.limit);
			const body = {
				success: true,
				data: all.slice((page - 1) * limit, page * limit),
				pagination: {
					currentPage: page,
					totalPages: Math.ceil(all.length / limit),
					totalItems: all.length,
					itemsPerPage: limit,
					hasNextPage: page * limit < all.length,
					hasPreviousPage: page > 1,
				},
			};
			afterPage?.(page);
			return [200, body];
		});
	return calls;
}

const trigger = (parameters: object = {}) =>
	pollHarness({ parameters: { event: 'newContact', simplify: false, ...parameters }, credentials });
const ids = (items: Array<{ json: { _id?: unknown } }> | null) =>
	(items ?? []).map((i) => i.json._id);

it('starts from now on the first activation: reports nothing, one request', async () => {
	const db = [at(1), at(2), at(3)];
	const calls = serveList(() => db);
	const t = trigger();
	expect(await t.poll()).toBeNull();
	expect(calls).toEqual([{ sortBy: 'createdAt', sortOrder: 'desc', page: '1', limit: '100' }]);
	// The contacts that exist are remembered, not reported.
	expect(Object.keys((t.staticData.cursor as { seen: object }).seen).sort()).toEqual(
		db.map((c) => c._id).sort(),
	);
	expect(await t.poll()).toBeNull();
});

it('returns the newest contact as the test event, or says clearly there is none', async () => {
	const db = [at(1), at(2)];
	const calls = serveList(() => db);
	const items = await trigger({ simplify: true }).poll('manual');
	expect(items).toEqual([
		{ json: expect.objectContaining({ id: db[1]._id, primaryEmail: db[1].primaryEmail }) },
	]);
	expect(calls[0]).toMatchObject({ page: '1', limit: '1' });
	db.length = 0;
	await expect(trigger().poll('manual')).rejects.toThrow(
		'There is no contact yet that matches this trigger',
	);
});

it('a poll that finds nothing new is exactly one request', async () => {
	const db = Array.from({ length: 150 }, (_, i) => at(i));
	const calls = serveList(() => db);
	const t = trigger();
	await t.poll();
	calls.length = 0;
	expect(await t.poll()).toBeNull();
	expect(calls).toHaveLength(1);
});

it('reports 250 new contacts oldest first, in at most ceil(250/100) + 1 requests', async () => {
	const db = Array.from({ length: 120 }, (_, i) => at(i));
	const calls = serveList(() => db);
	const t = trigger({ filters: { status: 'active', tag: 'VIP' } });
	await t.poll();
	const fresh = Array.from({ length: 250 }, (_, i) => at(1000 + i));
	db.push(...fresh);
	calls.length = 0;
	const items = await t.poll();
	expect(ids(items)).toEqual(fresh.map((c) => c._id));
	expect(calls.length).toBeLessThanOrEqual(4);
	expect(
		calls.every(
			(q) =>
				q.status === 'active' && q.tag === 'VIP' && q.sortBy === 'createdAt' && q.limit === '100',
		),
	).toBe(true);
	calls.length = 0;
	expect(await t.poll()).toBeNull();
	expect(calls).toHaveLength(1);
});

it('reports contacts that share a timestamp exactly once, also across polls', async () => {
	const db = [at(1), at(2)];
	serveList(() => db);
	const t = trigger();
	await t.poll();
	const sameTime = (extra: object = {}) => ({ ...at(5), ...extra });
	const a = sameTime();
	const b = { ...sameTime(), createdAt: a.createdAt, updatedAt: a.createdAt };
	db.push(a, b);
	expect(ids(await t.poll())).toEqual([a._id, b._id]);
	const c = { ...sameTime(), createdAt: a.createdAt, updatedAt: a.createdAt };
	db.push(c);
	expect(ids(await t.poll())).toEqual([c._id]);
	expect(await t.poll()).toBeNull();
	expect(Object.keys((t.staticData.cursor as { seen: object }).seen)).toEqual(
		expect.arrayContaining([a._id, b._id, c._id]),
	);
});

it('does not repeat contacts that slide to the next page while new ones are created', async () => {
	const db = Array.from({ length: 50 }, (_, i) => at(i));
	let late: ReturnType<typeof at>[] = [];
	let arm = false;
	const calls = serveList(
		() => db,
		'createdAt',
		(page) => {
			// After page 1 is served, 30 more contacts arrive: page 2 then starts with 30 already seen.
			if (arm && page === 1 && !late.length) {
				late = Array.from({ length: 30 }, (_, i) => at(500 + i));
				db.push(...late);
			}
		},
	);
	const t = trigger();
	await t.poll();
	db.push(...Array.from({ length: 150 }, (_, i) => at(100 + i)));
	arm = true;
	const first = ids(await t.poll());
	expect(new Set(first).size).toBe(first.length);
	expect(first).toHaveLength(150);
	expect(calls.length).toBeGreaterThan(1);
	// The ones that arrived during the poll come with the next poll, once.
	expect(ids(await t.poll())).toEqual(late.map((c) => c._id));
	expect(await t.poll()).toBeNull();
});

it('keeps its place when a poll fails half way, and the next poll picks up', async () => {
	const db = Array.from({ length: 10 }, (_, i) => at(i));
	serveList(() => db);
	const t = trigger({ requestOptions: {} });
	await t.poll();
	const before = structuredClone(t.staticData);
	const fresh = Array.from({ length: 150 }, (_, i) => at(100 + i));
	db.push(...fresh);
	nock.cleanAll();
	// Page 1 answers; page 2 keeps failing.
	let served = 0;
	nock(API)
		.persist()
		.get(LIST)
		.query(true)
		.reply((uri) => {
			const q = Object.fromEntries(new URL(`http://x${uri}`).searchParams);
			if (q.page === '2') return [500, { success: false, message: 'boom' }];
			served++;
			const all = desc(db);
			return [
				200,
				{
					success: true,
					data: all.slice(0, 100),
					pagination: {
						currentPage: 1,
						totalPages: 2,
						totalItems: all.length,
						itemsPerPage: 100,
						hasNextPage: true,
						hasPreviousPage: false,
					},
				},
			];
		});
	await expect(t.poll()).rejects.toThrow('A2V2 server error (500): boom');
	expect(served).toBe(1);
	expect(t.staticData).toEqual(before);
	nock.cleanAll();
	serveList(() => db);
	expect(ids(await t.poll())).toEqual(fresh.map((c) => c._id));
});

it('reads the list again when contacts leave it while it is read, so none slips past', async () => {
	const db: Array<ReturnType<typeof at> & { archived?: boolean }> = Array.from(
		{ length: 20 },
		(_, i) => at(i),
	);
	const fresh = Array.from({ length: 150 }, (_, i) => at(100 + i));
	let arm = false;
	const calls = serveList(
		() => db.filter((c) => !c.archived),
		'createdAt',
		(page) => {
			// After page 1, the newest contact is archived: everything below moves up by one, and
			// the contact that was first on page 2 is now last on page 1, already read.
			if (arm && page === 1) {
				arm = false;
				(db.find((c) => c._id === fresh[149]._id) as { archived?: boolean }).archived = true;
			}
		},
	);
	const t = trigger();
	await t.poll();
	db.push(...fresh);
	arm = true;
	calls.length = 0;
	const reported = ids(await t.poll());
	expect(reported).toEqual(expect.arrayContaining(fresh.slice(0, 149).map((c) => c._id)));
	expect(new Set(reported).size).toBe(reported.length);
	// Page 1, page 2 (shrunk: start again), then pages 1 and 2 of the second scan.
	expect(calls.map((q) => q.page)).toEqual(['1', '2', '1', '2']);
});

it('reports updated contacts for the Updated Contact event', async () => {
	const db = [at(1), at(2), at(3)];
	const calls = serveList(() => db, 'updatedAt');
	const t = trigger({ event: 'updatedContact' });
	await t.poll();
	expect(calls[0].sortBy).toBe('updatedAt');
	db[0] = {
		...db[0],
		updatedAt: new Date(Date.UTC(2099, 0, 2)).toISOString(),
		firstName: 'Changed',
	} as ReturnType<typeof at>;
	expect(ids(await t.poll())).toEqual([db[0]._id]);
	expect(await t.poll()).toBeNull();
});

it('starts afresh when the event or the filters change', async () => {
	const db = [at(1)];
	serveList(() => db);
	const t = trigger();
	await t.poll();
	db.push(at(2));
	const other = pollHarness({
		parameters: { event: 'newContact', filters: { tag: 'VIP' } },
		credentials,
	});
	other.staticData = structuredClone(t.staticData);
	expect(await other.poll()).toBeNull();
});

describe('exactly once in a real activated n8n', () => {
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

	it('a poll that starts while an earlier one still reads reports nothing twice', async () => {
		const db = [at(1), at(2)];
		serveList(() => db);
		const t = trigger();
		await t.poll();
		db.push(at(10), at(11), at(12));
		// The next answers are slow: the second poll starts while the first still waits.
		nock.cleanAll();
		const calls = serveList(() => db, 'createdAt', undefined, 400);
		const first = t.poll();
		await sleep(50);
		const second = await t.poll();
		const reported = ids(await first);
		expect(second).toBeNull();
		expect(reported).toEqual(db.slice(2).map((c) => c._id));
		expect(calls).toHaveLength(1);
		// The next poll starts from the first one's result.
		expect(await t.poll()).toBeNull();
	});

	it('a contact committed late, behind the newest one reported, is still reported, once', async () => {
		const db = [at(1), at(2)];
		serveList(() => db);
		const t = trigger();
		await t.poll();
		const newest = at(20);
		db.push(newest);
		expect(ids(await t.poll())).toEqual([newest._id]);
		// Created 1.5 s before the newest one, but visible only now.
		const late = {
			...at(0),
			createdAt: new Date(Date.parse(newest.createdAt) - 1500).toISOString(),
		};
		db.push(late);
		expect(ids(await t.poll())).toEqual([late._id]);
		expect(await t.poll()).toBeNull();
	});

	it('a late update (same contact, an earlier updatedAt than the newest reported) is reported once', async () => {
		const db = [at(1), at(2), at(3)];
		serveList(() => db, 'updatedAt');
		const t = trigger({ event: 'updatedContact' });
		await t.poll();
		const later = (c: ReturnType<typeof at>, ms: number) => ({
			...c,
			updatedAt: new Date(Date.parse(c.createdAt) + ms).toISOString(),
		});
		db[2] = later(db[2], 10_000);
		expect(ids(await t.poll())).toEqual([db[2]._id]);
		db[1] = { ...db[1], updatedAt: new Date(Date.parse(db[2].updatedAt) - 1500).toISOString() };
		expect(ids(await t.poll())).toEqual([db[1]._id]);
		expect(await t.poll()).toBeNull();
	});

	it('after a burst sharing one timestamp, idle polls are one request once the window has passed; N new take ceil(N/100) + 1', async () => {
		const db = [at(1)];
		const calls = serveList(() => db);
		const t = trigger({ options: { lookBackSeconds: 0.2 } });
		await t.poll();
		for (const burst of [150, 300]) {
			const time = at(0).createdAt;
			const fresh = Array.from({ length: burst }, () => ({
				...at(0),
				createdAt: new Date(Date.parse(time) + 100_000 * burst).toISOString(),
			}));
			db.push(...fresh);
			calls.length = 0;
			expect(ids(await t.poll())).toHaveLength(burst);
			expect(calls.length).toBeLessThanOrEqual(Math.ceil(burst / 100) + 1);
			// The poll after the burst still looks back at it (the window trails that poll's time);
			// from the next one on, a poll with nothing new is one request.
			await sleep(300);
			calls.length = 0;
			expect(await t.poll()).toBeNull();
			expect(calls.length).toBeLessThanOrEqual(Math.ceil(burst / 100) + 1);
			for (let idle = 0; idle < 3; idle++) {
				calls.length = 0;
				expect(await t.poll()).toBeNull();
				expect(calls).toHaveLength(1);
			}
			const one = {
				...at(0),
				createdAt: new Date(Date.parse(fresh[0].createdAt) + 1).toISOString(),
			};
			db.push(one);
			calls.length = 0;
			expect(ids(await t.poll())).toEqual([one._id]);
			expect(calls.length).toBeLessThanOrEqual(2);
			await sleep(300);
		}
	});

	it('an error that is not a network fault is shown as what it is, not retried, and names no item', async () => {
		const db = [at(1)];
		serveList(() => db);
		const t = trigger();
		await t.poll();
		nock.cleanAll();
		const scope = nock(API)
			.get(LIST)
			.query(true)
			.replyWithError(new Error('No bridge acquired for this context'));
		await expect(t.poll()).rejects.toThrow(/^No bridge acquired for this context$/);
		scope.done();
	});

	it('a failed poll says what failed without "[item 0]" (a trigger has no input items)', async () => {
		const db = [at(1)];
		serveList(() => db);
		const t = trigger();
		await t.poll();
		nock.cleanAll();
		// The first answer and its 3 retries.
		nock(API).get(LIST).query(true).times(4).reply(500, { success: false, message: 'boom' });
		await expect(t.poll()).rejects.toThrow(/^A2V2 server error \(500\): boom$/);
	});

	it('Updated Contact reports only changes by default; Include Newly Created Contacts adds new ones', async () => {
		const db = [at(1)];
		serveList(() => db, 'updatedAt');
		const changesOnly = trigger({ event: 'updatedContact' });
		const everything = trigger({ event: 'updatedContact', includeNewContacts: true });
		await changesOnly.poll();
		await everything.poll();
		const created = at(30);
		db.push(created);
		expect(await changesOnly.poll()).toBeNull();
		expect(ids(await everything.poll())).toEqual([created._id]);
		const changed = {
			...created,
			updatedAt: new Date(Date.parse(created.createdAt) + 5000).toISOString(),
			firstName: 'Changed',
		};
		db[1] = changed;
		expect(ids(await changesOnly.poll())).toEqual([created._id]);
		expect(ids(await everything.poll())).toEqual([created._id]);
	});

	it('takes over the cursor of version 0.1.0 without repeating or skipping', async () => {
		const db = [at(1), at(2), at(3)];
		serveList(() => db);
		const t = trigger();
		t.staticData = {
			cursor: {
				setup: JSON.stringify(['createdAt', null, null]),
				time: db[2].createdAt,
				ids: [db[2]._id],
			},
		};
		expect(await t.poll()).toBeNull();
		const fresh = at(40);
		db.push(fresh);
		expect(ids(await t.poll())).toEqual([fresh._id]);
	});
});

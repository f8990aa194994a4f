/**
 * The A2V2 Trigger's Start From: the first poll after activation (or after the date changes)
 * reports every contact since the date, oldest first, each once, with the filters applied, reading
 * pages of 100; then it goes on as any poll.
 */
import nock from 'nock';

import { pollHarness } from '../harness/poll';
import { AGENT, API, credentials, setupNock } from './helpers';

setupNock();

const LIST = `/contacts/chatbots/${AGENT}`;
const T0 = Date.UTC(2099, 0, 1);
let seq = 0;
const contactAt = (second: number, extra: object = {}) => {
	seq++;
	const time = new Date(T0 + second * 1000).toISOString();
	return {
		_id: `65f1c0ffee0ddba11d${String(seq).padStart(6, '0')}`,
		createdAt: time,
		updatedAt: time,
		status: 'active',
		...extra,
	};
};
type Contact = ReturnType<typeof contactAt>;

/** The list endpoint over `contacts()`, newest first; `afterPage` may add contacts meanwhile. */
function serve(contacts: () => Contact[], afterPage?: (page: number) => void) {
	const calls: Array<Record<string, string>> = [];
	nock(API)
		.persist()
		.get(LIST)
		.query(true)
		.reply((uri) => {
			const q = Object.fromEntries(new URL(`http://x${uri}`).searchParams);
			calls.push(q);
			const all = contacts()
				.filter((c) => !q.status || c.status === q.status)
				.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
			const page = Number(q.page);
			const limit = Number(q.limit);
			afterPage?.(page);
			return [
				200,
				{
					success: true,
					data: all.slice((page - 1) * limit, page * limit),
					pagination: { hasNextPage: page * limit < all.length, totalItems: all.length },
				},
			];
		});
	return calls;
}

const startFrom = new Date(T0 + 1000 * 1000).toISOString();
const trigger = (options: object = { startFrom }, filters: object = {}) =>
	pollHarness({
		parameters: { event: 'newContact', simplify: false, filters, options },
		credentials,
	});
const ids = (items: Array<{ json: { _id?: unknown } }> | null) =>
	(items ?? []).map((i) => String(i.json._id));

it('reports the 250 contacts since the date, not the 250 before, and those arriving meanwhile', async () => {
	const before = Array.from({ length: 250 }, (_, i) => contactAt(i));
	const after = Array.from({ length: 250 }, (_, i) => contactAt(1000 + i));
	const all = [...before, ...after];
	const arriving: Contact[] = [];
	const calls = serve(
		() => all,
		(page) => {
			// Five contacts arrive while the backfill reads its second page.
			if (page === 2 && !arriving.length) {
				for (let i = 0; i < 5; i++) arriving.push(contactAt(5000 + i));
				all.push(...arriving);
			}
		},
	);
	const poll = trigger();
	const first = ids(await poll.poll());
	expect(first).toEqual(after.map((c) => c._id));
	expect(calls.every((q) => q.limit === '100' && q.sortBy === 'createdAt')).toBe(true);
	// The next poll reports what arrived during the backfill, and nothing twice.
	const second = ids(await poll.poll());
	expect(second.sort()).toEqual(arriving.map((c) => c._id).sort());
	expect(await poll.poll()).toBeNull();
});

it('applies the filters to the backfill', async () => {
	const blocked = contactAt(1100, { status: 'blocked' });
	const active = contactAt(1101);
	serve(() => [contactAt(10), blocked, active]);
	const poll = trigger({ startFrom }, { status: 'active' });
	expect(ids(await poll.poll())).toEqual([active._id]);
});

it('a changed date starts afresh from it; an unchanged one goes on', async () => {
	const old = contactAt(500);
	const recent = contactAt(1500);
	serve(() => [old, recent]);
	const poll = pollHarness({
		parameters: { event: 'newContact', simplify: false, options: { startFrom } },
		credentials,
	});
	expect(ids(await poll.poll())).toEqual([recent._id]);
	expect(await poll.poll()).toBeNull();
	const earlier = pollHarness({
		parameters: {
			event: 'newContact',
			simplify: false,
			options: { startFrom: new Date(T0).toISOString() },
		},
		credentials,
	});
	earlier.staticData = poll.staticData;
	expect(ids(await earlier.poll())).toEqual([old._id, recent._id]);
});

it('without a date, a first poll reports nothing (from the moment of activation)', async () => {
	serve(() => [contactAt(10), contactAt(20)]);
	expect(await trigger({}).poll()).toBeNull();
});

it('refuses a Start From that is not a date, before any request', async () => {
	await expect(trigger({ startFrom: 'next tuesday-ish' }).poll()).rejects.toThrow(
		'Start From: "next tuesday-ish" is not a date',
	);
});

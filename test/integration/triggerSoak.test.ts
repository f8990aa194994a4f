/* eslint-disable @n8n/community-nodes/no-restricted-globals --
   Test and benchmark code: it runs in Node on a developer's machine or in CI, never inside n8n;
   these rules guard the code that runs inside n8n (n8n Cloud's sandbox, credentials). */
/**
 * Soak: 5,000 contacts created in bursts (many sharing a millisecond) while the trigger polls
 * every 200 ms, with 5xx, 429 and whole-poll failures injected. Every contact is reported
 * exactly once.
 */
import { pollHarness } from '../harness/poll';
import { useLocalServer } from './local';

const local = useLocalServer();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('reports each of 5,000 contacts created during polling exactly once', async () => {
	const server = local.server();
	// A short look-back window, so that the soak also shows what the trigger remembers stays
	// bounded by the contacts of the window.
	const trigger = pollHarness({
		parameters: { event: 'newContact', simplify: true, options: { lookBackSeconds: 1 } },
		credentials: local.credentials(),
	});
	expect(await trigger.poll()).toBeNull();

	const created: string[] = [];
	let creating = true;
	const creator = (async () => {
		for (let burst = 0; burst < 20; burst++) {
			for (let chunk = 0; chunk < 5; chunk++) {
				// 50 at once: they share a millisecond (or a few).
				for (let i = 0; i < 50; i++) {
					const n = created.length;
					created.push(
						server.createContact({
							primaryEmail: `soak${n}@example.com`,
							externalReferenceId: `SOAK-${n}`,
						})._id,
					);
				}
				await sleep(5);
			}
			await sleep(100 + (burst % 4) * 100);
		}
		creating = false;
	})();

	const reported: string[] = [];
	let polls = 0;
	let failedPolls = 0;
	let pollsWhileCreating = 0;
	for (let idle = 0; creating || idle < 2;) {
		polls++;
		const list = { method: 'GET', path: '/contacts/chatbots' };
		if (polls % 7 === 0) server.addFault({ ...list, status: 503, message: 'Service unavailable' });
		if (polls % 11 === 0)
			server.addFault({
				...list,
				status: 429,
				headers: { 'Retry-After': '0' },
				message: 'Rate limit exceeded',
			});
		if (polls === 9) server.addFault({ ...list, status: 500, times: 4 });
		try {
			const items = await trigger.poll();
			const ids = (items ?? []).map((i) => String(i.json.id));
			reported.push(...ids);
			if (creating && ids.length) pollsWhileCreating++;
			idle = !creating && ids.length === 0 ? idle + 1 : 0;
		} catch (error) {
			failedPolls++;
			expect((error as Error).message).toContain('A2V2 server error (500)');
		}
		await sleep(200);
	}
	await creator;

	expect(created).toHaveLength(5000);
	expect(failedPolls).toBe(1);
	// Polling overlapped the bursts: several polls reported contacts while creation went on.
	expect(pollsWhileCreating).toBeGreaterThanOrEqual(5);
	expect(reported).toHaveLength(5000);
	expect(new Set(reported).size).toBe(5000);
	expect(new Set(reported)).toEqual(new Set(created));
	// The saved position stays small: the contacts of the last second (the window) only.
	const seen = Object.keys((trigger.staticData.cursor as { seen: object }).seen).length;
	expect(seen).toBeLessThan(1000);
	expect(JSON.stringify(trigger.staticData).length).toBeLessThan(1000 * 45);
}, 120_000);

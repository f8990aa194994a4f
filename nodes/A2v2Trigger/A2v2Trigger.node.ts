import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { filtersCollection } from '../fields/common';
import { contactStatusFilter, contactTagFilter } from '../fields/contact';
import { simplifyContact, simplifyField } from '../fields/output';
import { checkA2v2Credential } from '../transport/credentialCheck';
import { inputError } from '../transport/errors';
import { a2v2Request } from '../transport/request';
import { AGENT_TARGET, PAGE_SIZE } from '../transport/url';
import { advance, fromLegacy, isNew, mayContinueAfter, timeOf, type Cursor } from './cursor';

interface ListPage {
	data?: IDataObject[];
	pagination?: { hasNextPage?: boolean; totalItems?: number };
}

const EVENTS: Record<string, { field: string; label: string }> = {
	newContact: { field: 'createdAt', label: 'created' },
	updatedContact: { field: 'updatedAt', label: 'updated' },
};

/** How many times a poll starts its scan again when the list shrank under it. */
const MAX_RESCANS = 3;

/** The default look-back window: how late the API may commit a contact behind newer ones. */
const DEFAULT_LOOK_BACK_SECONDS = 60;

/**
 * The polls running in this process, by workflow and node. A poll that starts while an earlier
 * one of the same trigger still reads (a slow API, a backlog under a rate limit) would read the
 * same saved position and report the same contacts: it reports nothing instead, and the next
 * poll starts from the earlier one's result.
 */
const running = new Set<string>();

type ReadPage = (n: number, limit?: number) => Promise<ListPage>;

/**
 * One poll of an activated trigger: reads the list newest first, only down to the settled point
 * (one request when nothing is new), and returns the contacts not reported before, oldest first.
 * The saved position moves only when the whole poll succeeded (n8n keeps the static data of a
 * failed poll out).
 */
async function pollOnce(
	context: IPollFunctions,
	{
		field,
		setup,
		page,
		lookBackMs,
		startFrom,
	}: { field: string; setup: string; page: ReadPage; lookBackMs: number; startFrom?: number },
): Promise<IDataObject[] | null> {
	const staticData = context.getWorkflowStaticData('node');
	const now = Date.now();
	const raw = staticData.cursor as IDataObject | undefined;
	let saved =
		raw && 'seen' in raw ? (raw as unknown as Cursor) : raw ? fromLegacy(raw, now) : undefined;

	if ((!saved || saved.setup !== setup) && startFrom !== undefined) {
		// Start From: this poll reads back to the date and reports everything since, oldest first,
		// as any poll reports what is new since its settled point.
		saved = { setup, settled: startFrom, seen: {}, newest: null };
	}
	if (!saved || saved.setup !== setup) {
		// First activation (or a changed setup): start from now, without reporting the past. The
		// contacts of the first page are remembered; any beyond it are older than its last one.
		const answer = await page(1);
		const first = answer.data ?? [];
		const last = first[first.length - 1];
		const settled = answer.pagination?.hasNextPage && last ? timeOf(last, field) + 1 : null;
		const start: Cursor = { setup, settled, seen: {}, newest: null };
		staticData.cursor = advance(
			start,
			first,
			first[0],
			field,
			lookBackMs,
			now,
		) as unknown as IDataObject;
		return null;
	}

	let found: IDataObject[] = [];
	let top: IDataObject | undefined;
	for (let scan = 0; ; scan++) {
		const read = new Set<string>();
		found = [];
		top = undefined;
		let total: number | undefined;
		let shrank = false;
		for (let n = 1; ; n++) {
			const answer = await page(n);
			const contacts = answer.data ?? [];
			top = top ?? contacts[0];
			const pageTotal = answer.pagination?.totalItems;
			// Contacts that leave the list while it is read move the ones below them up, and one
			// could slip past a page boundary: read it again from the top.
			if (total !== undefined && pageTotal !== undefined && pageTotal < total) shrank = true;
			total = pageTotal ?? total;
			for (const c of contacts) {
				const id = String(c._id);
				if (!read.has(id) && isNew(saved, c, field)) found.push(c);
				read.add(id);
			}
			const last = contacts[contacts.length - 1];
			if (
				shrank ||
				!last ||
				!answer.pagination?.hasNextPage ||
				!mayContinueAfter(saved, last, field)
			)
				break;
		}
		if (!shrank || scan >= MAX_RESCANS) break;
	}

	found.sort((a, b) => timeOf(a, field) - timeOf(b, field));
	const next = advance(saved, found, top, field, lookBackMs, now);
	if (found.length || JSON.stringify(next) !== JSON.stringify(raw))
		staticData.cursor = next as unknown as IDataObject;
	return found.length ? found : null;
}

/** The Start From option as a time (ms), refused when it is not a date. */
function startFromOf(context: IPollFunctions, value: unknown): number | undefined {
	const text = String(
		(value as { toISO?: () => string } | undefined)?.toISO?.() ?? value ?? '',
	).trim();
	if (!text) return undefined;
	const time = Date.parse(text);
	if (!Number.isFinite(time))
		throw inputError(context.getNode(), undefined, 'Start From', `"${text}" is not a date`);
	return time;
}

export class A2v2Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'A2V2 Trigger',
		name: 'a2v2Trigger',
		icon: { light: 'file:../../icons/a2v2.svg', dark: 'file:../../icons/a2v2.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] === "updatedContact" ? "Updated Contact" : "New Contact" }}',
		description: 'Starts the workflow when a contact is created or updated in the A2V2 CRM',
		defaults: { name: 'A2V2 Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'a2v2Api', required: true, testedBy: 'a2v2ApiConnectionTest' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'New Contact', value: 'newContact', description: 'A contact was created' },
					{
						name: 'Updated Contact',
						value: 'updatedContact',
						description: 'A contact was changed',
					},
				],
				default: 'newContact',
			},
			{
				displayName: 'Include Newly Created Contacts',
				name: 'includeNewContacts',
				type: 'boolean',
				default: false,
				displayOptions: { show: { event: ['updatedContact'] } },
				description:
					'Whether a contact that was created and not changed since (its updated time equals its created time) also starts the workflow. Off: only changes to existing contacts do.',
			},
			filtersCollection([contactStatusFilter, contactTagFilter]),
			simplifyField,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Look-Back Window (Seconds)',
						name: 'lookBackSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_LOOK_BACK_SECONDS,
						description:
							'How far behind the newest contact a poll still looks for contacts that A2V2 committed late (two writers, a slow transaction). Each one is still reported once. A larger window costs a list request per 100 contacts that arrive within it.',
					},
					{
						displayName: 'Start From',
						name: 'startFrom',
						type: 'dateTime',
						default: '',
						description:
							'Also report the contacts created (or, for Updated Contact, changed) since this date and time: the first poll after activation, or after this changes, reports them all, oldest first, each once. Without it, the trigger starts from the moment it is activated.',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: { a2v2ApiConnectionTest: checkA2v2Credential },
	};

	/**
	 * Reads the contact list newest first, only as far as the point it reported last, and
	 * reports each contact after that point exactly once, oldest first. The saved position
	 * moves only when the whole poll succeeded (n8n keeps the static data of failed polls out).
	 */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event =
			EVENTS[this.getNodeParameter('event', 'newContact') as string] ?? EVENTS.newContact;
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		const qs: IDataObject = { sortBy: event.field, sortOrder: 'desc' };
		if (filters.status) qs.status = filters.status;
		if (String(filters.tag ?? '').trim()) qs.tag = String(filters.tag).trim();
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const startFrom = startFromOf(this, options.startFrom);
		// A changed Start From starts afresh from the new date; without one, a cursor saved before
		// the option existed keeps its place.
		const setup = JSON.stringify([
			event.field,
			qs.status ?? null,
			qs.tag ?? null,
			...(startFrom === undefined ? [] : [startFrom]),
		]);
		const output = (contacts: IDataObject[]) => [
			contacts.map((c) => ({ json: simplify ? simplifyContact(c) : c })),
		];

		const page = async (n: number, limit = PAGE_SIZE): Promise<ListPage> =>
			(
				await a2v2Request.call(this, {
					method: 'GET',
					path: '/contacts/chatbots/{agentId}',
					target: AGENT_TARGET,
					qs: { ...qs, page: n, limit },
				})
			).body as ListPage;

		if (this.getMode() === 'manual') {
			const newest = (await page(1, 1)).data ?? [];
			if (!newest.length) {
				throw new NodeOperationError(
					this.getNode(),
					`There is no contact yet that matches this trigger: ${event.label} contacts will start the workflow once they exist`,
				);
			}
			return output(newest);
		}

		const seconds = Number(options.lookBackSeconds ?? DEFAULT_LOOK_BACK_SECONDS);
		const lookBackMs =
			Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_LOOK_BACK_SECONDS * 1000;
		const includeNew = this.getNodeParameter('includeNewContacts', false) as boolean;

		const key = `${this.getWorkflow().id ?? ''}\u0000${this.getNode().id}`;
		if (running.has(key)) return null;
		running.add(key);
		let found: IDataObject[] | null;
		try {
			found = await pollOnce(this, { field: event.field, setup, page, lookBackMs, startFrom });
		} finally {
			running.delete(key);
		}
		// Updated Contact: a contact that was only created carries updatedAt = createdAt.
		const reported = (found ?? []).filter(
			(c) =>
				event.field !== 'updatedAt' ||
				includeNew ||
				timeOf(c, 'updatedAt') !== timeOf(c, 'createdAt'),
		);
		return reported.length ? output(reported) : null;
	}
}

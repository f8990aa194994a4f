import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	contactStatusFilter,
	contactTagFilter,
	simplifyContact,
	simplifyField,
} from '../A2v2/resources/contact/shared';
import { filtersCollection } from '../shared/descriptions';
import { a2v2ConnectionTest } from '../shared/credentialTest';
import { PAGE_SIZE } from '../shared/routing';
import { a2v2Request } from '../shared/transport';
import { advance, isNew, mayContinueAfter, timeOf, type Cursor } from './cursor';

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

export class A2v2Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'A2V2 Trigger',
		name: 'a2v2Trigger',
		icon: { light: 'file:../A2v2/a2v2.svg', dark: 'file:../A2v2/a2v2.dark.svg' },
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
					{ name: 'Updated Contact', value: 'updatedContact', description: 'A contact was changed' },
				],
				default: 'newContact',
			},
			filtersCollection([contactStatusFilter, contactTagFilter]),
			simplifyField,
		],
	};

	methods = {
		credentialTest: { a2v2ApiConnectionTest: a2v2ConnectionTest },
	};

	/**
	 * Reads the contact list newest first, only as far as the point it reported last, and
	 * reports each contact after that point exactly once, oldest first. The saved position
	 * moves only when the whole poll succeeded (n8n keeps the static data of failed polls out).
	 */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = EVENTS[this.getNodeParameter('event', 'newContact') as string] ?? EVENTS.newContact;
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		const qs: IDataObject = { sortBy: event.field, sortOrder: 'desc' };
		if (filters.status) qs.status = filters.status;
		if (String(filters.tag ?? '').trim()) qs.tag = String(filters.tag).trim();
		const setup = JSON.stringify([event.field, qs.status ?? null, qs.tag ?? null]);
		const output = (contacts: IDataObject[]) => [
			contacts.map((c) => ({ json: simplify ? simplifyContact(c) : c })),
		];

		const page = async (n: number, limit = PAGE_SIZE): Promise<ListPage> =>
			(await a2v2Request.call(this, { method: 'GET', path: '/contacts/chatbots/{agentId}', qs: { ...qs, page: n, limit } }))
				.body as ListPage;

		if (this.getMode() === 'manual') {
			const newest = (await page(1, 1)).data ?? [];
			if (!newest.length) {
				throw new NodeOperationError(this.getNode(), `There is no contact yet that matches this trigger: ${event.label} contacts will start the workflow once they exist`);
			}
			return output(newest);
		}

		const staticData = this.getWorkflowStaticData('node');
		const saved = staticData.cursor as Cursor | undefined;

		if (!saved || saved.setup !== setup) {
			// First activation (or a changed setup): start from now, without reporting the past.
			const first = (await page(1)).data ?? [];
			const top = first.filter((c) => timeOf(c, event.field) === timeOf(first[0], event.field));
			staticData.cursor = advance({ setup, time: null, ids: [] }, top, event.field);
			return null;
		}

		let found: IDataObject[] = [];
		for (let scan = 0; ; scan++) {
			const seen = new Set<string>();
			found = [];
			let total: number | undefined;
			let shrank = false;
			for (let n = 1; ; n++) {
				const answer = await page(n);
				const contacts = answer.data ?? [];
				const pageTotal = answer.pagination?.totalItems;
				// Contacts that leave the list while it is read move the ones below them up,
				// and one could slip past a page boundary: read it again from the top.
				if (total !== undefined && pageTotal !== undefined && pageTotal < total) shrank = true;
				total = pageTotal ?? total;
				for (const c of contacts) {
					const id = String(c._id);
					if (!seen.has(id) && isNew(saved, c, event.field)) found.push(c);
					seen.add(id);
				}
				const last = contacts[contacts.length - 1];
				if (shrank || !last || !answer.pagination?.hasNextPage || !mayContinueAfter(saved, last, event.field)) break;
			}
			if (!shrank || scan >= MAX_RESCANS) break;
		}

		if (!found.length) return null;
		found.sort((a, b) => timeOf(a, event.field) - timeOf(b, event.field));
		staticData.cursor = advance(saved, found, event.field);
		return output(found);
	}
}

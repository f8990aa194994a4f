import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { requestSettings } from '../../../shared/pipeline';
import { AGENT_TARGET } from '../../../shared/paths';
import { forEachItem } from '../../../shared/perItem';
import { a2v2Data } from '../../../shared/transport';
import { contactBody, createFields } from './body';
import { simplifyContact, simplifyField } from '../../../shared/contact';

export const create = defineOperation('contact', {
	value: 'create',
	name: 'Create',
	action: 'Create a contact',
	description:
		"Create a contact in the agent's CRM. primaryEmail is required; custom fields go under customFields. Fails if the external reference ID is already used.",
	// A custom operation: a write done once per input item is where n8n's declarative routing,
	// which resolves every field of the node for every item, costs most.
	execute: executeCreate,
	fields: [...createFields, simplifyField],
});

/** Create, for every input item. */
async function executeCreate(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	return await forEachItem.call(this, async (itemIndex, get) => {
		const body = contactBody(node, itemIndex, get, items[itemIndex].json, { create: true });
		const contact = (await a2v2Data.call(this, {
			method: 'POST',
			path: '/contacts/chatbots/{agentId}',
			target: AGENT_TARGET,
			body,
			itemIndex,
			settings: requestSettings.call(this, itemIndex, get),
		})) as IDataObject;
		return get('simplify', true) ? simplifyContact(contact) : contact;
	});
}

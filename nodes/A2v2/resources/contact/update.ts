import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { requestSettings } from '../../../shared/pipeline';
import { forEachItem } from '../../../shared/perItem';
import { a2v2Data } from '../../../shared/transport';
import { contactBody, updateFields } from './body';
import {
	contactLocator,
	contactAddress,
	simplifyContact,
	simplifyField,
	type ContactRef,
} from '../../../shared/contact';

export const update = defineOperation('contact', {
	value: 'update',
	name: 'Update',
	action: 'Update a contact',
	description:
		'Change some fields of an existing contact, found by external reference ID or A2V2 ID. Only the fields given are sent; the others are kept.',
	// A custom operation, as Create is.
	execute: executeUpdate,
	fields: [contactLocator, ...updateFields, simplifyField],
});

/** Update, for every input item. */
async function executeUpdate(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	return await forEachItem.call(this, async (itemIndex, get) => {
		const { path, target } = contactAddress(
			node,
			itemIndex,
			get('contact', { mode: 'list', value: '' }) as ContactRef,
		);
		const body = contactBody(node, itemIndex, get, items[itemIndex].json, { create: false });
		const contact = (await a2v2Data.call(this, {
			method: 'PUT',
			path,
			target,
			body,
			itemIndex,
			settings: requestSettings.call(this, itemIndex, get),
		})) as IDataObject;
		return get('simplify', true) ? simplifyContact(contact) : contact;
	});
}

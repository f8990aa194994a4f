import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { contactAddress } from '../../../fields/contact';
import type { Address } from '../../../transport/url';
import type { Item } from '../../../operations/item';
import { pathParameter, pathSegment } from '../../../transport/url';

export const fileIdField: INodeProperties = {
	displayName: 'File ID',
	name: 'fileId',
	type: 'string',
	required: true,
	default: '',
	description: 'The ID of the file, as Upload or Get Many return it (_ID)',
};

/**
 * The files of an item's contact: their path, by the contact's A2V2 ID, and the contact in the
 * user's words. Contact files are addressed by A2V2 ID only: a contact given by external
 * reference ID is looked up first, once per node run however many items name it (a failed
 * lookup is not kept).
 */
export async function contactFiles(item: Item): Promise<Address> {
	const contact = contactAddress(item);
	const filesOf = (id: string) => ({
		path: `/files/chatbots/{agentId}/${id}`,
		target: contact.target,
	});
	if (contact.a2v2Id) return filesOf(contact.a2v2Id);
	const id = await item.run.shared(`contact ${contact.path}`, async () => {
		const found = await item.data<IDataObject>({
			method: 'GET',
			path: contact.path,
			target: contact.target,
		});
		return pathSegment(found._id, 'The contact ID');
	});
	return filesOf(id);
}

/** `/files/chatbots/{agentId}/<contact>/files/<file><suffix>` for an item's contact and file. */
export async function fileAddress(item: Item, suffix = ''): Promise<Address> {
	const files = await contactFiles(item);
	const fileId = item.param<unknown>('fileId', '');
	return {
		path: `${files.path}/files/${pathParameter(item.node, item.index, 'File ID', fileId)}${suffix}`,
		target: `file "${String(fileId)}" of the ${files.target}`,
	};
}

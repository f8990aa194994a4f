import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INode,
	INodeProperties,
} from 'n8n-workflow';

import { requestSettings } from '../../../shared/pipeline';
import { a2v2Data, type A2V2Context } from '../../../shared/transport';
import { pathSegment } from '../../../shared/url';
import { addressTo, pathParameter, type Address } from '../../../shared/paths';
import { contactAddress, type ContactRef } from '../../../shared/contact';

export const fileIdField: INodeProperties = {
	displayName: 'File ID',
	name: 'fileId',
	type: 'string',
	required: true,
	default: '',
	description: 'The ID of the file, as Upload or Get Many return it (_ID)',
};

/** Lookups of one execution, shared by its items; bounded, oldest dropped first. */
const lookups = new Map<string, Promise<string>>();
const MAX_LOOKUPS = 1000;

/**
 * The chosen contact's files: their path, by the contact's A2V2 ID (contact files are addressed
 * by A2V2 ID only: an external reference ID is resolved first, once per execution and node
 * however many items name the same contact; a failed lookup is not kept), and the contact in the
 * user's words.
 */
async function contactFiles(
	context: A2V2Context,
	node: INode,
	itemIndex: number,
	ref: ContactRef,
): Promise<Address> {
	const contact = contactAddress(node, itemIndex, ref);
	const filesOf = (id: string) => ({
		path: `/files/chatbots/{agentId}/${id}`,
		target: contact.target,
	});
	if (contact.a2v2Id) return filesOf(contact.a2v2Id);
	const lookup = async () => {
		const found = (await a2v2Data.call(context, {
			method: 'GET',
			path: contact.path,
			target: contact.target,
			itemIndex,
			settings: requestSettings.call(context, itemIndex),
		})) as IDataObject;
		return pathSegment(found._id, 'The contact ID');
	};
	const executionId = 'getExecutionId' in context ? context.getExecutionId() : undefined;
	if (!executionId) return filesOf(await lookup());
	// One node has one credential (n8n reads it per node, not per item): the execution and the
	// node name the key and agent, without a credential read per item.
	const key = [executionId, node.id, contact.path].join('\u0000');
	let pending = lookups.get(key);
	if (!pending) {
		pending = lookup();
		lookups.set(key, pending);
		pending.catch(() => lookups.delete(key));
		if (lookups.size > MAX_LOOKUPS) lookups.delete(lookups.keys().next().value as string);
	}
	return filesOf(await pending);
}

/** One file of the contact's files, by the item's File ID. */
function fileOf(files: Address, node: INode, itemIndex: number, fileId: unknown, suffix: string) {
	return {
		path: `${files.path}/files/${pathParameter(node, itemIndex, 'File ID', fileId)}${suffix}`,
		target: `file "${String(fileId)}" of the ${files.target}`,
	};
}

/** `/files/chatbots/{agentId}/<contact>[/files/<file>]` for this item's contact (and file). */
export async function filesAddress(
	this: IExecuteSingleFunctions,
	withFile: boolean,
	suffix = '',
): Promise<Address> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const files = await contactFiles(
		this,
		node,
		itemIndex,
		this.getNodeParameter('contact', { mode: 'list', value: '' }) as ContactRef,
	);
	if (!withFile) return files;
	return fileOf(files, node, itemIndex, this.getNodeParameter('fileId', ''), suffix);
}

/** The same, for custom operations: this item's file. */
export async function fileAddressFor(
	this: IExecuteFunctions,
	itemIndex: number,
	suffix = '',
): Promise<Address> {
	const node = this.getNode();
	const files = await contactFiles(
		this,
		node,
		itemIndex,
		this.getNodeParameter('contact', itemIndex, { mode: 'list', value: '' }) as ContactRef,
	);
	return fileOf(files, node, itemIndex, this.getNodeParameter('fileId', itemIndex, ''), suffix);
}

/** preSend: addresses this item's contact's files (or, with `withFile`, its file). */
export function toFiles(withFile: boolean, suffix = '') {
	return async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
		return addressTo(options, await filesAddress.call(this, withFile, suffix));
	};
}

import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	INode,
	INodeProperties,
} from 'n8n-workflow';

import { requestSettings } from '../../../shared/pipeline';
import { a2v2Data, type A2V2Context } from '../../../shared/transport';
import { pathSegment } from '../../../shared/url';
import { pathParameter } from '../../../shared/paths';
import { contactPathOf, type ContactRef } from '../../../shared/contact';

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
 * The A2V2 ID of the chosen contact, as a path segment. Contact files are addressed by A2V2 ID
 * only: an external reference ID is resolved first, once per execution and node however many
 * items name the same contact (a failed lookup is not kept).
 */
async function resolveContactId(
	context: A2V2Context,
	node: INode,
	itemIndex: number,
	ref: ContactRef,
): Promise<string> {
	const path = contactPathOf(node, itemIndex, ref);
	const byId = /^\/contacts\/mantisid\/([^/]+)\//.exec(path);
	if (byId) return byId[1];
	const lookup = async () => {
		const contact = (await a2v2Data.call(context, {
			method: 'GET',
			path,
			itemIndex,
			settings: requestSettings.call(context, itemIndex),
		})) as IDataObject;
		return pathSegment(contact._id, 'The contact ID');
	};
	const executionId = 'getExecutionId' in context ? context.getExecutionId() : undefined;
	if (!executionId) return await lookup();
	const credentials = await context.getCredentials('a2v2Api');
	const key = [executionId, node.id, credentials.baseUrl, credentials.agentId, path].join('\u0000');
	let pending = lookups.get(key);
	if (!pending) {
		pending = lookup();
		lookups.set(key, pending);
		pending.catch(() => lookups.delete(key));
		if (lookups.size > MAX_LOOKUPS) lookups.delete(lookups.keys().next().value as string);
	}
	return await pending;
}

function fileIdSegment(node: INode, itemIndex: number, value: unknown): string {
	return pathParameter(node, itemIndex, 'File ID', value);
}

/** `/files/chatbots/{agentId}/<contact>[/files/<file>]` for this item's contact (and file). */
export async function filesPath(
	this: IExecuteSingleFunctions,
	withFile: boolean,
	suffix = '',
): Promise<string> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const contact = await resolveContactId(
		this,
		node,
		itemIndex,
		this.getNodeParameter('contact', { mode: 'list', value: '' }) as ContactRef,
	);
	const base = `/files/chatbots/{agentId}/${contact}`;
	if (!withFile) return base;
	return `${base}/files/${fileIdSegment(node, itemIndex, this.getNodeParameter('fileId', ''))}${suffix}`;
}

/** The same, for custom operations. */
export async function filesPathFor(
	this: IExecuteFunctions,
	itemIndex: number,
	suffix = '',
): Promise<string> {
	const node = this.getNode();
	const contact = await resolveContactId(
		this,
		node,
		itemIndex,
		this.getNodeParameter('contact', itemIndex, { mode: 'list', value: '' }) as ContactRef,
	);
	const file = fileIdSegment(node, itemIndex, this.getNodeParameter('fileId', itemIndex, ''));
	return `/files/chatbots/{agentId}/${contact}/files/${file}${suffix}`;
}

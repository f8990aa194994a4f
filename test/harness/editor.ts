/**
 * What n8n's editor calls: loadOptions, listSearch and resourceMapping through
 * LoadOptionsContext, and the credential's connection test through CredentialTestContext.
 */
import { CredentialTestContext, LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialsDecrypted,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	ResourceMapperFields,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { additionalDataFor, withDefaults, type CredentialData } from './credentials';
import { loadedTypes, makeNode, nodeTypes, NODE_TYPE, type Parameters } from './nodeTypes';

function loadOptionsContext(
	type: string,
	parameters: Parameters,
	credentials: CredentialData,
	path: string,
) {
	const node = makeNode(type, parameters as INodeParameters);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return new LoadOptionsContext(workflow, node, additionalDataFor(credentials), path);
}

/** Calls `methods.listSearch[method]` as the editor does for a resource locator's list. */
export async function listSearch(
	method: string,
	options: {
		parameters: Parameters;
		credentials: CredentialData;
		filter?: string;
		paginationToken?: string;
		type?: string;
	},
): Promise<INodeListSearchResult> {
	const type = options.type ?? NODE_TYPE;
	const fn = loadedTypes[type].methods?.listSearch?.[method];
	if (!fn) throw new Error(`no listSearch method ${method}`);
	const context = loadOptionsContext(
		type,
		options.parameters,
		options.credentials,
		'parameters.contact',
	);
	return await fn.call(context, options.filter, options.paginationToken);
}

/** Calls `methods.resourceMapping[method]` as the editor does when a mapper opens. */
export async function resourceMapping(
	method: string,
	options: { parameters: Parameters; credentials: CredentialData; type?: string },
): Promise<ResourceMapperFields> {
	const type = options.type ?? NODE_TYPE;
	const fn = loadedTypes[type].methods?.resourceMapping?.[method];
	if (!fn) throw new Error(`no resourceMapping method ${method}`);
	return await fn.call(
		loadOptionsContext(type, options.parameters, options.credentials, 'parameters.x'),
	);
}

/** Calls `methods.loadOptions[method]`. */
export async function loadOptions(
	method: string,
	options: { parameters: Parameters; credentials: CredentialData; type?: string },
): Promise<INodePropertyOptions[]> {
	const type = options.type ?? NODE_TYPE;
	const fn = loadedTypes[type].methods?.loadOptions?.[method];
	if (!fn) throw new Error(`no loadOptions method ${method}`);
	return await fn.call(
		loadOptionsContext(type, options.parameters, options.credentials, 'parameters.x'),
	);
}

/** Runs the connection test the nodes name in `testedBy`, as n8n's credential tester does. */
export async function testCredential(data: CredentialData) {
	const type = loadedTypes[NODE_TYPE];
	const testedBy = type.description.credentials?.find((c) => c.name === 'a2v2Api')
		?.testedBy as string;
	const fn = type.methods?.credentialTest?.[testedBy];
	if (!fn) throw new Error('the node names no connection test');
	const credential: ICredentialsDecrypted = {
		id: 'cred-1',
		name: 'A2V2 account',
		type: 'a2v2Api',
		data: withDefaults('a2v2Api', data),
	};
	return await fn.call(new CredentialTestContext(additionalDataFor(data)), credential);
}

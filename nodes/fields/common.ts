import type { INodeProperties } from 'n8n-workflow';

/**
 * Field definitions that more than one operation (or both nodes) use. Each field is defined once,
 * here or beside the resource that owns it.
 */

/**
 * The node's Request Options. n8n adds its own Batching, Ignore SSL Issues, Proxy and Timeout
 * to this collection when it loads the node.
 */
export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Rate-Limit Wait (Seconds)',
			name: 'maxRateLimitWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 300,
			description:
				"How long one request may wait for the API key's rate limit (HTTP 429) before it fails",
		},
		{
			displayName: 'Retries on Server Errors',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 3,
			description:
				'How many times a read or an idempotent write is repeated after a server error or a network fault. Creates are never repeated blindly.',
		},
	],
};

/** The "Filters" collection of a list operation or the trigger. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options,
	};
}

/** A field sent as the query parameter of its own name. */
export function asQueryParameter(field: INodeProperties): INodeProperties {
	return { ...field, routing: { send: { type: 'query', property: field.name } } };
}

/** The "Sort" collection of a list operation: Sort By (these fields) and Sort Order. */
export function sortCollection(sortBy: Array<{ name: string; value: string }>): INodeProperties {
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add Sort Option',
		default: {},
		options: [
			asQueryParameter({
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				options: sortBy,
				default: 'createdAt',
			}),
			asQueryParameter({
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
				default: 'desc',
			}),
		],
	};
}

/** The input binary field of an operation that sends a file. */
export const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the input binary field containing the file',
};

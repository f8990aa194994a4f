import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodePropertyRouting,
} from 'n8n-workflow';

/** An operation that runs with its own code, for all input items at once. */
export type CustomOperation = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

/** One operation of a resource: its option in the Operation list, its own fields, its code. */
export interface OperationDefinition {
	option: INodePropertyOptions;
	fields: INodeProperties[];
	/** Set for a custom operation; a declarative one has routing instead. */
	execute?: CustomOperation;
}

/** Shows `fields` only for this resource and operation. */
function scoped(resource: string, operation: string, fields: INodeProperties[]): INodeProperties[] {
	return fields.map((field) => {
		const show: IDisplayOptions['show'] = {
			...(field.displayOptions?.show ?? {}),
			resource: [resource],
			operation: [operation],
		};
		return { ...field, displayOptions: { ...field.displayOptions, show } };
	});
}

/**
 * Declares an operation: declarative with `routing` (which sets `paginate`, so that RoutingNode
 * hands its request to the node's pagination function, the shared request pipeline in
 * pipeline.ts), or custom with `execute`.
 */
export function defineOperation(
	resource: string,
	definition: {
		value: string;
		name: string;
		action: string;
		description: string;
		fields?: INodeProperties[];
	} & (
		| { routing: INodePropertyRouting; execute?: never }
		| { execute: CustomOperation; routing?: never }
	),
): OperationDefinition {
	const { value, name, action, description } = definition;
	const routing = definition.routing ?? {};
	return {
		option: {
			value,
			name,
			action,
			description,
			routing: { ...routing, send: { ...routing.send, paginate: true } },
		},
		fields: scoped(resource, value, definition.fields ?? []),
		execute: definition.execute,
	};
}

/** A resource of the node: its Operation selector with every operation's fields, and its code. */
export interface ResourceDefinition {
	properties: INodeProperties[];
	/** The custom operations, by operation value, as the node's `customOperations` takes them. */
	customOperations: Record<string, CustomOperation>;
}

export function defineResource(
	resource: string,
	defaultOperation: string,
	operations: OperationDefinition[],
): ResourceDefinition {
	const customOperations: Record<string, CustomOperation> = {};
	for (const o of operations) if (o.execute) customOperations[String(o.option.value)] = o.execute;
	return {
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [resource] } },
				options: operations.map((o) => o.option).sort((a, b) => a.name.localeCompare(b.name)),
				default: defaultOperation,
			},
			...operations.flatMap((o) => o.fields),
		],
		customOperations,
	};
}

/**
 * The node's canvas subtitle: what the user chose, in words ("Create or Update: Contact"), from
 * the Resource and Operation lists themselves. Built as one flat lookup (no nested braces, which
 * would end n8n's expression early); n8n adds Custom API Call to the lists after this is built.
 */
export function subtitleFor(properties: INodeProperties[]): string {
	const resource = properties.find((p) => p.name === 'resource');
	const resourceNames = new Map(
		(resource?.options as INodePropertyOptions[]).map((o) => [o.value, o.name]),
	);
	const words: Record<string, string> = {};
	for (const p of properties) {
		if (p.name !== 'operation') continue;
		for (const r of (p.displayOptions?.show?.resource as string[] | undefined) ?? []) {
			for (const o of p.options as INodePropertyOptions[])
				words[`${r}:${String(o.value)}`] = `${o.name}: ${resourceNames.get(r)}`;
		}
	}
	const operation = '$parameter["operation"]';
	return `={{ ${JSON.stringify(words)}[$parameter["resource"] + ":" + ${operation}] || (${operation} === "__CUSTOM_API_CALL__" ? "Custom API Call" : ${operation}) }}`;
}

/** Return All and Limit, for every list operation. The pipeline pages with them. */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

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

import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodePropertyRouting,
} from 'n8n-workflow';

import { routedExecute, runEachItem, type Execute } from './runner';

/**
 * How an operation is declared, and which code runs it when.
 *
 * An operation is declarative (`routing`) when each item is one request whose address comes from
 * its fields and whose query or body are fields sent as they are; RoutingNode builds the request
 * and hands it to the pipeline (declarative.ts). It is coded (`execute`, one function per item)
 * when its body has to be built or checked by code (contact and form data, files), when an item
 * takes more than one request, or when its output is binary data.
 *
 * A coded operation is registered twice, here and nowhere else:
 * - as a custom operation, which n8n's workflow engine runs for all the items of a node run
 *   (`runEachItem`): every regular execution, and AI Agent 3's tool calls, which n8n runs as
 *   executions of the tool node;
 * - as its option's routing, whose pagination hook runs it for one item (`routedExecute`):
 *   n8n runs a node through RoutingNode without looking at custom operations when it invokes a
 *   tool in-process (AI Agent 1.x and 2.x, the MCP Server Trigger).
 * Both give the function the same `Item`, so both send the same requests and give the same
 * output and errors.
 */

/** A list operation as a tool returns this many results unless told otherwise. */
export const TOOL_MAX_RESULTS = 10;

/** An operation that runs with its own code, as n8n's `customOperations` takes it. */
export type CustomOperation = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

interface OperationSpec {
	value: string;
	name: string;
	/** The action in n8n's nodes panel ("Create a contact"). */
	action: string;
	/** Shown under the operation in the editor. */
	description: string;
	/**
	 * What a model reads about the operation when the node runs as an AI tool: what it does,
	 * what it needs and what it returns. It is the default of the tool's Description field.
	 */
	toolDescription: string;
	/** Its fields; a list operation includes `listFields`, which the pipeline pages by. */
	fields?: INodeProperties[];
}

type Declarative = OperationSpec & { routing: INodePropertyRouting; execute?: never };
type Coded = OperationSpec & {
	execute: Execute;
	/** Starts every item at once: for an operation that gathers items into batches. */
	allItemsAtOnce?: boolean;
	routing?: never;
};

/** One operation of a resource: its option in the Operation list, its fields, its code. */
export interface OperationDefinition {
	option: INodePropertyOptions;
	fields: INodeProperties[];
	custom?: CustomOperation;
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

const asTool = { '@tool': [true] };
const notAsTool = { '@tool': [false] };

/**
 * The fields of a list operation: Return All and Limit in a workflow; Max Results as a tool, where
 * a smaller answer serves a model. The pipeline (declarative.ts) pages by whichever is shown.
 */
export const listFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: notAsTool },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false], ...notAsTool } },
	},
	{
		displayName: 'Max Results',
		name: 'maxResults',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: TOOL_MAX_RESULTS,
		description:
			'Max number of results the agent gets; a small number keeps its context small. Let the agent choose with an expression such as {{ $fromAI("maxResults", "how many results", "number") }}.',
		displayOptions: { show: asTool },
	},
];

/** The tool's Description field, shown only when the node runs as a tool. */
function toolDescriptionField(text: string): INodeProperties {
	return {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		typeOptions: { rows: 3 },
		default: text,
		description:
			'What the AI model reads about this tool: what it does, what it needs and what it returns',
		displayOptions: { show: asTool },
	};
}

/** Declares an operation, declarative with `routing` or coded with `execute` (see above). */
export function defineOperation(
	resource: string,
	definition: Declarative | Coded,
): OperationDefinition {
	const { value, name, action, description } = definition;
	const fields = [toolDescriptionField(definition.toolDescription), ...(definition.fields ?? [])];
	if (definition.execute) {
		const { execute, allItemsAtOnce } = definition;
		return {
			option: {
				value,
				name,
				action,
				description,
				routing: { send: { paginate: true }, operations: { pagination: routedExecute(execute) } },
			},
			fields: scoped(resource, value, fields),
			custom: async function (this: IExecuteFunctions) {
				return await runEachItem.call(this, execute, { allAtOnce: allItemsAtOnce });
			},
		};
	}
	const routing = definition.routing;
	return {
		// `paginate` hands the request RoutingNode built to the pipeline (declarative.ts).
		option: {
			value,
			name,
			action,
			description,
			routing: { ...routing, send: { ...routing.send, paginate: true } },
		},
		fields: scoped(resource, value, fields),
	};
}

/** A resource of the node: its Operation selector with every operation's fields, and its code. */
export interface ResourceDefinition {
	properties: INodeProperties[];
	/** The coded operations, by operation value, as the node's `customOperations` takes them. */
	customOperations: Record<string, CustomOperation>;
}

export function defineResource(
	resource: string,
	defaultOperation: string,
	operations: OperationDefinition[],
): ResourceDefinition {
	const customOperations: Record<string, CustomOperation> = {};
	for (const o of operations) if (o.custom) customOperations[String(o.option.value)] = o.custom;
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

import type { IExecuteSingleFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pathSegment } from './url';

/**
 * What a request addresses: its path below /v1/open (identifiers encoded as one segment each;
 * `{agentId}` is left for the transport) and, in the user's words with the identifiers as given,
 * what it names. Errors say the target ("Not found: form submission "abc""), so each operation
 * says what it addresses, and no one re-reads a path to find out.
 */
export interface Address {
	path: string;
	target: string;
}

/** The target of the agent-wide endpoints (lists, create, schemas, templates). */
export const AGENT_TARGET = 'agent "{agentId}"';
export const CONTACT_SCHEMA_TARGET = 'contact schema of agent "{agentId}"';

/**
 * An identifier from a node parameter, checked and encoded as one URL path segment before any
 * request: sent exactly as given, or refused (empty or all blank, `.` or `..`) with an error
 * that names the parameter and the item.
 */
export function pathParameter(
	node: INode,
	itemIndex: number,
	parameter: string,
	value: unknown,
): string {
	try {
		return pathSegment(value, parameter);
	} catch (error) {
		throw new NodeOperationError(node, `${(error as Error).message} [item ${itemIndex}]`, {
			itemIndex,
		});
	}
}

/**
 * Carries a declarative request's target from its preSend to the pipeline (RoutingNode hands the
 * options object that preSend returned to the pagination function as it is).
 */
const TARGET = Symbol('a2v2.target');

type AddressedOptions = IHttpRequestOptions & { [TARGET]?: string };

/** Points a declarative request at an address. */
export function addressTo(options: IHttpRequestOptions, address: Address): IHttpRequestOptions {
	options.url = address.path;
	(options as AddressedOptions)[TARGET] = address.target;
	return options;
}

/** The target a preSend gave the request, if any. */
export function targetOf(options: object): string | undefined {
	return (options as AddressedOptions)[TARGET];
}

/** A path parameter: the node parameter that holds it and its name in error messages. */
export interface PathParameter {
	parameter: string;
	label: string;
}

/**
 * preSend: addresses the request from a path template and a target template whose
 * `{placeholders}` are node parameters: in the path each is checked (not empty, not a dot
 * segment) and encoded as one path segment before any request, in the target it stands as given.
 * `{agentId}` is left for the transport, in both.
 */
export function pathFrom(
	template: string,
	parameters: Record<string, PathParameter>,
	target: string,
) {
	return async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
		const node = this.getNode();
		const itemIndex = this.getItemIndex();
		const values: Record<string, unknown> = {};
		for (const [name, spec] of Object.entries(parameters))
			values[name] = this.getNodeParameter(spec.parameter, '', { extractValue: true });
		const fill = (text: string, value: (name: string) => string) =>
			text.replace(/\{(\w+)\}/g, (whole, name: string) =>
				name in parameters ? value(name) : whole,
			);
		return addressTo(options, {
			path: fill(template, (name) =>
				pathParameter(node, itemIndex, parameters[name].label, values[name]),
			),
			target: fill(target, (name) => String(values[name])),
		});
	};
}

import type { IExecuteSingleFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pathSegment } from './url';

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

/** A path parameter: the node parameter that holds it and its name in error messages. */
export interface PathParameter {
	parameter: string;
	label: string;
}

/**
 * preSend: sets the request path from a template whose `{placeholders}` are node parameters,
 * each checked (not empty, not a dot segment) and encoded as one path segment before any
 * request. `{agentId}` is left for the transport.
 */
export function pathFrom(template: string, parameters: Record<string, PathParameter>) {
	return async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions) {
		const node = this.getNode();
		const itemIndex = this.getItemIndex();
		options.url = template.replace(/\{(\w+)\}/g, (whole, name: string) => {
			const spec = parameters[name];
			if (!spec) return whole;
			const value = this.getNodeParameter(spec.parameter, '', { extractValue: true });
			return pathParameter(node, itemIndex, spec.label, value);
		});
		return options;
	};
}

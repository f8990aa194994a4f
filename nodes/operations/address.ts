import { pathParameter, type Address } from '../transport/url';
import type { Item } from './item';

/** A path parameter: the node parameter that holds it and its name in error messages. */
export interface PathParameter {
	parameter: string;
	label: string;
}

/**
 * The address of an item from a path template and a target template whose `{placeholders}` are
 * node parameters: in the path each is checked (not empty, not a dot segment) and encoded as one
 * path segment before any request, in the target it stands as given. `{agentId}` is left for the
 * sender, in both.
 */
export function addressFrom(
	template: string,
	parameters: Record<string, PathParameter>,
	target: string,
): (item: Item) => Address {
	return (item) => {
		const values: Record<string, unknown> = {};
		for (const [name, spec] of Object.entries(parameters))
			values[name] = item.param(spec.parameter, '', { extractValue: true });
		const fill = (text: string, value: (name: string) => string) =>
			text.replace(/\{(\w+)\}/g, (whole, name: string) =>
				name in parameters ? value(name) : whole,
			);
		return {
			path: fill(template, (name) =>
				pathParameter(item.node, item.index, parameters[name].label, values[name]),
			),
			target: fill(target, (name) => String(values[name])),
		};
	};
}

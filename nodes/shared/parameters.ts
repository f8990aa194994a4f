import type { IExecuteFunctions, IGetNodeParameterOptions, INodeParameters } from 'n8n-workflow';

/**
 * A node parameter of an input item, for the custom operations that run once per item.
 *
 * n8n's `getNodeParameter` copies the parameter, looks up the node type and checks the value
 * against it at every call: in real n8n, 1,000 creates spent about 0.2 s in the three reads of
 * parameters without an expression. A parameter that holds no expression anywhere (most of them:
 * the mode, Simplify, the Request Options) has the same value for every item, so it is read once
 * per node run and that value is given for every item; a parameter with an expression is resolved
 * for each item, as before. What is returned may be shared by the items: callers must not change
 * it.
 */
function itemParameter(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	let run = parametersOfRun.get(this);
	if (!run) {
		// getNode() copies the node: once per run.
		run = { raw: this.getNode().parameters, constant: new Map() };
		parametersOfRun.set(this, run);
	}
	const key = `${name}\u0000${options?.extractValue ? 'x' : ''}\u0000${JSON.stringify(fallback) ?? ''}`;
	if (run.constant.has(key)) return run.constant.get(key);
	const value = this.getNodeParameter(name, itemIndex, fallback, options);
	if (!name.includes('[') && !hasExpression(rawValue(run.raw, name))) run.constant.set(key, value);
	return value;
}

/** One item's parameters: `get(name, fallback)`. */
export type ItemParameters = (
	name: string,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
) => unknown;

/** The reader of one item's parameters that custom operations get from forEachItem. */
export function parametersOf(this: IExecuteFunctions, itemIndex: number): ItemParameters {
	return (name, fallback, options) => itemParameter.call(this, name, itemIndex, fallback, options);
}

interface RunParameters {
	/** The node's parameters as stored (expressions unresolved). */
	raw: INodeParameters;
	/** The values of the parameters without expressions, by name (and fallback). */
	constant: Map<string, unknown>;
}

/** Per node run (its execute context, held weakly: gone with the run). */
const parametersOfRun = new WeakMap<object, RunParameters>();

/** The stored value at a parameter path such as `contactFields.value`. */
function rawValue(parameters: INodeParameters, name: string): unknown {
	let value: unknown = parameters;
	for (const part of name.split('.')) {
		if (!value || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

/** Whether a stored value is or contains an expression (a string starting with `=`). */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

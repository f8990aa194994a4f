import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** An error in the user's input, raised before any request; names the parameter and the item. */
export function inputError(
	node: INode,
	itemIndex: number,
	parameter: string,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(node, `${parameter}: ${problem} [item ${itemIndex}]`, {
		itemIndex,
		description,
	});
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: unknown): boolean {
	return typeof value === 'string' && EMAIL.test(value.trim());
}

export function isDate(value: unknown): boolean {
	if (value instanceof Date) return !Number.isNaN(value.getTime());
	if (typeof value !== 'string' || value.trim() === '') return false;
	return !Number.isNaN(Date.parse(value));
}

/** Parses a JSON parameter that must hold an object. */
export function jsonObject(
	node: INode,
	itemIndex: number,
	parameter: string,
	value: unknown,
): Record<string, unknown> {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw inputError(
				node,
				itemIndex,
				parameter,
				`is not valid JSON (${(error as Error).message})`,
			);
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw inputError(node, itemIndex, parameter, 'must be a JSON object, like {"key": "value"}');
	}
	return parsed as Record<string, unknown>;
}

import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { requestOptions } from '../fields/common';
import { sendDeclarative } from '../operations/declarative';
import { subtitleFor } from '../operations/define';
import { checkA2v2Credential } from '../transport/credentialCheck';
import { listSearch } from './methods/listSearch';
import { loadOptions } from './methods/loadOptions';
import { resourceMapping } from './methods/resourceMapping';
import { contact } from './resources/contact';
import { documentExtraction } from './resources/documentExtraction';
import { file } from './resources/file';
import { form } from './resources/form';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		// Every operation of a resource is handed to the pipeline, one this version does not know
		// too: the pipeline refuses it before any request.
		options: [
			{ name: 'Contact', value: 'contact', routing: { send: { paginate: true } } },
			{
				name: 'Document Extraction',
				value: 'documentExtraction',
				routing: { send: { paginate: true } },
			},
			{ name: 'File', value: 'file', routing: { send: { paginate: true } } },
			{ name: 'Form', value: 'form', routing: { send: { paginate: true } } },
		],
		default: 'contact',
	},
	...contact.properties,
	...file.properties,
	...documentExtraction.properties,
	...form.properties,
	requestOptions,
];

export class A2v2 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'A2V2',
		name: 'a2v2',
		icon: { light: 'file:../../icons/a2v2.svg', dark: 'file:../../icons/a2v2.dark.svg' },
		group: ['transform'],
		// Version 2: Output (Simplified, Raw, Selected Fields) replaces Simplify; workflows saved
		// with version 1 keep Simplify and work as they did.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: subtitleFor(properties),
		description:
			'Manage contacts, contact files, form submissions and AI document extraction in the A2V2.ai CRM',
		defaults: { name: 'A2V2' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'a2v2Api', required: true, testedBy: 'a2v2ApiConnectionTest' }],
		requestDefaults: {
			headers: { Accept: 'application/json' },
		},
		// The pagination hook is the one place where RoutingNode lets a declarative node send a
		// request itself: every declarative operation sets `paginate`, so its request reaches the
		// pipeline (operations/declarative.ts). Coded operations run as custom operations, and
		// through their own pagination hook where n8n ignores custom operations
		// (operations/define.ts says which runs when).
		requestOperations: { pagination: sendDeclarative },
		properties,
	};

	methods = {
		loadOptions,
		listSearch,
		resourceMapping,
		credentialTest: { a2v2ApiConnectionTest: checkA2v2Credential },
	};

	customOperations = {
		contact: contact.customOperations,
		file: file.customOperations,
		documentExtraction: documentExtraction.customOperations,
		form: form.customOperations,
	};
}

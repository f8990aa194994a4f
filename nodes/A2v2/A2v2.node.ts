import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { a2v2ConnectionTest } from '../shared/connectionTest';
import { requestOptions, subtitleFor } from '../shared/descriptions';
import { sendRoutedRequest } from '../shared/pipeline';
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
		options: [
			{ name: 'Contact', value: 'contact' },
			{ name: 'Document Extraction', value: 'documentExtraction' },
			{ name: 'File', value: 'file' },
			{ name: 'Form', value: 'form' },
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
		version: 1,
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
		// request itself. Every operation sets `paginate`, so every request, listed or not, reaches
		// the shared pipeline here (nodes/shared/pipeline.ts): pacing per key, retries, errors that
		// say what failed, and pages of 100. Operations that run per item with their own code are
		// custom operations below; they use the same pipeline.
		requestOperations: { pagination: sendRoutedRequest },
		properties,
	};

	methods = {
		loadOptions,
		listSearch,
		resourceMapping,
		credentialTest: { a2v2ApiConnectionTest: a2v2ConnectionTest },
	};

	customOperations = {
		contact: contact.customOperations,
		file: file.customOperations,
		documentExtraction: documentExtraction.customOperations,
		form: form.customOperations,
	};
}

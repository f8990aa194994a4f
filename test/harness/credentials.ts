/**
 * Credentials as n8n's CredentialsHelper gives them to this package's nodes (defaults, then the
 * credential type's own `authenticate`), and the additional data of an execution.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';
import type { ExecutionLifecycleHooks } from 'n8n-core';

import { randomUUID } from 'node:crypto';

import { A2V2Api } from '../../credentials/A2V2Api.credentials';

const credentialTypes: Record<string, ICredentialType> = { a2v2Api: new A2V2Api() };

export type CredentialData = ICredentialDataDecryptedObject;

/** What n8n's CredentialsHelper does for this package: defaults, then the type's authenticate. */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** How many times a node read a credential (n8n reads its database and decrypts each time). */
	reads = 0;

	/** `data`, or per credential ID when the workflow's nodes use different credentials. */
	constructor(
		private readonly data: CredentialData | Record<string, CredentialData>,
		private readonly byId = false,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: WorkflowType,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const auth = credentialTypes[typeName].authenticate;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		if (auth?.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? workflow.expression.getParameterValue(value, null, 0, 0, node.name, [], 'internal', {
						$credentials: credentials,
					})
				: value;
		const target = requestOptions as unknown as Record<string, IDataObject>;
		for (const [outerKey, values] of Object.entries(auth.properties)) {
			target[outerKey] = { ...(target[outerKey] ?? {}) };
			for (const [key, value] of Object.entries(values as IDataObject)) {
				target[outerKey][key] = resolve(value) as IDataObject[string];
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these nodes');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads++;
		const data = this.byId
			? (this.data as Record<string, CredentialData>)[nodeCredentials.id as string]
			: (this.data as CredentialData);
		return withDefaults(type, data);
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string) {
		return credentialTypes[type].properties;
	}
}

export function withDefaults(type: string, data: CredentialData): CredentialData {
	const out: CredentialData = { ...data };
	for (const property of credentialTypes[type].properties) {
		if (out[property.name] === undefined)
			out[property.name] = property.default as CredentialData[string];
	}
	return out;
}

export function additionalDataFor(
	credentials: CredentialData,
	hooks?: ExecutionLifecycleHooks,
	helper: TestCredentialsHelper = new TestCredentialsHelper(credentials),
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: helper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used');
		},
		// n8n gives every execution its own ID.
		executionId: randomUUID(),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		userId: 'test-user',
		logAiEvent: async () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * An A2V2 Open API key. Keys are created in the A2V2 dashboard under
 * Settings → API Permissions; each is scoped to one agent with explicit permissions.
 *
 * The connection test lives in the nodes (`testedBy: 'a2v2ApiConnectionTest'`) so that it can
 * tell a wrong key from a key that only lacks a permission.
 */
export class A2V2Api implements ICredentialType {
	name = 'a2v2Api';

	displayName = 'A2V2 API';

	icon: Icon = { light: 'file:../icons/a2v2.svg', dark: 'file:../icons/a2v2.dark.svg' };

	documentationUrl = 'https://docs.a2v2.ai/developers/open-api/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The key from Settings → API Permissions in the A2V2 dashboard',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The secret shown once when the key was created',
		},
		{
			displayName: 'Agent ID',
			name: 'agentId',
			type: 'string',
			required: true,
			default: '',
			description: 'The ID of the agent this key is scoped to',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.a2v2.ai',
			description:
				'The A2V2 API host. The /v1/open prefix and a trailing slash are optional; change it only for a private or test deployment.',
		},
	];

	/** How n8n's HTTP Request node (and the node's Custom API Call) offers this credential. */
	httpRequestNode = {
		name: 'A2V2',
		docsUrl: 'https://docs.a2v2.ai/developers/open-api/endpoints',
		apiBaseUrlPlaceholder: 'https://api.a2v2.ai/v1/open/contacts/chatbots/<agent ID>',
	};

	/**
	 * Sets the key's two headers. A function rather than n8n's generic header expressions: the
	 * A2V2 node sends one request per item, and n8n evaluates such expressions in its expression
	 * sandbox for every request.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			'X-API-Key': String(credentials.apiKey ?? ''),
			'X-API-Secret': String(credentials.apiSecret ?? ''),
		};
		return requestOptions;
	}
}

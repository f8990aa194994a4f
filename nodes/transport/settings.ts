import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/** How hard the sender tries, and how it connects; from the node's Request Options. */
export interface RequestSettings {
	/** Total time one request may spend waiting out 429s and the key's window (ms). */
	maxRateLimitWaitMs: number;
	/** Extra attempts after a 5xx or a network fault, for reads and idempotent writes. */
	maxRetries: number;
	/** n8n's own options (Timeout, Proxy, Ignore SSL Issues), passed to every request. */
	connection?: Pick<IHttpRequestOptions, 'timeout' | 'proxy' | 'skipSslCertificateValidation'>;
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
	maxRateLimitWaitMs: 300_000,
	maxRetries: 3,
};

/** n8n's Proxy option (`http://user:pass@host:port`) as the HTTP helpers take it. */
function proxyOf(value: unknown): IHttpRequestOptions['proxy'] {
	if (typeof value !== 'string' || !value.trim()) return undefined;
	try {
		const url = new URL(value.trim());
		return {
			host: url.hostname,
			port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
			protocol: url.protocol.replace(/:$/, ''),
			...(url.username
				? {
						auth: {
							username: decodeURIComponent(url.username),
							password: decodeURIComponent(url.password),
						},
					}
				: {}),
		};
	} catch {
		return undefined;
	}
}

/**
 * The settings of the node's Request Options collection: ours (Max Rate-Limit Wait, Retries on
 * Server Errors) and those n8n adds to declarative nodes (Timeout, Proxy, Ignore SSL Issues;
 * Batching is applied by n8n itself).
 */
export function settingsFrom(options: IDataObject | undefined): RequestSettings {
	const given = options ?? {};
	const waitSeconds = Number(given.maxRateLimitWait);
	const retries = Number(given.maxRetries);
	const connection: RequestSettings['connection'] = {};
	if (Number(given.timeout) > 0) connection.timeout = Number(given.timeout);
	const proxy = proxyOf(given.proxy);
	if (proxy) connection.proxy = proxy;
	if (given.allowUnauthorizedCerts === true) connection.skipSslCertificateValidation = true;
	return {
		connection,
		maxRateLimitWaitMs: Number.isFinite(waitSeconds)
			? Math.max(0, waitSeconds) * 1000
			: DEFAULT_REQUEST_SETTINGS.maxRateLimitWaitMs,
		maxRetries: Number.isFinite(retries)
			? Math.max(0, Math.floor(retries))
			: DEFAULT_REQUEST_SETTINGS.maxRetries,
	};
}

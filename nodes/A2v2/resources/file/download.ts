import type {
	IDataObject,
	IExecuteFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { defineOperation } from '../../../shared/descriptions';
import { requestSettings } from '../../../shared/pipeline';
import { forEachItem } from '../../../shared/perItem';
import { a2v2Data } from '../../../shared/transport';
import { inputError } from '../../../shared/validation';
import { contactLocator } from '../../../shared/contact';
import { fileIdField, fileAddressFor } from './shared';

export const download = defineOperation('file', {
	value: 'download',
	name: 'Download',
	action: 'Download a file of a contact',
	description:
		'Download a file as binary data: by its ID (a fresh signed URL is fetched first) or from a signed URL that Get Download URL returned',
	execute: executeDownload,
	fields: [
		{
			displayName: 'Download From',
			name: 'downloadFrom',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'File ID',
					value: 'file',
					description: 'Get a fresh signed URL for the file, then download it',
				},
				{
					name: 'Signed URL',
					value: 'url',
					description: 'Download from a URL that Get Download URL returned',
				},
			],
			default: 'file',
		},
		{ ...contactLocator, displayOptions: { show: { downloadFrom: ['file'] } } },
		{ ...fileIdField, displayOptions: { show: { downloadFrom: ['file'] } } },
		{
			displayName: 'Signed URL',
			name: 'signedUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.url }}',
			displayOptions: { show: { downloadFrom: ['url'] } },
		},
		{
			displayName: 'Expires At',
			name: 'expiresAt',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.expiresAt }}',
			description:
				'When the signed URL expires (optional); an expired URL is refused without a request',
			displayOptions: { show: { downloadFrom: ['url'] } },
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
		},
	],
});

function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = (response.headers as Record<string, unknown>)[name];
	return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
}

/** The file name from Content-Disposition, else the URL's last path segment. */
function fileNameOf(response: IN8nHttpFullResponse, url: string): string | undefined {
	const disposition = header(response, 'content-disposition') ?? '';
	const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
	const plain = /filename="?([^";]+)"?/i.exec(disposition);
	const raw = star?.[1] ?? plain?.[1] ?? new URL(url).pathname.split('/').pop();
	if (!raw) return undefined;
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

async function readText(stream: unknown): Promise<string> {
	if (typeof stream === 'string') return stream;
	const chunks: Buffer[] = [];
	for await (const chunk of stream as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks).toString('utf8').slice(0, 500);
}

async function downloadOne(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const settings = requestSettings.call(this, itemIndex);
	let url: string;
	let expiresAt: string | undefined;
	if (this.getNodeParameter('downloadFrom', itemIndex, 'file') === 'url') {
		url = String(this.getNodeParameter('signedUrl', itemIndex, '')).trim();
		expiresAt = String(this.getNodeParameter('expiresAt', itemIndex, '')).trim() || undefined;
		if (!/^https?:\/\//i.test(url))
			throw inputError(node, itemIndex, 'Signed URL', `"${url}" is not an http(s) URL`);
		if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt))) {
			throw inputError(node, itemIndex, 'Expires At', `"${expiresAt}" is not a date`);
		}
		if (expiresAt !== undefined && Date.parse(expiresAt) <= Date.now()) {
			throw inputError(
				node,
				itemIndex,
				'Signed URL',
				`expired at ${expiresAt}`,
				'Get a fresh one with File → Get Download URL, or download by File ID.',
			);
		}
	} else {
		const signed = (await a2v2Data.call(this, {
			method: 'GET',
			...(await fileAddressFor.call(this, itemIndex, '/signed-url')),
			itemIndex,
			settings,
		})) as IDataObject;
		url = String(signed.url);
		expiresAt = signed.expiresAt as string | undefined;
	}

	// The signed URL points at the storage service: it gets no A2V2 credentials. A download is a
	// read: a failed request, a 5xx or a body cut off half way is tried again, a bounded number
	// of times.
	const property =
		String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
	for (let attempt = 0; ; attempt++) {
		const retry = attempt < settings.maxRetries;
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			if (retry) continue;
			throw new NodeApiError(
				node,
				{ message: (error as Error).message },
				{
					message: `Could not download the file: ${(error as Error).message} [item ${itemIndex}]`,
					itemIndex,
				},
			);
		}
		if (response.statusCode >= 500 && retry) {
			await readText(response.body);
			continue;
		}
		if (response.statusCode < 200 || response.statusCode >= 300) {
			const text = await readText(response.body);
			const expired =
				/expired/i.test(text) || (expiresAt !== undefined && Date.parse(expiresAt) <= Date.now());
			throw new NodeApiError(
				node,
				{ message: text },
				{
					message: expired
						? `The signed download URL has expired [item ${itemIndex}]`
						: `Could not download the file: HTTP ${response.statusCode} [item ${itemIndex}]`,
					description: expired ? 'Download by File ID to get a fresh URL.' : text,
					httpCode: String(response.statusCode),
					itemIndex,
				},
			);
		}
		const mimeType = (header(response, 'content-type') ?? 'application/octet-stream')
			.split(';')[0]
			.trim();
		const fileName = fileNameOf(response, url);
		// A stream: in n8n's filesystem mode the file goes to disk without being held in memory.
		type BinarySource = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
		let binary;
		try {
			binary = await this.helpers.prepareBinaryData(
				response.body as BinarySource,
				fileName,
				mimeType,
			);
		} catch (error) {
			if (retry) continue;
			throw new NodeApiError(
				node,
				{ message: (error as Error).message },
				{
					message: `The download of the file broke off: ${(error as Error).message} [item ${itemIndex}]`,
					itemIndex,
				},
			);
		}
		return [
			{
				json: {
					fileName: binary.fileName ?? fileName ?? null,
					mimeType: binary.mimeType,
					fileSize: binary.bytes ?? null,
				},
				binary: { [property]: binary },
			},
		];
	}
}

async function executeDownload(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await forEachItem.call(this, async (itemIndex) => await downloadOne.call(this, itemIndex));
}

import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

import { contactLocator } from '../../../fields/contact';
import { defineOperation } from '../../../operations/define';
import type { Item } from '../../../operations/item';
import { failure, inputError } from '../../../transport/errors';
import { header } from '../../../transport/pacing';
import { bodyText, fetchFile } from '../../../transport/download';
import { fileAddress, fileIdField } from './address';

/** The file name from Content-Disposition, else the URL's last path segment. */
function fileNameOf(response: IN8nHttpFullResponse, url: string): string | undefined {
	const disposition =
		header(response.headers as Record<string, unknown>, 'content-disposition') ?? '';
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

/** The signed URL to download from: given (and checked), or fresh for the file's ID. */
async function signedUrlOf(item: Item): Promise<{ url: string; expiresAt?: string }> {
	if (item.param('downloadFrom', 'file') !== 'url') {
		const signed = await item.data<IDataObject>({
			method: 'GET',
			...(await fileAddress(item, '/signed-url')),
		});
		return { url: String(signed.url), expiresAt: signed.expiresAt as string | undefined };
	}
	const url = String(item.param('signedUrl', '')).trim();
	const expiresAt = String(item.param('expiresAt', '')).trim() || undefined;
	if (!/^https?:\/\//i.test(url))
		throw inputError(item.node, item.index, 'Signed URL', `"${url}" is not an http(s) URL`);
	if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt)))
		throw inputError(item.node, item.index, 'Expires At', `"${expiresAt}" is not a date`);
	if (expiresAt !== undefined && Date.parse(expiresAt) <= Date.now()) {
		throw inputError(
			item.node,
			item.index,
			'Signed URL',
			`expired at ${expiresAt}`,
			'Get a fresh one with File → Get Download URL, or download by File ID.',
		);
	}
	return { url, expiresAt };
}

export const download = defineOperation('file', {
	value: 'download',
	name: 'Download',
	action: 'Download a file of a contact',
	description:
		'Download a file as binary data: by its ID (a fresh signed URL is fetched first) or from a signed URL that Get Download URL returned',
	toolDescription:
		"Download one file of a contact in the A2V2 CRM as binary data for the workflow, by the contact's ID and the file ID. Returns the file's name, type and size.",
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
	execute: async (item) => {
		const { url, expiresAt } = await signedUrlOf(item);
		const property = String(item.param('binaryPropertyName', 'data')).trim() || 'data';
		// The signed URL points at the storage service: it gets no A2V2 credentials. The answer is
		// streamed into n8n's binary data (in filesystem mode, to disk without being held whole).
		const binary = await fetchFile(item.context, {
			url,
			itemIndex: item.index,
			settings: item.settings(),
			target: 'the file',
			failed: async (call, response) => {
				const text = await bodyText(response.body);
				const expired =
					/expired/i.test(text) || (expiresAt !== undefined && Date.parse(expiresAt) <= Date.now());
				return expired
					? failure(
							item.node,
							call,
							'The signed download URL has expired',
							'Download by File ID to get a fresh URL.',
							response.statusCode,
						)
					: failure(
							item.node,
							call,
							`Could not download the file: HTTP ${response.statusCode}`,
							text,
							response.statusCode,
						);
			},
			read: async (response) => {
				const mimeType = (
					header(response.headers as Record<string, unknown>, 'content-type') ??
					'application/octet-stream'
				)
					.split(';')[0]
					.trim();
				return await item.storeFile(response.body, fileNameOf(response, url), mimeType);
			},
		});
		return [
			{
				json: {
					fileName: binary.fileName ?? null,
					mimeType: binary.mimeType,
					fileSize: binary.bytes ?? null,
				},
				binary: { [property]: binary },
			},
		];
	},
});

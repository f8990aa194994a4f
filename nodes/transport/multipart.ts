import { randomBytes } from 'crypto';
import type { BinaryHelperFunctions } from 'n8n-workflow';

/** The stream n8n gives for a file in its binary data store (a Node Readable). */
export type StoredFileStream = Awaited<ReturnType<BinaryHelperFunctions['getBinaryStream']>>;

/** A file part: its bytes are read when the body is opened. */
export interface FilePart {
	name: string;
	fileName: string;
	mimeType: string;
	/** Which file it is (its binary field and stored ID, or a hash of its bytes). */
	identity: string;
	content: () => Promise<{ bytes: StoredFileStream | Buffer; size?: number }>;
}

/** A text part. */
export interface FieldPart {
	name: string;
	text: string;
}

/**
 * A multipart/form-data body, opened anew for every attempt of its request. A file that n8n
 * keeps in its binary data store is passed on chunk by chunk as it is read, so that the request
 * holds no copy of it (a FormData needs the file in a Blob, and reading that out for the
 * request copies it once more).
 */
export interface MultipartBody {
	contentType: string;
	/** What the body holds (its fields and which files), to tell two bodies apart. */
	fingerprint: string;
	open: () => Promise<{ body: StoredFileStream | Buffer; length?: number }>;
}

export function isMultipartBody(body: unknown): body is MultipartBody {
	return !!body && typeof body === 'object' && typeof (body as MultipartBody).open === 'function';
}

/** A name or file name inside a quoted header parameter, escaped as browsers do. */
function quoted(value: string): string {
	return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

async function* concatenated(pieces: Array<StoredFileStream | Buffer>): AsyncGenerator<Uint8Array> {
	for (const piece of pieces) {
		if (Buffer.isBuffer(piece)) yield piece;
		else for await (const chunk of piece) yield chunk as Uint8Array;
	}
}

type ReadableClass = (new (options: {
	read: () => void;
	destroy: (error: Error | null, callback: (error?: Error | null) => void) => void;
}) => StoredFileStream) & { prototype: object };

/** Node's Readable: the highest class above the stream's own that still has `push`. */
function readableClassOf(stream: StoredFileStream): ReadableClass | undefined {
	let found: ReadableClass | undefined;
	for (
		let candidate = stream.constructor as ReadableClass | undefined;
		typeof candidate === 'function' && typeof candidate.prototype?.['push' as never] === 'function';
		candidate = Object.getPrototypeOf(candidate) as ReadableClass | undefined
	) {
		found = candidate;
	}
	return found;
}

/**
 * One readable stream of the pieces, made with Node's Readable class, found above the stored
 * file's stream (n8n's community-node rules allow no import of Node's stream module); undefined
 * when that stream has none. Each chunk of a stored file is passed on as its stream gives it,
 * read only when the body is asked for more: no copy and no promise per chunk.
 */
function asStream(
	pieces: Array<StoredFileStream | Buffer>,
	sample: StoredFileStream,
): StoredFileStream | undefined {
	const Readable = readableClassOf(sample);
	if (!Readable) return undefined;
	let index = 0;
	let wanted = false;
	let pumping = false;
	let again = false;
	let listened: StoredFileStream | undefined;
	const body: StoredFileStream = new Readable({
		read: () => {
			wanted = true;
			pump();
		},
		destroy(error, callback) {
			for (const piece of pieces.slice(index)) if (!Buffer.isBuffer(piece)) piece.destroy();
			callback(error);
		},
	});
	const fill = () => {
		while (wanted && index < pieces.length) {
			const piece = pieces[index];
			if (Buffer.isBuffer(piece)) {
				index++;
				wanted = body.push(piece);
				continue;
			}
			if (listened !== piece) {
				listened = piece;
				piece.on('readable', pump);
				piece.once('end', () => {
					index++;
					pump();
				});
				piece.once('error', (error: Error) => body.destroy(error));
			}
			const chunk = piece.read() as Uint8Array | null;
			// Nothing buffered: its 'readable' or 'end' event pumps again.
			if (chunk === null) return;
			wanted = body.push(chunk);
		}
		if (wanted && index === pieces.length) {
			index++;
			body.push(null);
		}
	};
	// A push may ask for more at once; that call is carried out by the loop in progress.
	const pump = () => {
		if (pumping) {
			again = true;
			return;
		}
		pumping = true;
		try {
			do {
				again = false;
				fill();
			} while (again);
		} finally {
			pumping = false;
		}
	};
	return body;
}

export function multipartBody(parts: Array<FilePart | FieldPart>): MultipartBody {
	const boundary = `----A2V2FormBoundary${randomBytes(12).toString('hex')}`;
	return {
		contentType: `multipart/form-data; boundary=${boundary}`,
		fingerprint: parts
			.map((part) =>
				'text' in part
					? `${part.name}=${part.text}`
					: `${part.name}@${part.fileName}|${part.mimeType}|${part.identity}`,
			)
			.join('\n'),
		async open() {
			const pieces: Array<StoredFileStream | Buffer> = [];
			let length: number | undefined = 0;
			const add = (text: string) => {
				const bytes = Buffer.from(text, 'utf8');
				pieces.push(bytes);
				if (length !== undefined) length += bytes.length;
			};
			for (const part of parts) {
				if ('text' in part) {
					add(
						`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(part.name)}"\r\n\r\n${part.text}\r\n`,
					);
					continue;
				}
				add(
					`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(part.name)}"; filename="${quoted(part.fileName)}"\r\nContent-Type: ${part.mimeType}\r\n\r\n`,
				);
				const { bytes, size } = await part.content();
				pieces.push(bytes);
				length = size === undefined || length === undefined ? undefined : length + size;
				add('\r\n');
			}
			add(`--${boundary}--\r\n`);
			const stored = pieces.find((piece) => !Buffer.isBuffer(piece)) as
				StoredFileStream | undefined;
			const stream = stored && asStream(pieces, stored);
			if (stream) return { body: stream, length };
			// Everything in memory already (or a store whose stream cannot be chained): one buffer.
			const buffers: Uint8Array[] = [];
			for await (const chunk of concatenated(pieces)) buffers.push(chunk);
			const body = Buffer.concat(buffers);
			return { body, length: body.length };
		},
	};
}

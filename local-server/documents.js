'use strict';
// Deterministic "AI" extraction for the local A2V2 server: text is read from TXT/CSV files and
// from the text operators of simple PDFs, then `label: value` lines are matched to the
// schema's field names. No model, so pipelines can be tested exactly.
const zlib = require('node:zlib');

/** A minimal one-page PDF whose text is `lines` (what tests and demo data upload). */
function makePdf(lines) {
	const esc = (s) => String(s).replace(/([\\()])/g, '\\$1');
	const ops = ['BT', '/F1 12 Tf', '72 760 Td', '14 TL'];
	for (const line of lines) ops.push(`(${esc(line)}) Tj`, 'T*');
	ops.push('ET');
	const content = ops.join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let out = '%PDF-1.4\n';
	const offsets = [];
	objects.forEach((body, i) => {
		offsets.push(Buffer.byteLength(out));
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out);
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

function unescapePdfString(s) {
	return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, c) => {
		const map = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
		return map[c] ?? String.fromCharCode(parseInt(c, 8));
	});
}

/** The text of a simple PDF: its streams (inflated when FlateDecode), Tj/TJ operators, T* and Td as line breaks. */
function pdfText(buffer) {
	const raw = buffer.toString('latin1');
	const lines = [];
	const streamRe = /<<([^]*?)>>\s*stream\r?\n([^]*?)\r?\nendstream/g;
	let m;
	while ((m = streamRe.exec(raw))) {
		let content = m[2];
		if (/\/FlateDecode/.test(m[1])) {
			try {
				content = zlib.inflateSync(Buffer.from(content, 'latin1')).toString('latin1');
			} catch {
				continue;
			}
		}
		let current = '';
		const tokenRe =
			/\((?:\\.|[^\\)])*\)\s*Tj|\[(?:[^\]])*\]\s*TJ|T\*|-?[\d.]+\s+-?[\d.]+\s+T[dD]|'|ET/g;
		let t;
		while ((t = tokenRe.exec(content))) {
			const token = t[0];
			if (token.endsWith('Tj')) {
				current += unescapePdfString(token.slice(1, token.lastIndexOf(')')));
			} else if (token.endsWith('TJ')) {
				const parts = token.match(/\((?:\\.|[^\\)])*\)/g) ?? [];
				current += parts.map((p) => unescapePdfString(p.slice(1, -1))).join('');
			} else {
				if (current) lines.push(current);
				current = '';
			}
		}
		if (current) lines.push(current);
	}
	return lines.join('\n');
}

function documentText(buffer, mimeType, fileName) {
	const type = (mimeType || '').toLowerCase();
	const name = (fileName || '').toLowerCase();
	if (type === 'application/pdf' || name.endsWith('.pdf')) return pdfText(buffer);
	if (type.startsWith('text/') || /\.(txt|csv|md)$/.test(name)) return buffer.toString('utf8');
	return '';
}

const norm = (s) =>
	String(s)
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');

function convert(value, type) {
	const v = value.trim();
	switch (type) {
		case 'number': {
			const n = Number(v.replace(/[^0-9.\-]/g, ''));
			return Number.isFinite(n) && /\d/.test(v) ? n : null;
		}
		case 'boolean':
			if (/^(yes|true|y|1|x)$/i.test(v)) return true;
			if (/^(no|false|n|0)$/i.test(v)) return false;
			return null;
		case 'date': {
			const d = Date.parse(v);
			return Number.isNaN(d) ? null : new Date(d).toISOString().slice(0, 10);
		}
		case 'email':
			return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? v : null;
		case 'array':
			return v
				.split(/[,;]/)
				.map((x) => x.trim())
				.filter(Boolean);
		case 'object':
			try {
				const o = JSON.parse(v);
				return o && typeof o === 'object' ? o : null;
			} catch {
				return null;
			}
		default:
			return v;
	}
}

/** Extracts the schema's fields from `label: value` lines. */
function extract(text, schema) {
	const pairs = new Map();
	for (const line of text.split(/\r?\n/)) {
		const i = line.indexOf(':');
		if (i <= 0) continue;
		const key = norm(line.slice(0, i));
		if (key && !pairs.has(key)) pairs.set(key, line.slice(i + 1));
	}
	const data = {};
	const fieldConfidences = {};
	const missingRequired = [];
	for (const [field, spec] of Object.entries(schema)) {
		const found =
			pairs.get(norm(field)) ?? (spec.description ? pairs.get(norm(spec.description)) : undefined);
		// A value the document marks unsure ("Total Amount: 1234 (?)") is read with a low confidence.
		const unsure = found !== undefined && /\(\?\)\s*$/.test(found);
		const raw = unsure ? found.replace(/\s*\(\?\)\s*$/, '') : found;
		const value = raw === undefined ? null : convert(raw, spec.type);
		data[field] = value;
		fieldConfidences[field] = value === null ? 0 : unsure ? 0.4 : 0.95;
		if (spec.required && value === null) missingRequired.push(field);
	}
	const values = Object.values(fieldConfidences);
	const confidence = values.length
		? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100
		: 0;
	return {
		data,
		confidence,
		fieldConfidences,
		validation: { isValid: missingRequired.length === 0, missingRequired, errors: [] },
	};
}

module.exports = { makePdf, pdfText, documentText, extract };

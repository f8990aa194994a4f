import type { IDataObject } from 'n8n-workflow';

import { isBlank } from '../../../fields/values';

/**
 * Whether an extraction needs a person's review, by a Minimum Confidence: when the overall
 * confidence or the confidence of a field that was read is below it, or a required field is
 * missing; and the names of those fields. An optional field the document does not have is not
 * a doubtful reading.
 */
export function reviewOf(
	fields: IDataObject,
	metadata: IDataObject,
	schema: IDataObject,
	minimum: number,
): { needsReview: boolean; lowConfidenceFields: string[] } {
	const confidences = (metadata.fieldConfidences ?? {}) as Record<string, unknown>;
	const low = Object.keys(schema).filter((name) => {
		const confidence = Number(confidences[name]);
		return !isBlank(fields[name]) && Number.isFinite(confidence) && confidence < minimum;
	});
	const missingRequired = Object.entries(schema)
		.filter(([name, spec]) => (spec as IDataObject).required === true && isBlank(fields[name]))
		.map(([name]) => name);
	const overall = Number(metadata.confidence);
	return {
		needsReview:
			low.length > 0 ||
			missingRequired.length > 0 ||
			(Number.isFinite(overall) && overall < minimum),
		lowConfidenceFields: [...new Set([...low, ...missingRequired])],
	};
}

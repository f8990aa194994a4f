import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { retrySettings } from '../../../shared/routing';
import { a2v2Data } from '../../../shared/transport';
import { pathSegment } from '../../../shared/url';
import { contactPath } from '../contact/shared';

/**
 * The A2V2 ID of the chosen contact, as a path segment. Contact files are addressed by A2V2 ID
 * only: an external reference ID is resolved first (one extra request).
 */
export async function contactIdSegment(this: IExecuteSingleFunctions): Promise<string> {
	const path = contactPath.call(this);
	const byId = /^\/contacts\/mantisid\/([^/]+)\//.exec(path);
	if (byId) return byId[1];
	const itemIndex = this.getItemIndex();
	const contact = (await a2v2Data.call(this, {
		method: 'GET',
		path,
		itemIndex,
		settings: retrySettings.call(this, itemIndex),
	})) as IDataObject;
	return pathSegment(contact._id, 'The contact ID');
}

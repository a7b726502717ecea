/**
 * A remark's attachments: a file checked before the transaction (`checkDocument`), stored with the history row
 * of the step that brought it, and read back for a download.
 */
import { and, eq } from 'drizzle-orm';
import type { AuditContext } from '../audit';
import type { DbOrTx, Tx } from '../db/client';
import { checkDocument } from '../documents';
import { remarkAttachments } from '../db/schema';

export interface Upload {
	name: string;
	content: Uint8Array;
}

/** In the step's transaction: the checked file, with the history row (`eventId`) it came with. */
export async function storeAttachment(
	tx: Tx,
	ctx: AuditContext,
	remarkId: string,
	eventId: string,
	file: { filename: string; mediaType: string; content: Uint8Array }
) {
	await tx.insert(remarkAttachments).values({
		remarkId,
		eventId,
		filename: file.filename,
		mediaType: file.mediaType,
		size: file.content.length,
		content: file.content,
		uploadedBy: ctx.userId!,
		uploadedAt: ctx.clock()
	});
}

/** The file checked before any transaction (type and size): `doc` null when none was sent. */
export async function checkedUpload(file: Upload | null) {
	if (!file) return { ok: true, doc: null } as const;
	const checked = await checkDocument(file);
	return checked.ok ? ({ ok: true, doc: { ...checked, content: file.content } } as const) : checked;
}

/** One attachment of the remark, with its content (the caller has checked access and audits the download). */
export async function getRemarkAttachment(db: DbOrTx, remarkId: string, attachmentId: string) {
	const [a] = await db
		.select()
		.from(remarkAttachments)
		.where(and(eq(remarkAttachments.id, attachmentId), eq(remarkAttachments.remarkId, remarkId)));
	return a;
}

/** How Today words a mark and a refused item (shared by the list, the "not saved" list and the sent log). */
import { ABSENCE_REASON_KEY, MARK_ERROR_KEY } from '$lib/i18n/labels/attendance';
import { keyFor } from '$lib/i18n/core';
import { t } from '$lib/i18n/t.svelte';
import type { Mark } from './types';

export const describeMark = (m: Mark | null) =>
	!m ? t('attendance.unmarked') : m.status === 'present' ? t('attendance.present') : `${t('attendance.absent')}: ${t(ABSENCE_REASON_KEY[m.reason ?? 'other'])}`;

// An ARVI draft's refusal codes are the ARVI form's; what has no text of its own here reads as "incomplete".
export const errorText = (code: string) => t(keyFor(MARK_ERROR_KEY, code) ?? 'attendance.error.invalid');

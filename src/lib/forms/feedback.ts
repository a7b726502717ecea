/** The area's sending of a feedback invitation: it chooses the channel (the action and the page's own check). */
import * as v from 'valibot';
import { defineForm, field } from './form';

export const FEEDBACK_CHANNELS = ['email', 'sms'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

export const sendInvitationSchema = v.object({ channel: v.picklist(FEEDBACK_CHANNELS, 'feedbackChannelRequired') });

export const sendInvitationForm = defineForm(sendInvitationSchema, (data) => ({ channel: field(data, 'channel').slice(0, 10) }));

/**
 * The termination event an HRMS posts, in the Standard Webhooks envelope `{ type, timestamp, data }`.
 * Only `employee.terminated` is acted on; every other type is acknowledged and ignored. Unknown fields are
 * allowed (senders add their own), known ones are checked.
 */
import { Employee } from '@hexnode-offboard/core/protocol';
import * as z from 'zod/mini';

export const TERMINATION_EVENT_TYPE = 'employee.terminated';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const WebhookEnvelope = z.object({
  type: z.string().check(z.minLength(1), z.maxLength(200)),
});

export const TerminationEvent = z.object({
  type: z.literal(TERMINATION_EVENT_TYPE),
  timestamp: z.optional(z.string().check(z.maxLength(64))),
  data: z.object({
    /** The HRMS's id of this termination; each device is acted on once per id. Default: the webhook id. */
    terminationId: z.optional(text(200)),
    employee: z.object({
      email: Employee.shape.email,
      name: Employee.shape.name,
      id: Employee.shape.id,
      /** IANA time zone the effective date and time are in. Default: the policy's. */
      timeZone: z.optional(text(100)),
    }),
    /** As the HRMS names it: `involuntary`, `voluntary`, `retirement`, ... (the policy maps it to an action). */
    terminationType: text(100),
    /** The last day, `YYYY-MM-DD`, in the employee's time zone. */
    effectiveDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
    /** `HH:MM` (24 h) on that day. Default: the policy's `defaultTime`. */
    effectiveTime: z.optional(z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/))),
    /** Written to the audit record. */
    reason: z.optional(z.string().check(z.maxLength(1000))),
    /**
     * Who entered the termination in the HRMS (their HRMS user id). A job the two-person rule holds may not be
     * approved by them. Default: `hrms:webhook`.
     */
    requestedBy: z.optional(text(200)),
  }),
});
export type TerminationEvent = z.infer<typeof TerminationEvent>;

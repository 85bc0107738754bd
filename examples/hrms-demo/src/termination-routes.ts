/**
 * The HRMS's termination pages: the profile's zero-touch card (form, notice, jobs) and the Terminate form's
 * POST, which checks the origin, the session's CSRF token and the role, then has the sender audit, sign and
 * post the event, and redirects back to the profile saying what the endpoint stored.
 */
import { randomBytes } from 'node:crypto';
import { normalizeEmail } from '@hexnode-offboard/core';
import type { Employee } from './employees.js';
import type { SafeHtml } from './html.js';
import { plain, readForm, redirect } from './respond.js';
import type { RouteRequest } from './routes.js';
import { fromOrigins } from './security.js';
import { readTerminationForm, type TerminationSender } from './termination-sender.js';
import type { Terminations } from './terminations.js';
import { ROLES, type SessionManager } from './sessions.js';
import { jobSubject } from './views/jobs.js';
import { terminationCard, terminationNotice, type TerminationNotice } from './views/termination.js';

export interface TerminationRoutesOptions {
  sessions: SessionManager;
  terminations: Terminations;
  sender: TerminationSender;
  origins: string[];
}

const JOB_ID = /^job_[0-9a-f-]{36}$/;

export class TerminationRoutes {
  readonly #options: TerminationRoutesOptions;

  constructor(options: TerminationRoutesOptions) {
    this.#options = options;
  }

  /** The profile's card; `notice` overrides what the URL says (a failed Terminate, rendered at once). */
  async card(
    r: RouteRequest,
    employee: Employee,
    notice: TerminationNotice | null = null,
  ): Promise<SafeHtml> {
    const { sessions, terminations } = this.#options;
    const session = r.session!;
    const email = normalizeEmail(employee.email);
    const jobs = (await terminations.listJobs()).filter((job) => {
      const subject = jobSubject(job).email;
      return subject !== null && normalizeEmail(subject) === email;
    });
    const status = r.url.searchParams.get('termination');
    const jobId = r.url.searchParams.get('job');
    if (!notice && status) {
      const job =
        jobId && JOB_ID.test(jobId) ? (jobs.find((candidate) => candidate.id === jobId) ?? null) : null;
      notice = terminationNotice(status, job);
    }
    const form = ROLES[session.role].canTerminate
      ? {
          csrfToken: sessions.csrfToken(session),
          formId: randomBytes(12).toString('base64url'),
          today: new Date().toISOString().slice(0, 10),
        }
      : null;
    return terminationCard({ employee, form, notice, jobs });
  }

  /**
   * POST /employees/{id}/terminate. Answers 303 to the profile on success; a refusal is plain text (403, 400,
   * 404), and a failure of the endpoint is `renderFailure`'s page (the profile with the reason).
   */
  async terminate(
    r: RouteRequest,
    employee: Employee | undefined,
    renderFailure: (employee: Employee, notice: TerminationNotice) => Promise<void>,
  ): Promise<void> {
    const { req, res, session } = r;
    if (!fromOrigins(req, this.#options.origins)) return plain(res, 403, 'Cross-site request refused.');
    if (!session) return plain(res, 401, 'Sign in first.');
    const form = await readForm(req);
    if (!this.#options.sessions.verifyCsrfToken(session, form?.get('csrf')))
      return plain(res, 403, 'Terminate refused: the form is stale. Reload the page and try again.');
    if (!ROLES[session.role].canTerminate) return plain(res, 403, 'Only an HR admin may terminate.');
    if (!employee) return plain(res, 404, 'No such employee.');
    const fields = readTerminationForm(form!);
    if (typeof fields === 'string') return plain(res, 400, fields);
    const outcome = await this.#options.sender.send(employee, fields, {
      id: session.username,
      name: session.name,
    });
    if (!outcome.ok) return renderFailure(employee, { kind: 'error', text: outcome.problem });
    const query = new URLSearchParams({
      termination: outcome.status,
      ...(outcome.jobId ? { job: outcome.jobId } : {}),
    });
    redirect(res, `/employees/${employee.id}?${query.toString()}#termination`);
  }
}

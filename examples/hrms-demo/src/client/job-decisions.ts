// Approve or Reject on a termination job the two-person rule holds: the kit's own routes
// (`POST {base}/jobs/{id}/approve|reject`), in cookie mode with the kit's CSRF header, like the widget's actions.
import { CSRF_HEADER, CSRF_HEADER_VALUE, DEFAULT_BASE_PATH, ROUTES } from '@hexnode-offboard/core/protocol';

async function decide(form: HTMLFormElement, decision: 'approve' | 'reject'): Promise<void> {
  const id = form.dataset.jobId ?? '';
  const status = form.querySelector<HTMLElement>('.job-decision-status');
  const reason = (new FormData(form).get('reason') ?? '').toString().trim();
  if (decision === 'reject' && reason === '') {
    if (status) status.textContent = 'Say why you reject it.';
    return;
  }
  const path = decision === 'approve' ? ROUTES.jobApprove(id) : ROUTES.jobReject(id);
  for (const button of form.querySelectorAll('button')) button.disabled = true;
  const response = await fetch(`${DEFAULT_BASE_PATH}${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE },
    body: JSON.stringify(decision === 'approve' ? {} : { reason }),
  }).catch(() => null);
  if (response?.ok) {
    location.reload();
    return;
  }
  const problem = response ? ((await response.json().catch(() => null)) as { detail?: string } | null) : null;
  if (status) status.textContent = problem?.detail ?? 'The server did not answer. Try again.';
  for (const button of form.querySelectorAll('button')) button.disabled = false;
}

export function followJobDecisions(): void {
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('job-decision')) return;
    event.preventDefault();
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    void decide(form, submitter?.value === 'reject' ? 'reject' : 'approve');
  });
}

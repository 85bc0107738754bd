/** Helpers for the Terminate tests: read the form's hidden fields from a profile page, and post the form. */

/** The Terminate form's hidden fields (`formId` is absent when the page has no Terminate form). */
export function formFields(page: string): { csrf?: string; formId?: string } {
  const form = /<form method="post" action="\/employees\/[^"]+\/terminate"[\s\S]*?<\/form>/.exec(page)?.[0];
  if (!form) return {};
  const csrf = /name="csrf" value="([^"]+)"/.exec(form)?.[1];
  const formId = /name="formId" value="([^"]+)"/.exec(form)?.[1];
  return { ...(csrf ? { csrf } : {}), ...(formId ? { formId } : {}) };
}

/** Posts the Terminate form of an employee's profile as the browser would (same origin unless `origin`). */
export function terminate(
  demo: { origin: string },
  employeeId: string,
  cookie: string,
  form: Record<string, string | undefined>,
  origin = demo.origin,
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) if (value !== undefined) body.set(name, value);
  return fetch(new URL(`/employees/${employeeId}/terminate`, demo.origin), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin },
    body,
  });
}

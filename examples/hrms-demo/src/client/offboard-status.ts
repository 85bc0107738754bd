// Mirrors the widget's events into the page's status line, the way an HRMS would note them on the record.
import '@hexnode-offboard/elements';
import type { OffboardCompleteEvent } from '@hexnode-offboard/elements/events';
import { completionMessage } from './completion.js';

export function followOffboarding(status: HTMLElement | null): void {
  if (!status) return;
  const say = (text: string) => {
    status.textContent = text;
  };
  document.addEventListener('hexnode-offboard-sent', (event) => {
    const name = (event.target as HTMLElement).getAttribute('employee-name') ?? 'the employee';
    say(`Sent to ${name}'s devices. Waiting for them to check in…`);
  });
  document.addEventListener('hexnode-offboard-complete', (event) => {
    const name = (event.target as HTMLElement).getAttribute('employee-name') ?? 'the employee';
    say(completionMessage(name, (event as OffboardCompleteEvent).detail));
  });
}

// The profile page: the offboard button (token mode) sits in the profile's action bar. The server put a
// session token on it; when that token expires, the widget asks the HRMS for a fresh one here.
import './styles.css';
import { followOffboarding } from './offboard-status.js';

const button = document.querySelector('hexnode-offboard-button');
const employeeId = button?.getAttribute('employee-id');
if (button && employeeId) {
  button.fetchSessionToken = async () => {
    const response = await fetch(`/employees/${encodeURIComponent(employeeId)}/session-token`, {
      method: 'POST',
      credentials: 'same-origin',
    });
    if (!response.ok) throw new Error(`No session token (HTTP ${response.status}).`);
    return ((await response.json()) as { token: string }).token;
  };
}

followOffboarding(document.querySelector<HTMLElement>('#offboard-status'));

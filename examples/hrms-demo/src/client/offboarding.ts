// The Offboarding page: one provider (cookie mode) and a preloaded button per leaver.
import './styles.css';
import { followJobDecisions } from './job-decisions.js';
import { followOffboarding } from './offboard-status.js';

followOffboarding(document.querySelector<HTMLElement>('#offboard-status'));
followJobDecisions();

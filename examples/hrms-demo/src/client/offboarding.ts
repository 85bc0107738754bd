// The Offboarding page: one provider (cookie mode) and a preloaded button per leaver.
import './styles.css';
import { followOffboarding } from './offboard-status.js';

followOffboarding(document.querySelector<HTMLElement>('#offboard-status'));

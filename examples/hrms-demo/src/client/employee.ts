// The profile page: the offboard button (token mode) sits in the profile's action bar.
import './styles.css';
import { followOffboarding } from './offboard-status.js';

followOffboarding(document.querySelector<HTMLElement>('#offboard-status'));

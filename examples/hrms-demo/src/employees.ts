/**
 * The demo HRMS's people. In a real HRMS this is the employee database; here it is a fixed list whose
 * emails match the simulated Hexnode fleet in fleet.ts, including every hard case the widget must handle.
 */

/** What the demo shows with this employee (documented in the README's table). */
export type DemoCase =
  | 'three_devices'
  | 'shared_handheld'
  | 'not_in_hexnode'
  | 'no_devices'
  | 'shared_email'
  | 'offline_device'
  | 'mixed_case_email'
  | 'frontline_mixed'
  | 'shift_pool'
  | 'regular';

export interface Employee {
  /** The HRMS's own id, shown in URLs (never the email: PII stays out of URLs). */
  id: string;
  name: string;
  email: string;
  title: string;
  department: string;
  location: string;
  manager: string | null;
  startDate: string;
  /** Days from today to the last working day; null when the employee is not leaving. */
  leavesInDays: number | null;
  demoCase: DemoCase;
}

export const DEMO_CASE_NOTES: Record<DemoCase, string> = {
  three_devices: 'A manager with three devices (iPhone, Windows laptop, Mac): the dialog lists all three.',
  shared_handheld:
    'A shift worker on a rugged handheld from the shared "Warehouse Handhelds" group: the dialog warns it is shared.',
  not_in_hexnode: 'No Hexnode user has this email: the dialog says so and nothing can be sent.',
  no_devices: 'In Hexnode, but with no devices: the dialog says there is nothing to lock or wipe.',
  shared_email: 'Two Hexnode users share this email: the dialog refuses to guess.',
  offline_device:
    'One laptop has not checked in for weeks: the dialog warns that it will act only when it does.',
  mixed_case_email: 'Hexnode stores the email in mixed case: the lookup still finds her.',
  frontline_mixed:
    'One device of each kind: the shared scanner is reassigned to the shift pool, the company laptop wiped, the personal phone only loses its work data (never erased).',
  shift_pool:
    'The pool account shared handhelds are handed to when a worker leaves: the handler finds its Hexnode id by this email.',
  regular: 'An ordinary employee with managed devices.',
};

export const EMPLOYEES: readonly Employee[] = [
  {
    id: 'E1001',
    name: 'Jane Leaver',
    email: 'jane.leaver@acme.example',
    title: 'Regional Sales Manager',
    department: 'Sales',
    location: 'London',
    manager: 'Rita Okafor',
    startDate: '2019-03-04',
    leavesInDays: 2,
    demoCase: 'three_devices',
  },
  {
    id: 'E1002',
    name: 'Sam Shift',
    email: 'sam.shift@acme.example',
    title: 'Warehouse Associate (night shift)',
    department: 'Logistics',
    location: 'Leeds DC',
    manager: 'Dev Patel',
    startDate: '2025-10-01',
    leavesInDays: 0,
    demoCase: 'shared_handheld',
  },
  {
    id: 'E1003',
    name: 'Priya Nair',
    email: 'priya.nair@acme.example',
    title: 'Contract Designer',
    department: 'Marketing',
    location: 'Remote',
    manager: 'Rita Okafor',
    startDate: '2026-06-15',
    leavesInDays: 1,
    demoCase: 'not_in_hexnode',
  },
  {
    id: 'E1004',
    name: 'Noah Brooks',
    email: 'noah.brooks@acme.example',
    title: 'Finance Analyst',
    department: 'Finance',
    location: 'London',
    manager: 'Helen Ward',
    startDate: '2024-01-08',
    leavesInDays: 3,
    demoCase: 'no_devices',
  },
  {
    id: 'E1005',
    name: 'Alex Morgan',
    email: 'reception@acme.example',
    title: 'Receptionist',
    department: 'Facilities',
    location: 'London',
    manager: 'Helen Ward',
    startDate: '2023-05-22',
    leavesInDays: 4,
    demoCase: 'shared_email',
  },
  {
    id: 'E1006',
    name: 'Oliver Grant',
    email: 'oliver.grant@acme.example',
    title: 'Field Engineer',
    department: 'Operations',
    location: 'Manchester',
    manager: 'Dev Patel',
    startDate: '2021-09-13',
    leavesInDays: -1,
    demoCase: 'offline_device',
  },
  {
    id: 'E1007',
    name: 'Mia Chen',
    email: 'mia.chen@acme.example',
    title: 'Product Manager',
    department: 'Product',
    location: 'London',
    manager: 'Rita Okafor',
    startDate: '2022-02-01',
    leavesInDays: null,
    demoCase: 'mixed_case_email',
  },
  {
    id: 'E1008',
    name: 'Tom Baker',
    email: 'tom.baker@acme.example',
    title: 'Store Supervisor',
    department: 'Retail',
    location: 'Bristol',
    manager: 'Dev Patel',
    startDate: '2020-11-30',
    leavesInDays: null,
    demoCase: 'regular',
  },
  {
    id: 'E1009',
    name: 'Lucy Kim',
    email: 'lucy.kim@acme.example',
    title: 'Software Engineer',
    department: 'Engineering',
    location: 'Remote',
    manager: 'Helen Ward',
    startDate: '2023-08-14',
    leavesInDays: null,
    demoCase: 'regular',
  },
  {
    id: 'E1010',
    name: 'Raj Singh',
    email: 'raj.singh@acme.example',
    title: 'Head of People',
    department: 'People',
    location: 'London',
    manager: null,
    startDate: '2018-04-16',
    leavesInDays: null,
    demoCase: 'regular',
  },
  {
    id: 'E1011',
    name: 'Eva Müller',
    email: 'eva.mueller@acme.example',
    title: 'Account Executive',
    department: 'Sales',
    location: 'Berlin',
    manager: 'Jane Leaver',
    startDate: '2025-02-03',
    leavesInDays: null,
    demoCase: 'regular',
  },
  {
    id: 'E1012',
    name: 'Ben Ortiz',
    email: 'ben.ortiz@acme.example',
    title: 'Warehouse Associate (day shift)',
    department: 'Logistics',
    location: 'Leeds DC',
    manager: 'Dev Patel',
    startDate: '2026-09-21',
    leavesInDays: null,
    demoCase: 'regular',
  },
  {
    id: 'E1013',
    name: 'Rosa Frontline',
    email: 'rosa.frontline@acme.example',
    title: 'Picker (north warehouse)',
    department: 'Logistics',
    location: 'Leeds DC',
    manager: 'Dev Patel',
    startDate: '2024-05-13',
    leavesInDays: 1,
    demoCase: 'frontline_mixed',
  },
  {
    id: 'E1014',
    name: 'Shift Pool',
    email: 'shift.pool@acme.example',
    title: 'Shared account for the north warehouse handhelds',
    department: 'Logistics',
    location: 'Leeds DC',
    manager: 'Dev Patel',
    startDate: '2024-01-02',
    leavesInDays: null,
    demoCase: 'shift_pool',
  },
];

export function findEmployee(id: string): Employee | undefined {
  return EMPLOYEES.find((employee) => employee.id === id);
}

/** Case-insensitive search over name, email, title, department and location. */
export function searchEmployees(query: string): Employee[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...EMPLOYEES];
  return EMPLOYEES.filter((employee) => {
    const haystack = [employee.name, employee.email, employee.title, employee.department, employee.location]
      .join(' ')
      .toLowerCase();
    return terms.every((term) => haystack.includes(term));
  });
}

/** The calendar date (YYYY-MM-DD, UTC) of an employee's last day. */
export function lastDay(employee: Employee, now: Date): string | null {
  if (employee.leavesInDays === null) return null;
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + employee.leavesInDays);
  return day.toISOString().slice(0, 10);
}

/** Employees whose last day is within a week of today (the Offboarding page's list), soonest first. */
export function leaversThisWeek(): Employee[] {
  return EMPLOYEES.filter(
    (employee) => employee.leavesInDays !== null && employee.leavesInDays >= -7 && employee.leavesInDays <= 7,
  ).sort((a, b) => (a.leavesInDays ?? 0) - (b.leavesInDays ?? 0));
}

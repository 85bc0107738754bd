/**
 * The device models of "Acme Logistics" and how a model's devices are named and numbered: rugged Android
 * handhelds for the shifts, iPhones, Windows laptops and Macs for the office, tablets for the stores.
 */
import { alnum, digits, hex, type Random } from '../random.js';
import type { DeviceType, Platform } from '../types.js';

export interface Model {
  manufacturer: string;
  modelName: string;
  model: string;
  platform: Platform;
  deviceType: DeviceType;
  osName: string;
  osVersions: readonly string[];
}

const android = (manufacturer: string, modelName: string, deviceType: DeviceType = 'smartphone'): Model => ({
  manufacturer,
  modelName,
  model: modelName,
  platform: 'android',
  deviceType,
  osName: 'Android',
  osVersions: ['10', '11', '12', '13'],
});

export const HANDHELDS: readonly Model[] = [
  android('Zebra Technologies', 'TC52'),
  android('Zebra Technologies', 'TC57'),
  android('Zebra Technologies', 'TC21'),
  android('Zebra Technologies', 'MC3300'),
  android('Honeywell', 'CT40'),
  android('Honeywell', 'CT60'),
  android('Honeywell', 'EDA52'),
];
export const IPHONES: readonly Model[] = [
  ['iPhone 13', 'iPhone14,5'],
  ['iPhone 14', 'iPhone14,7'],
  ['iPhone 15', 'iPhone15,4'],
  ['iPhone SE (3rd generation)', 'iPhone14,6'],
].map(([modelName, model]) => ({
  manufacturer: 'Apple',
  modelName: modelName!,
  model: model!,
  platform: 'ios' as const,
  deviceType: 'smartphone' as const,
  osName: 'iOS',
  osVersions: ['16.7.8', '17.5.1', '17.6.1', '18.1'],
}));
export const LAPTOPS: readonly Model[] = [
  ['Dell Inc.', 'Latitude 5440'],
  ['Dell Inc.', 'Latitude 7440'],
  ['LENOVO', 'ThinkPad T14 Gen 3'],
  ['HP', 'EliteBook 840 G9'],
].map(([manufacturer, modelName]) => ({
  manufacturer: manufacturer!,
  modelName: modelName!,
  model: modelName!,
  platform: 'windows' as const,
  deviceType: 'laptop' as const,
  osName: 'Windows',
  osVersions: ['10.0.19045', '10.0.22631', '10.0.26100'],
}));
export const MACS: readonly Model[] = [
  ['MacBook Air (M2, 2022)', 'Mac14,2'],
  ['MacBook Pro (14-inch, 2023)', 'Mac14,9'],
].map(([modelName, model]) => ({
  manufacturer: 'Apple',
  modelName: modelName!,
  model: model!,
  platform: 'macos' as const,
  deviceType: 'laptop' as const,
  osName: 'macOS',
  osVersions: ['13.6.7', '14.5', '15.1'],
}));
export const TABLETS: readonly Model[] = [
  android('Samsung', 'Galaxy Tab Active3', 'tablet'),
  android('Samsung', 'Galaxy Tab A8', 'tablet'),
  {
    manufacturer: 'Apple',
    modelName: 'iPad (10th generation)',
    model: 'iPad13,18',
    platform: 'ios',
    deviceType: 'tablet',
    osName: 'iPadOS',
    osVersions: ['17.5.1', '18.1'],
  },
];
export const RUGGED_PHONE = android('Samsung', 'Galaxy XCover6 Pro');
export const PERSONAL_PHONE = android('Samsung', 'Galaxy A54');

export const FIRST_NAMES = [
  'Aisha', 'Ben', 'Carlos', 'Dana', 'Elif', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya',
  'Nikos', 'Olivia', 'Priya', 'Quinn', 'Rosa', 'Stefan', 'Tariq', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf',
  'Zoe', 'Amara', 'Bruno', 'Chloe', 'Diego', 'Emma', 'Felix', 'Giulia', 'Hassan', 'Ivy', 'Jakub', 'Kofi', 'Lena',
  'Mateo', 'Nadia', 'Oscar', 'Paula', 'Rahul', 'Sofia', 'Tomas', 'Valentina', 'Wojciech', 'Yara', 'Zain', 'Anya',
] as const; // prettier-ignore
export const LAST_NAMES = [
  'Adeyemi', 'Becker', 'Chen', 'Dubois', 'Eriksen', 'Fernandes', 'Garcia', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski',
  'Lopez', 'Mensah', 'Novak', 'Okafor', 'Patel', 'Quispe', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Varga',
  'Williams', 'Xu', 'Yilmaz', 'Zhang', 'Andersson', 'Brennan', 'Costa', 'Duarte', 'Evans', 'Fischer', 'Gallagher',
  'Horvat', 'Ibrahim', 'Jovanovic', 'Kim', 'Larsen', 'Moreau', 'Nguyen', 'Ortiz', 'Petrov', 'Reyes', 'Silva',
] as const; // prettier-ignore
export const SITES = ['DOCK1', 'DOCK3', 'XDOCK', 'RET04', 'RET11', 'DC-N', 'DC-S'] as const;

export function deviceName(random: Random, model: Model, owner: string | undefined): string {
  switch (model.platform) {
    case 'ios':
    case 'macos': {
      const space = owner === undefined ? -1 : owner.indexOf(' ');
      const first = owner === undefined ? undefined : space === -1 ? owner : owner.slice(0, space);
      const bracket = model.modelName.indexOf(' (');
      const short = bracket === -1 ? model.modelName : model.modelName.slice(0, bracket);
      return first ? `${first}'s ${short}` : model.modelName;
    }
    case 'windows':
      return `ACME-LT-${digits(random, 4)}`;
    case 'android':
      // Android devices report manufacturer and model run together, as recorded from a real portal.
      return `${model.manufacturer.split(' ')[0]}${model.modelName}`;
  }
}

export function serialFor(random: Random, model: Model): string {
  if (model.manufacturer === 'Apple') return (model.deviceType === 'laptop' ? 'C02' : 'F') + alnum(random, 9);
  if (model.manufacturer.startsWith('Zebra')) return digits(random, 14);
  if (model.manufacturer === 'Honeywell') return digits(random, 5) + alnum(random, 5);
  if (model.platform === 'windows') return alnum(random, 7);
  return 'R' + alnum(random, 10);
}

export function udidFor(random: Random, platform: Platform): string {
  if (platform === 'ios') return `00008${digits(random, 3)}-${hex(random, 16).toUpperCase()}`;
  if (platform === 'macos')
    return `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`.toUpperCase();
  if (platform === 'windows') return hex(random, 32).toUpperCase();
  return hex(random, 16);
}

export * from './kinds.js';
export * from './schemas.js';
export * from './http.js';

export * from './schemas.js';
export * from './http.js';

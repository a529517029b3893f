// Identifier rules, one file per identifier; this module gathers them under one name.
export * from './credit-code.ts';
export * from './resident-id.ts';
export * from './divisions.ts';

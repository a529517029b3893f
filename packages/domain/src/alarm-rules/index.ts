export * from './types.ts';
export * from './engine.ts';
export * from './time-window.ts';
export * from './validate.ts';
export * from './cross-checks.ts';
export * from './lifecycle.ts';
export * from './scope.ts';

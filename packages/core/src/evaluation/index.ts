export * from './config.ts';
export * from './county-fiscal.ts';
export * from './distortion.ts';
export * from './experts.ts';
export * from './methods.ts';
export * from './sampling.ts';

export * from './errors';
export * from './saturating';
export * from './ids';
export * from './paths';
export * from './storeFiles';

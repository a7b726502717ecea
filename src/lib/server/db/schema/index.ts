export * from './organisations';
export * from './users';
export * from './audit';
export * from './email';
export * from './contracts';
export * from './referrals';
export * from './notifications';
export * from './api-keys';

import { bigint, integer, timestamp } from 'drizzle-orm/pg-core';

/** Identity primary key; ids are plain numbers in the API. */
export const id = () => integer().primaryKey().generatedAlwaysAsIdentity();
/** For tables that grow to millions of rows (payments, reports, audit). */
export const bigId = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
/** Money: integer fen in a bigint column, read as a JS number (exact below 2^53). */
export const fen = () => bigint({ mode: 'number' });
export const createdAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();

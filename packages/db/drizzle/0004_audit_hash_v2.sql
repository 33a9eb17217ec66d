ALTER TABLE "audit_entries" ALTER COLUMN "id" DROP IDENTITY;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "hash_version" smallint DEFAULT 1 NOT NULL;
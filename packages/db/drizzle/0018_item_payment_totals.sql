CREATE TABLE "item_payment_totals" (
	"item_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"paid_fen" bigint NOT NULL,
	"payments" integer NOT NULL,
	"last_paid_on" date,
	"by_month_fen" bigint[] NOT NULL,
	CONSTRAINT "item_payment_totals_item_id_fiscal_year_pk" PRIMARY KEY("item_id","fiscal_year")
);
--> statement-breakpoint
-- ===== Hand-written (issue 16): running payment totals, kept in the writer's transaction =====
-- Every statement that inserts, updates or deletes payments adds its deltas to
-- item_payment_totals (statement-level, like the marking triggers of 0011: a bulk import of
-- 10,000 payments is one upsert of its distinct items). The upsert adds to the row as it stands
-- when its lock is granted, so concurrent writers never lose each other's sums; keys go in
-- ascending order, so two writers lock them in the same order. When a payment that may have been
-- the last one is removed or moved, that item's last date is recomputed from its payments.
CREATE TYPE jx_payment_delta AS (item_id integer, fiscal_year integer, paid_on date, fen bigint, n integer);
--> statement-breakpoint
CREATE FUNCTION jx_payment_totals_apply(deltas jx_payment_delta[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_payment_totals AS t (item_id, fiscal_year, paid_fen, payments, last_paid_on, by_month_fen)
  SELECT u.item_id, u.fiscal_year, sum(u.fen), sum(u.n), max(u.paid_on) FILTER (WHERE u.n > 0),
         ARRAY[coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 1), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 2), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 3), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 4), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 5), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 6), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 7), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 8), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 9), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 10), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 11), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 12), 0)]::bigint[]
  FROM unnest(deltas) AS u
  GROUP BY u.item_id, u.fiscal_year
  ORDER BY u.item_id, u.fiscal_year
  ON CONFLICT (item_id, fiscal_year) DO UPDATE SET
    paid_fen = t.paid_fen + excluded.paid_fen,
    payments = t.payments + excluded.payments,
    last_paid_on = greatest(t.last_paid_on, excluded.last_paid_on),
    by_month_fen = ARRAY(SELECT x.a + x.b FROM unnest(t.by_month_fen, excluded.by_month_fen) AS x(a, b))::bigint[];
  IF EXISTS (SELECT 1 FROM unnest(deltas) AS u WHERE u.n < 0) THEN
    UPDATE item_payment_totals t
    SET last_paid_on = (SELECT max(e.paid_on) FROM execution_records e
                        WHERE e.item_id = t.item_id AND e.fiscal_year = t.fiscal_year)
    FROM (SELECT DISTINCT u.item_id, u.fiscal_year, u.paid_on FROM unnest(deltas) AS u WHERE u.n < 0) r
    WHERE t.item_id = r.item_id AND t.fiscal_year = r.fiscal_year AND r.paid_on >= t.last_paid_on;
    DELETE FROM item_payment_totals t
    USING (SELECT DISTINCT u.item_id, u.fiscal_year FROM unnest(deltas) AS u WHERE u.n < 0) r
    WHERE t.item_id = r.item_id AND t.fiscal_year = r.fiscal_year AND t.payments = 0;
  END IF;
END
$fn$;
--> statement-breakpoint
CREATE FUNCTION jx_payment_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_payment_totals_apply(ARRAY(
    SELECT ROW(item_id, fiscal_year, paid_on, amount_fen, 1)::jx_payment_delta FROM changed_new));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER execution_records_totals_insert AFTER INSERT ON execution_records REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jx_payment_totals_insert();
--> statement-breakpoint
CREATE FUNCTION jx_payment_totals_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_payment_totals_apply(ARRAY(
    SELECT ROW(item_id, fiscal_year, paid_on, amount_fen, 1)::jx_payment_delta FROM changed_new
    UNION ALL
    SELECT ROW(item_id, fiscal_year, paid_on, -amount_fen, -1)::jx_payment_delta FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER execution_records_totals_update AFTER UPDATE ON execution_records REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_payment_totals_update();
--> statement-breakpoint
CREATE FUNCTION jx_payment_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_payment_totals_apply(ARRAY(
    SELECT ROW(item_id, fiscal_year, paid_on, -amount_fen, -1)::jx_payment_delta FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER execution_records_totals_delete AFTER DELETE ON execution_records REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_payment_totals_delete();
--> statement-breakpoint
-- The payments already recorded.
INSERT INTO item_payment_totals (item_id, fiscal_year, paid_fen, payments, last_paid_on, by_month_fen)
SELECT u.item_id, u.fiscal_year, sum(u.fen), count(*), max(u.paid_on),
       ARRAY[coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 1), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 2), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 3), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 4), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 5), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 6), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 7), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 8), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 9), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 10), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 11), 0),
         coalesce(sum(u.fen) FILTER (WHERE extract(month FROM u.paid_on) = 12), 0)]::bigint[]
FROM (SELECT item_id, fiscal_year, paid_on, amount_fen AS fen FROM execution_records) u
GROUP BY u.item_id, u.fiscal_year;

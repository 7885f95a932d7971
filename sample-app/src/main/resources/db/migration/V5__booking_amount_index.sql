-- The bookings list sorts by amount (@PageParams sortable): without an index every page sorts the whole
-- table. ${concurrently} is CONCURRENTLY on PostgreSQL (application-postgres.yml), so the index builds
-- without blocking writes, and empty on H2, which does not know the keyword. Alone in its migration, so
-- Flyway runs it outside a transaction.
create index ${concurrently} booking_amount_idx on booking (amount);

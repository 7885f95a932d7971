CREATE INDEX CONCURRENTLY account_name_idx ON account (name);

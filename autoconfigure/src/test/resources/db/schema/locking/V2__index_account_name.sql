-- Indexes the account names the search sorts by.
CREATE INDEX account_name_idx ON account (name);

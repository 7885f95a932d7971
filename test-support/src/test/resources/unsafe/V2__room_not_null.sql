alter table booking add column note text;
alter table booking alter column note set not null;

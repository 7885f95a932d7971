create table booking (id bigint primary key, room varchar(20) not null, amount numeric(10, 2) not null);

-- Bookings of the data sample: paginated, scrolled, exported and processed in batches.
create table booking (
    id bigint not null primary key,
    guest_name varchar(100) not null,
    room varchar(20) not null,
    created_at timestamp with time zone not null,
    nights integer not null,
    amount numeric(10, 2) not null,
    status varchar(20) not null
);

-- Keyset pages and the default sort seek on (created_at, id).
create index booking_created_at_id on booking (created_at, id);

create sequence booking_seq start with 1 increment by 50;

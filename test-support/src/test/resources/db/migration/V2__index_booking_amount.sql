create index ${concurrently} booking_amount on booking (amount);

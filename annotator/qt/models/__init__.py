"""Qt item models over the services' plain values (no ORM rows, no SQL here)."""

-- Intentionally empty: this migration number was used by a reverted change.
/* Kept so that the numbering stays contiguous. */

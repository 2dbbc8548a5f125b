package ai.fastmath.training.data;

/** The integer quotient and remainder of a division worked out in a trace. */
record Division(long quotient, long remainder) {}

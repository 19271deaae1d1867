/* rng.h: the project's one seeded PRNG (xoshiro256**, seeded by splitmix64), with independent streams. */
#ifndef RNG_H
#define RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
} rng_state;

void rng_seed(rng_state *r, uint64_t seed);
/* Stream `stream` of `seed`: independent of the others, the same on every machine. */
void rng_seed_stream(rng_state *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(rng_state *r);
/* Uniform in [0, 1) with 53 bits. */
double rng_uniform(rng_state *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t rng_below(rng_state *r, uint64_t n);

#endif

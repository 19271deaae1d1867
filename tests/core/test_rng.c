/* test_rng.c: the seeded PRNG: golden outputs, independent streams, ranges and uniformity.
   Golden values come from an independent implementation of splitmix64 seeding and
   xoshiro256** (Blackman & Vigna 2018), so they pin the algorithm, not just this code. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>

#include "rng.h"

static void test_golden_seed_0(void **state)
{
    (void)state;
    static const uint64_t want[4] = {0x99ec5f36cb75f2b4ull, 0xbf6e1f784956452aull,
                                     0x1a5f849d4933e6e0ull, 0x6aa594f1262d2d2cull};
    rng_state r;
    rng_seed(&r, 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(rng_next(&r), want[i]);
}

static void test_golden_seed_42(void **state)
{
    (void)state;
    static const uint64_t want[4] = {0x15780b2e0c2ec716ull, 0x6104d9866d113a7eull,
                                     0xae17533239e499a1ull, 0xecb8ad4703b360a1ull};
    rng_state r;
    rng_seed(&r, 42);
    for (int i = 0; i < 4; i++)
        assert_int_equal(rng_next(&r), want[i]);
}

static void test_golden_streams(void **state)
{
    (void)state;
    static const uint64_t s0[3] = {0xb87d55476bc46e06ull, 0xfa9163840a0ffb5eull,
                                   0x573e6885eb026b30ull};
    static const uint64_t s1[3] = {0x7e4b507769d7cb88ull, 0x72b2edef7631b466ull,
                                   0x5ae8bf7394b8297bull};
    rng_state a, b;
    rng_seed_stream(&a, 42, 0);
    rng_seed_stream(&b, 42, 1);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(rng_next(&a), s0[i]);
        assert_int_equal(rng_next(&b), s1[i]);
    }
}

static void test_golden_uniform(void **state)
{
    (void)state;
    /* the top 53 bits of the first outputs of seed 7, scaled by 2^-53: exact doubles */
    rng_state r;
    rng_seed(&r, 7);
    assert_true(rng_uniform(&r) == 0.7005764821796896);
    assert_true(rng_uniform(&r) == 0.2787512294737843);
    assert_true(rng_uniform(&r) == 0.8396274618764198);
}

static void test_same_seed_same_sequence(void **state)
{
    (void)state;
    rng_state a, b;
    rng_seed(&a, 123456789);
    rng_seed(&b, 123456789);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(rng_next(&a), rng_next(&b));
    rng_seed_stream(&a, 9, 3);
    rng_seed_stream(&b, 9, 3);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(rng_next(&a), rng_next(&b));
}

static void test_streams_and_seeds_differ(void **state)
{
    (void)state;
    /* Different streams of one seed, neighbouring seeds, and a stream against the plain seed:
       no two of these share any of their first 64 outputs. */
    enum { N = 6, LEN = 64 };
    uint64_t out[N][LEN];
    rng_state r;
    for (int s = 0; s < 4; s++) {
        rng_seed_stream(&r, 2025, (uint64_t)s);
        for (int i = 0; i < LEN; i++)
            out[s][i] = rng_next(&r);
    }
    rng_seed(&r, 2025);
    for (int i = 0; i < LEN; i++)
        out[4][i] = rng_next(&r);
    rng_seed(&r, 2026);
    for (int i = 0; i < LEN; i++)
        out[5][i] = rng_next(&r);
    for (int a = 0; a < N; a++)
        for (int b = a + 1; b < N; b++)
            for (int i = 0; i < LEN; i++)
                for (int j = 0; j < LEN; j++)
                    assert_true(out[a][i] != out[b][j]);
    /* and stream k of seed s is not stream k of seed s + 1 */
    rng_state x, y;
    rng_seed_stream(&x, 1, 5);
    rng_seed_stream(&y, 2, 5);
    assert_true(rng_next(&x) != rng_next(&y));
}

static void test_below_in_range(void **state)
{
    (void)state;
    rng_state r;
    rng_seed(&r, 99);
    static const uint64_t ns[] = {1, 2, 3, 7, 10, 1000, 1ull << 32, (1ull << 63) + 1,
                                  UINT64_MAX};
    for (size_t t = 0; t < sizeof ns / sizeof ns[0]; t++)
        for (int i = 0; i < 2000; i++)
            assert_true(rng_below(&r, ns[t]) < ns[t]);
    for (int i = 0; i < 100; i++)
        assert_int_equal(rng_below(&r, 1), 0);
    /* a range just above 2^63 must still reach its upper half */
    bool high = false;
    for (int i = 0; i < 200 && !high; i++)
        high = rng_below(&r, (1ull << 63) + 1) >= (1ull << 62);
    assert_true(high);
}

static void test_below_roughly_uniform(void **state)
{
    (void)state;
    /* Chi-square over 10 cells, 100000 draws, fixed seed: deterministic, so it cannot flake.
       The 0.999 quantile of chi-square with 9 degrees of freedom is 27.9; allow 30. */
    enum { CELLS = 10, DRAWS = 100000 };
    rng_state r;
    rng_seed(&r, 5);
    long count[CELLS] = {0};
    for (int i = 0; i < DRAWS; i++)
        count[rng_below(&r, CELLS)]++;
    double expected = (double)DRAWS / CELLS, chi2 = 0;
    for (int c = 0; c < CELLS; c++) {
        double d = (double)count[c] - expected;
        chi2 += d * d / expected;
        assert_true(count[c] > 0);
    }
    if (!(chi2 < 30.0))
        fail_msg("chi-square %.2f over %d cells", chi2, CELLS);
    /* A range of 2/3 of 2^64, split in thirds: a plain x % n would hit the first third twice
       as often as the last (about 46% / 32% / 23%); rejection keeps each near a third. */
    rng_seed(&r, 6);
    long third[3] = {0};
    uint64_t n = UINT64_MAX / 3 * 2 + 1; /* values below n, split in thirds */
    for (int i = 0; i < 30000; i++) {
        uint64_t x = rng_below(&r, n);
        third[x < n / 3 ? 0 : x < n / 3 * 2 ? 1 : 2]++;
    }
    for (int c = 0; c < 3; c++)
        assert_true(third[c] > 9500 && third[c] < 10500);
}

static void test_uniform_range(void **state)
{
    (void)state;
    rng_state r;
    rng_seed(&r, 11);
    double sum = 0, lo = 1, hi = 0;
    enum { DRAWS = 100000 };
    long halves[2] = {0};
    for (int i = 0; i < DRAWS; i++) {
        double u = rng_uniform(&r);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
        halves[u >= 0.5]++;
    }
    double mean = sum / DRAWS;
    assert_true(mean > 0.49 && mean < 0.51);
    assert_true(lo < 0.001 && hi > 0.999);
    assert_true(halves[0] > 49000 && halves[1] > 49000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_seed_0),
        cmocka_unit_test(test_golden_seed_42),
        cmocka_unit_test(test_golden_streams),
        cmocka_unit_test(test_golden_uniform),
        cmocka_unit_test(test_same_seed_same_sequence),
        cmocka_unit_test(test_streams_and_seeds_differ),
        cmocka_unit_test(test_below_in_range),
        cmocka_unit_test(test_below_roughly_uniform),
        cmocka_unit_test(test_uniform_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

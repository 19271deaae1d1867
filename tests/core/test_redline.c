/* test_redline.c: red-line predicates: exact evaluation, three-valued evaluation on partial
   packages, the issues a predicate mentions, and its plain-words description. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "fixture.h"
#include "model.h"
#include "redline.h"

/* Three issues of four options; "troops", "money", "veto" for readable descriptions. */
static model_scenario *make(void)
{
    model_scenario *scn = fx_scenario(3, 4, 1);
    scn->issues[0].label = model_strdup(scn, "US ground troops");
    scn->issues[1].label = model_strdup(scn, "Reconstruction money");
    scn->issues[2].label = model_strdup(scn, "Russian veto");
    static const char *const ids[3][4] = {{"none", "air", "advisers", "deployed"},
                                          {"zero", "low", "mid", "high"},
                                          {"no", "consult", "partial", "full"}};
    for (int k = 0; k < 3; k++)
        for (int o = 0; o < 4; o++)
            snprintf(scn->issues[k].options[o].id, sizeof scn->issues[k].options[o].id, "%s",
                     ids[k][o]);
    fx_finish(scn);
    return scn;
}

static model_package pkg3(int a, int b, int c)
{
    model_package p;
    memset(&p, 0, sizeof p);
    p.opt[0] = (uint8_t)a;
    p.opt[1] = (uint8_t)b;
    p.opt[2] = (uint8_t)c;
    return p;
}

/* ---- exact evaluation ------------------------------------------------------------------ */

static void test_eval_comparisons(void **state)
{
    (void)state;
    model_scenario *scn = make();
    int eq = fx_lit(scn, RL_EQ, 0, 2), ne = fx_lit(scn, RL_NE, 0, 2);
    int ge = fx_lit(scn, RL_GE, 0, 2), le = fx_lit(scn, RL_LE, 0, 2);
    int t = fx_true(scn);
    for (int o = 0; o < 4; o++) {
        model_package p = pkg3(o, 3 - o, o);
        assert_int_equal(redline_eval(scn, eq, &p), o == 2);
        assert_int_equal(redline_eval(scn, ne, &p), o != 2);
        assert_int_equal(redline_eval(scn, ge, &p), o >= 2);
        assert_int_equal(redline_eval(scn, le, &p), o <= 2);
        assert_true(redline_eval(scn, t, &p));
    }
    model_free(scn);
}

static void test_eval_connectives(void **state)
{
    (void)state;
    model_scenario *scn = make();
    int a = fx_lit(scn, RL_EQ, 0, 1); /* troops == air */
    int b = fx_lit(scn, RL_GE, 1, 2); /* money >= mid */
    int and_ = fx_bin(scn, RL_AND, a, b), or_ = fx_bin(scn, RL_OR, a, b);
    int not_ = fx_not(scn, a), imp = fx_bin(scn, RL_IMPLIES, a, b);
    for (int x = 0; x < 2; x++)
        for (int y = 0; y < 2; y++) {
            /* x: troops air or not; y: money high or zero */
            model_package p = pkg3(x ? 1 : 3, y ? 3 : 0, 0);
            assert_int_equal(redline_eval(scn, and_, &p), x && y);
            assert_int_equal(redline_eval(scn, or_, &p), x || y);
            assert_int_equal(redline_eval(scn, not_, &p), !x);
            assert_int_equal(redline_eval(scn, imp, &p), !x || y);
        }
    /* nested: not (a and (b or c)) */
    int c = fx_lit(scn, RL_LE, 2, 0);
    int nested = fx_not(scn, fx_bin(scn, RL_AND, a, fx_bin(scn, RL_OR, b, c)));
    model_package p = pkg3(1, 0, 0);
    assert_false(redline_eval(scn, nested, &p));
    p = pkg3(1, 0, 1);
    assert_true(redline_eval(scn, nested, &p));
    p = pkg3(2, 3, 0);
    assert_true(redline_eval(scn, nested, &p));
    model_free(scn);
}

/* ---- three-valued evaluation --------------------------------------------------------------- */

static void test_eval3_unknown_until_assigned(void **state)
{
    (void)state;
    model_scenario *scn = make();
    int a = fx_lit(scn, RL_EQ, 0, 1);
    model_package p = pkg3(1, 0, 0);
    assert_int_equal(redline_eval3(scn, a, &p, 0), REDLINE_UNKNOWN);
    /* other issues assigned: still unknown */
    assert_int_equal(redline_eval3(scn, a, &p, 0x6), REDLINE_UNKNOWN);
    assert_int_equal(redline_eval3(scn, a, &p, 0x1), REDLINE_TRUE);
    p.opt[0] = 2;
    assert_int_equal(redline_eval3(scn, a, &p, 0x1), REDLINE_FALSE);
    assert_int_equal(redline_eval3(scn, fx_not(scn, a), &p, 0), REDLINE_UNKNOWN);
    assert_int_equal(redline_eval3(scn, fx_not(scn, a), &p, 1), REDLINE_TRUE);
    assert_int_equal(redline_eval3(scn, fx_true(scn), &p, 0), REDLINE_TRUE);
    model_free(scn);
}

static void test_eval3_one_side_decides(void **state)
{
    (void)state;
    model_scenario *scn = make();
    int t0 = fx_lit(scn, RL_EQ, 0, 0); /* true when troops none (issue 0 assigned) */
    int f0 = fx_lit(scn, RL_NE, 0, 0); /* false then */
    int u1 = fx_lit(scn, RL_EQ, 1, 0); /* on issue 1, left unassigned */
    model_package p = pkg3(0, 0, 0);
    uint64_t assigned = 0x1;
    /* false and unknown = false; unknown and false = false */
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_AND, f0, u1), &p, assigned), REDLINE_FALSE);
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_AND, u1, f0), &p, assigned), REDLINE_FALSE);
    /* true and unknown = unknown */
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_AND, t0, u1), &p, assigned),
                     REDLINE_UNKNOWN);
    /* true or unknown = true, both orders; false or unknown = unknown */
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_OR, t0, u1), &p, assigned), REDLINE_TRUE);
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_OR, u1, t0), &p, assigned), REDLINE_TRUE);
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_OR, f0, u1), &p, assigned),
                     REDLINE_UNKNOWN);
    /* implies: false antecedent = true; true consequent = true; true -> unknown = unknown */
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_IMPLIES, f0, u1), &p, assigned),
                     REDLINE_TRUE);
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_IMPLIES, u1, t0), &p, assigned),
                     REDLINE_TRUE);
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_IMPLIES, t0, u1), &p, assigned),
                     REDLINE_UNKNOWN);
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_IMPLIES, u1, f0), &p, assigned),
                     REDLINE_UNKNOWN);
    assert_int_equal(redline_eval3(scn, fx_bin(scn, RL_IMPLIES, t0, f0), &p, assigned),
                     REDLINE_FALSE);
    model_free(scn);
}

/* On random predicates: whenever eval3 decides on a partial package, every completion agrees;
   when every issue is assigned it equals eval exactly. */
static void test_eval3_sound_on_random_predicates(void **state)
{
    (void)state;
    rng_state r;
    rng_seed(&r, 2024);
    model_scenario *scn = fx_scenario(3, 3, 1);
    fx_finish(scn);
    int decided = 0;
    for (int trial = 0; trial < 300; trial++) {
        scn->node_count = 0;
        int node = fx_random_predicate(scn, &r);
        if (rng_below(&r, 2)) /* deeper trees too */
            node = fx_bin(scn, rng_below(&r, 2) ? RL_AND : RL_OR, node,
                          fx_random_predicate(scn, &r));
        for (uint64_t assigned = 0; assigned < 8; assigned++) {
            model_package base;
            fx_first(&base);
            do {
                redline_truth t3 = redline_eval3(scn, node, &base, assigned);
                if (assigned == 7)
                    assert_int_equal(t3, redline_eval(scn, node, &base) ? REDLINE_TRUE
                                                                         : REDLINE_FALSE);
                if (t3 == REDLINE_UNKNOWN)
                    continue;
                decided++;
                /* every completion of the assigned issues */
                model_package q;
                fx_first(&q);
                do {
                    model_package c = q;
                    for (int k = 0; k < 3; k++)
                        if ((assigned >> k) & 1u)
                            c.opt[k] = base.opt[k];
                    assert_int_equal(redline_eval(scn, node, &c), t3 == REDLINE_TRUE);
                } while (fx_next(scn, &q));
            } while (fx_next(scn, &base));
        }
    }
    assert_true(decided > 1000);
    model_free(scn);
}

/* ---- issues -------------------------------------------------------------------------------- */

static void test_issues(void **state)
{
    (void)state;
    model_scenario *scn = make();
    int a = fx_lit(scn, RL_EQ, 0, 1), b = fx_lit(scn, RL_GE, 2, 2), c = fx_lit(scn, RL_LE, 2, 1);
    assert_int_equal(redline_issues(scn, a), 0x1);
    assert_int_equal(redline_issues(scn, fx_not(scn, b)), 0x4);
    assert_int_equal(redline_issues(scn, fx_bin(scn, RL_IMPLIES, a, b)), 0x5);
    assert_int_equal(redline_issues(scn, fx_bin(scn, RL_OR, b, c)), 0x4);
    assert_int_equal(redline_issues(scn, fx_true(scn)), 0);
    model_free(scn);
}

/* ---- descriptions ---------------------------------------------------------------------------- */

static void check_text(const model_scenario *scn, int node, const char *want)
{
    char buf[512];
    size_t n = redline_describe(scn, node, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_describe_literals(void **state)
{
    (void)state;
    model_scenario *scn = make();
    check_text(scn, fx_lit(scn, RL_EQ, 0, 3), "US ground troops is 'deployed'");
    check_text(scn, fx_lit(scn, RL_NE, 0, 3), "US ground troops is not 'deployed'");
    check_text(scn, fx_lit(scn, RL_GE, 1, 2), "Reconstruction money is at least 'mid'");
    check_text(scn, fx_lit(scn, RL_LE, 2, 1), "Russian veto is at most 'consult'");
    check_text(scn, fx_true(scn), "always");
    check_text(scn, fx_not(scn, fx_lit(scn, RL_EQ, 2, 3)), "not (Russian veto is 'full')");
    model_free(scn);
}

static void test_describe_connectives(void **state)
{
    (void)state;
    model_scenario *scn = make();
    int a = fx_lit(scn, RL_EQ, 0, 0), b = fx_lit(scn, RL_GE, 1, 3), c = fx_lit(scn, RL_EQ, 2, 0);
    /* chained "or", nested either way, reads without brackets */
    check_text(scn, fx_bin(scn, RL_OR, fx_bin(scn, RL_OR, a, b), c),
               "US ground troops is 'none' or Reconstruction money is at least 'high' or "
               "Russian veto is 'no'");
    check_text(scn, fx_bin(scn, RL_OR, a, fx_bin(scn, RL_OR, b, c)),
               "US ground troops is 'none' or Reconstruction money is at least 'high' or "
               "Russian veto is 'no'");
    check_text(scn, fx_bin(scn, RL_AND, fx_bin(scn, RL_AND, a, b), c),
               "US ground troops is 'none' and Reconstruction money is at least 'high' and "
               "Russian veto is 'no'");
    /* mixing connectives brackets the inner one */
    check_text(scn, fx_bin(scn, RL_OR, fx_bin(scn, RL_AND, a, b), c),
               "(US ground troops is 'none' and Reconstruction money is at least 'high') or "
               "Russian veto is 'no'");
    check_text(scn, fx_bin(scn, RL_AND, a, fx_bin(scn, RL_OR, b, c)),
               "US ground troops is 'none' and (Reconstruction money is at least 'high' or "
               "Russian veto is 'no')");
    check_text(scn, fx_bin(scn, RL_IMPLIES, a, b),
               "if US ground troops is 'none' then Reconstruction money is at least 'high'");
    check_text(scn, fx_bin(scn, RL_IMPLIES, fx_bin(scn, RL_OR, a, c), b),
               "if (US ground troops is 'none' or Russian veto is 'no') then Reconstruction "
               "money is at least 'high'");
    check_text(scn, fx_not(scn, fx_bin(scn, RL_OR, a, c)),
               "not (US ground troops is 'none' or Russian veto is 'no')");
    model_free(scn);
}

static void test_describe_truncates_safely(void **state)
{
    (void)state;
    model_scenario *scn = make();
    int node = fx_bin(scn, RL_OR, fx_lit(scn, RL_EQ, 0, 0), fx_lit(scn, RL_EQ, 2, 0));
    const char *full = "US ground troops is 'none' or Russian veto is 'no'";
    char buf[16];
    memset(buf, '#', sizeof buf);
    size_t n = redline_describe(scn, node, buf, sizeof buf);
    assert_int_equal(n, strlen(full)); /* what it wanted to write */
    assert_int_equal(strlen(buf), sizeof buf - 1);
    assert_memory_equal(buf, full, sizeof buf - 1);
    /* size 0: nothing written at all, length still reported */
    char one = '#';
    assert_int_equal(redline_describe(scn, node, &one, 0), strlen(full));
    assert_int_equal(one, '#');
    model_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_comparisons),
        cmocka_unit_test(test_eval_connectives),
        cmocka_unit_test(test_eval3_unknown_until_assigned),
        cmocka_unit_test(test_eval3_one_side_decides),
        cmocka_unit_test(test_eval3_sound_on_random_predicates),
        cmocka_unit_test(test_issues),
        cmocka_unit_test(test_describe_literals),
        cmocka_unit_test(test_describe_connectives),
        cmocka_unit_test(test_describe_truncates_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

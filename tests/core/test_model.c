/* test_model.c: the scenario model: utilities, violations, required signatories, the decision
   rule, deals, cloning and model_finish's checks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "model.h"

#define TOL 1e-12

static model_package pkg2(int a, int b)
{
    model_package p;
    memset(&p, 0, sizeof p);
    p.opt[0] = (uint8_t)a;
    p.opt[1] = (uint8_t)b;
    return p;
}

/* ---- utilities ----------------------------------------------------------------------- */

static void test_utility_is_salience_weighted_sum(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(2, 3, 1);
    scn->actors[0].salience[0] = 2.0;
    scn->actors[0].salience[1] = 6.0;
    fx_values(scn, 0, 0, (double[]){0.0, 0.4, 1.0});
    fx_values(scn, 0, 1, (double[]){1.0, 0.2, 0.0});
    fx_finish(scn);
    /* saliences normalised to 0.25 and 0.75 */
    assert_near(scn->actors[0].salience[0], 0.25, TOL);
    assert_near(scn->actors[0].salience[1], 0.75, TOL);
    model_package p = pkg2(1, 1);
    assert_near(model_utility(scn, 0, &p), 0.25 * 0.4 + 0.75 * 0.2, TOL);
    p = pkg2(2, 0);
    assert_near(model_utility(scn, 0, &p), 1.0, TOL);
    p = pkg2(0, 2);
    assert_near(model_utility(scn, 0, &p), 0.0, TOL);
    /* every package: the same sum, written out */
    fx_first(&p);
    do {
        double want = 0.25 * scn->actors[0].value[0][p.opt[0]] +
                      0.75 * scn->actors[0].value[1][p.opt[1]];
        assert_near(model_utility(scn, 0, &p), want, TOL);
    } while (fx_next(scn, &p));
    model_free(scn);
}

static void test_utility_scale_free_in_salience(void **state)
{
    (void)state;
    /* Saliences (1, 3) and (10, 30) describe the same actor. */
    model_scenario *scn = fx_scenario(2, 2, 2);
    scn->actors[0].salience[0] = 1;
    scn->actors[0].salience[1] = 3;
    scn->actors[1].salience[0] = 10;
    scn->actors[1].salience[1] = 30;
    for (int i = 0; i < 2; i++) {
        fx_values(scn, i, 0, (double[]){0.1, 0.9});
        fx_values(scn, i, 1, (double[]){0.7, 0.3});
    }
    fx_finish(scn);
    model_package p;
    fx_first(&p);
    do
        assert_near(model_utility(scn, 0, &p), model_utility(scn, 1, &p), TOL);
    while (fx_next(scn, &p));
    model_free(scn);
}

static void test_utility_ideal_derived_values(void **state)
{
    (void)state;
    /* 5 ordered options, ideal at option 1: linear values 0.75 1 0.75 0.5 0.25. */
    model_scenario *scn = fx_scenario(2, 5, 2);
    fx_ideal(scn, 0, 0, 1, false);
    fx_ideal(scn, 0, 1, 4, false);
    fx_ideal(scn, 1, 0, 1, true);
    fx_ideal(scn, 1, 1, 4, true);
    scn->actors[0].salience[0] = scn->actors[1].salience[0] = 1;
    scn->actors[0].salience[1] = scn->actors[1].salience[1] = 1;
    fx_finish(scn);
    model_package p = pkg2(3, 0);
    /* linear: 0.5 * (1 - 2/4) + 0.5 * (1 - 4/4) = 0.25 */
    assert_near(model_utility(scn, 0, &p), 0.25, TOL);
    /* quadratic: 0.5 * (1 - 1/4) + 0.5 * (1 - 1) = 0.375 */
    assert_near(model_utility(scn, 1, &p), 0.375, TOL);
    p = pkg2(1, 4);
    assert_near(model_utility(scn, 0, &p), 1.0, TOL);
    assert_near(model_utility(scn, 1, &p), 1.0, TOL);
    model_free(scn);
}

static void test_package_count(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(3, 4, 1);
    scn->issues[1].option_count = 2;
    fx_finish(scn);
    assert_near(model_package_count(scn), 4.0 * 2.0 * 4.0, 0);
    model_free(scn);
}

/* ---- violations ------------------------------------------------------------------------ */

static void test_violations_bits(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(2, 3, 1);
    fx_values(scn, 0, 0, (double[]){0.0, 0.5, 1.0});
    fx_values(scn, 0, 1, (double[]){0.0, 0.5, 1.0});
    scn->actors[0].reservation = 0.5;
    fx_redline(scn, 0, fx_lit(scn, RL_NE, 0, 0), "issue 0 never o0");  /* bit 0 */
    fx_redline(scn, 0, fx_lit(scn, RL_LE, 1, 1), "issue 1 at most o1"); /* bit 1 */
    fx_finish(scn);

    model_package p = pkg2(1, 1); /* u = 0.5, exactly the reservation: accepted */
    assert_int_equal(model_violations(scn, 0, &p), 0);
    p = pkg2(0, 1); /* r0 broken and u = 0.25 */
    assert_int_equal(model_violations(scn, 0, &p), (1u << 0) | MODEL_RESERVATION_BIT);
    p = pkg2(2, 2); /* r1 broken, u = 1 */
    assert_int_equal(model_violations(scn, 0, &p), 1u << 1);
    p = pkg2(0, 2); /* both red lines, u = 0.5 */
    assert_int_equal(model_violations(scn, 0, &p), (1u << 0) | (1u << 1));
    p = pkg2(1, 0); /* only the reservation: u = 0.25 */
    assert_int_equal(model_violations(scn, 0, &p), MODEL_RESERVATION_BIT);
    assert_int_equal(model_accepting(scn, &p), 0);
    p = pkg2(2, 1);
    assert_int_equal(model_accepting(scn, &p), 1);
    model_free(scn);
}

static void test_violations_thirty_first_redline(void **state)
{
    (void)state;
    /* The largest red-line table still keeps bit 30 apart from the reservation bit. */
    model_scenario *scn = fx_scenario(1, 2, 1);
    fx_values(scn, 0, 0, (double[]){1.0, 1.0});
    int t = fx_true(scn);
    for (int r = 0; r < MODEL_MAX_REDLINES - 1; r++)
        fx_redline(scn, 0, t, "always");
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 0, 0), "o0 only");
    fx_finish(scn);
    model_package p;
    memset(&p, 0, sizeof p);
    p.opt[0] = 1;
    assert_int_equal(model_violations(scn, 0, &p), 1u << 30);
    model_free(scn);
}

/* ---- required signatories and the rule ------------------------------------------------------ */

static void test_required_static_conditional_and_owners(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(2, 3, 4);
    scn->rule.required = fx_bit(0);
    /* "If issue 0 is o2, actor 2 must sign." */
    scn->rule.conditions[0] = (model_condition){.node = fx_lit(scn, RL_EQ, 0, 2),
                                                .actors = fx_bit(2), .label = NULL};
    scn->rule.condition_count = 1;
    /* Issue 1 is actor 3's contribution; its default (no contribution) is o1. */
    scn->issues[1].owner = 3;
    scn->issues[1].default_option = 1;
    fx_finish(scn);

    model_package p = pkg2(0, 1);
    assert_int_equal(model_required(scn, &p), fx_bit(0));
    p = pkg2(2, 1);
    assert_int_equal(model_required(scn, &p), fx_bit(0) | fx_bit(2));
    p = pkg2(1, 0);
    assert_int_equal(model_required(scn, &p), fx_bit(0) | fx_bit(3));
    p = pkg2(2, 2);
    assert_int_equal(model_required(scn, &p), fx_bit(0) | fx_bit(2) | fx_bit(3));
    model_free(scn);
}

static void test_rule_required_must_accept(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(1, 2, 3);
    scn->rule.required = fx_bit(0) | fx_bit(1);
    scn->issues[0].owner = 2;
    fx_finish(scn);
    model_package p;
    memset(&p, 0, sizeof p);
    assert_true(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1)));
    assert_false(model_rule_met(scn, &p, fx_bit(0) | fx_bit(2)));
    p.opt[0] = 1; /* actor 2 contributes, so it must sign too */
    assert_false(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1)));
    assert_true(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1) | fx_bit(2)));
    model_free(scn);
}

static void test_rule_min_guarantors(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(1, 2, 5);
    scn->rule.required = fx_bit(0);
    scn->rule.guarantors = fx_bit(1) | fx_bit(2) | fx_bit(3);
    scn->rule.min_guarantors = 2;
    fx_finish(scn);
    model_package p;
    memset(&p, 0, sizeof p);
    assert_false(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1)));
    /* actor 4 accepts but is no guarantor */
    assert_false(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1) | fx_bit(4)));
    assert_true(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1) | fx_bit(3)));
    assert_true(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1) | fx_bit(2) | fx_bit(3)));
    /* guarantors alone, without the required actor, are not enough */
    assert_false(model_rule_met(scn, &p, fx_bit(1) | fx_bit(2) | fx_bit(3)));
    model_free(scn);
}

static void test_rule_guarantor_outside_parties_does_not_count(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(1, 2, 3);
    scn->rule.parties = fx_bit(0) | fx_bit(1);
    scn->rule.required = fx_bit(0);
    scn->rule.guarantors = fx_bit(1) | fx_bit(2);
    scn->rule.min_guarantors = 1;
    fx_finish(scn);
    model_package p;
    memset(&p, 0, sizeof p);
    assert_false(model_rule_met(scn, &p, fx_bit(0) | fx_bit(2)));
    assert_true(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1)));
    model_free(scn);
}

static void test_rule_min_guarantor_share(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(1, 2, 4);
    scn->rule.required = fx_bit(0);
    scn->rule.guarantors = fx_bit(1) | fx_bit(2) | fx_bit(3);
    scn->actors[0].capability = 100; /* not a guarantor: never counts towards the share */
    scn->actors[1].capability = 5;
    scn->actors[2].capability = 3;
    scn->actors[3].capability = 2;
    scn->rule.min_guarantor_share = 0.5; /* of 10 */
    fx_finish(scn);
    model_package p;
    memset(&p, 0, sizeof p);
    assert_true(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1)));            /* 5 of 10 */
    assert_false(model_rule_met(scn, &p, fx_bit(0) | fx_bit(2)));           /* 3 of 10 */
    assert_true(model_rule_met(scn, &p, fx_bit(0) | fx_bit(2) | fx_bit(3))); /* 5 of 10 */
    assert_false(model_rule_met(scn, &p, fx_bit(0) | fx_bit(3)));
    /* both a count and a share: two guarantors and half the capability */
    scn->rule.min_guarantors = 2;
    assert_false(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1)));
    assert_true(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1) | fx_bit(3)));
    assert_true(model_rule_met(scn, &p, fx_bit(0) | fx_bit(1) | fx_bit(2)));
    assert_true(model_rule_met(scn, &p, fx_bit(0) | fx_bit(2) | fx_bit(3)));
    assert_false(model_rule_met(scn, &p, fx_bit(1) | fx_bit(2) | fx_bit(3))); /* 0 missing */
    model_free(scn);
}

/* ---- deals and signatories --------------------------------------------------------------- */

static void test_is_deal_signatories(void **state)
{
    (void)state;
    /* One issue, 3 options. Actor 0 (required) refuses o0; actor 1 wants o2 with reservation
       0.6; actor 2 accepts anything; actor 3 accepts anything but is not a party. */
    model_scenario *scn = fx_scenario(1, 3, 4);
    for (int i = 0; i < 4; i++)
        fx_values(scn, i, 0, (double[]){0.0, 0.5, 1.0});
    fx_redline(scn, 0, fx_lit(scn, RL_NE, 0, 0), "never o0");
    scn->actors[1].reservation = 0.6;
    scn->rule.parties = fx_bit(0) | fx_bit(1) | fx_bit(2);
    scn->rule.required = fx_bit(0);
    fx_finish(scn);

    model_package p;
    memset(&p, 0, sizeof p);
    model_set sig = 123;
    assert_false(model_is_deal(scn, &p, &sig));
    assert_int_equal(sig, 0);
    p.opt[0] = 1;
    assert_true(model_is_deal(scn, &p, &sig));
    assert_int_equal(sig, fx_bit(0) | fx_bit(2)); /* 1 is below its reservation; 3 no party */
    p.opt[0] = 2;
    assert_true(model_is_deal(scn, &p, &sig));
    assert_int_equal(sig, fx_bit(0) | fx_bit(1) | fx_bit(2));
    assert_true(model_is_deal(scn, &p, NULL));
    assert_int_equal(model_accepting(scn, &p), 0xf);
    model_free(scn);
}

static void test_nash_term(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(1, 2, 1);
    scn->actors[0].reservation = 0.2;
    fx_finish(scn);
    assert_near(scn->rule.outsider_gain, 0.01, 0); /* the documented default */
    assert_near(model_nash_term(scn, 0, 0.5, true), log(0.3), TOL);
    /* a non-signer enters with the fixed neutral term, whatever its utility */
    assert_near(model_nash_term(scn, 0, 0.9, false), log(0.01), TOL);
    /* a gain below the floor is floored, never log of something <= 0 */
    assert_near(model_nash_term(scn, 0, 0.2, true), log(0.01), TOL);
    assert_near(model_nash_term(scn, 0, 0.1, true), log(0.01), TOL);
    scn->rule.outsider_gain = 0.05;
    assert_near(model_nash_term(scn, 0, 0.9, false), log(0.05), TOL);
    model_free(scn);
}

/* ---- building ------------------------------------------------------------------------------ */

static void test_clone_is_deep(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(2, 3, 2);
    scn->description = model_strdup(scn, "A long description");
    scn->variant = model_strdup(scn, "baseline");
    scn->source_path = model_strdup(scn, "/somewhere/scenario.lua");
    scn->variant_count = 1;
    snprintf(scn->variants[0].id, sizeof scn->variants[0].id, "baseline");
    scn->variants[0].label = model_strdup(scn, "Baseline");
    scn->variants[0].description = model_strdup(scn, "As things stand");
    scn->actors[0].source = model_strdup(scn, "a source");
    scn->actors[1].position_source[1] = model_strdup(scn, "position source");
    fx_values(scn, 0, 0, (double[]){0.1, 0.2, 0.3});
    fx_redline(scn, 1, fx_lit(scn, RL_NE, 1, 2), "No o2 on issue 1");
    scn->rule.conditions[0] = (model_condition){
        .node = fx_lit(scn, RL_EQ, 0, 1), .actors = fx_bit(1),
        .label = model_strdup(scn, "if o1 then A1 signs")};
    scn->rule.condition_count = 1;
    /* A guarantor quota, so that the rule does not default to "every party signs". */
    scn->rule.guarantors = fx_bit(0);
    scn->rule.min_guarantors = 1;
    /* Push strings over more than one arena chunk. */
    char big[20000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    scn->actors[1].source = model_strdup(scn, big);
    fx_finish(scn);

    model_scenario *copy = model_clone(scn);
    assert_non_null(copy);
    assert_ptr_not_equal(copy->title, scn->title);
    assert_ptr_not_equal(copy->actors[1].redlines[0].label, scn->actors[1].redlines[0].label);
    /* Mutating the copy leaves the original alone. */
    copy->actors[0].value[0][0] = 0.9;
    copy->actors[0].name[0] = 'Z';
    assert_near(scn->actors[0].value[0][0], 0.1, 0);
    assert_string_equal(scn->actors[0].name, "Actor 0");
    model_free(scn); /* the clone must survive its original */

    assert_string_equal(copy->title, "Fixture scenario");
    assert_string_equal(copy->description, "A long description");
    assert_string_equal(copy->variant, "baseline");
    assert_string_equal(copy->source_path, "/somewhere/scenario.lua");
    assert_string_equal(copy->variants[0].label, "Baseline");
    assert_string_equal(copy->variants[0].description, "As things stand");
    assert_string_equal(copy->issues[1].label, "Issue 1");
    assert_string_equal(copy->issues[1].options[2].label, "o2");
    assert_string_equal(copy->actors[0].name, "Zctor 0");
    assert_string_equal(copy->actors[0].source, "a source");
    assert_int_equal(strlen(copy->actors[1].source), sizeof big - 1);
    assert_string_equal(copy->actors[1].position_source[1], "position source");
    assert_null(copy->actors[0].position_source[0]);
    assert_string_equal(copy->actors[1].redlines[0].label, "No o2 on issue 1");
    assert_string_equal(copy->actors[1].redlines[0].source, "test");
    assert_string_equal(copy->rule.conditions[0].label, "if o1 then A1 signs");
    /* and it still evaluates */
    model_package p = pkg2(0, 2);
    assert_int_equal(model_violations(copy, 1, &p), 1u);
    assert_int_equal(model_required(copy, &p), 0);
    p.opt[0] = 1;
    assert_int_equal(model_required(copy, &p), fx_bit(1));
    model_free(copy);
}

static void test_finish_rejects_zero_salience(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(2, 2, 2);
    scn->actors[1].salience[0] = 0;
    scn->actors[1].salience[1] = 0;
    snprintf(scn->actors[1].id, sizeof scn->actors[1].id, "indifferent");
    ent_error err;
    ent_error_clear(&err);
    assert_int_equal(model_finish(scn, &err), ENT_ERR_SCENARIO);
    assert_int_equal(err.status, ENT_ERR_SCENARIO);
    assert_non_null(strstr(err.message, "indifferent"));
    assert_non_null(strstr(err.message, "salience"));
    model_free(scn);
}

static void test_finish_rejects_empty(void **state)
{
    (void)state;
    ent_error err;
    model_scenario *scn = fx_scenario(0, 2, 1);
    ent_error_clear(&err);
    assert_int_equal(model_finish(scn, &err), ENT_ERR_SCENARIO);
    assert_non_null(strstr(err.message, "no issue"));
    model_free(scn);
    scn = fx_scenario(1, 2, 0);
    ent_error_clear(&err);
    assert_int_equal(model_finish(scn, &err), ENT_ERR_SCENARIO);
    assert_non_null(strstr(err.message, "no actor"));
    model_free(scn);
}

static void test_finish_defaults_parties(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(1, 2, 5);
    fx_finish(scn);
    assert_int_equal(scn->rule.parties, 0x1f);
    model_free(scn);
    scn = fx_scenario(1, 2, 5);
    scn->rule.parties = fx_bit(1);
    fx_finish(scn);
    assert_int_equal(scn->rule.parties, fx_bit(1));
    model_free(scn);
    scn = fx_scenario(1, 2, MODEL_MAX_ACTORS);
    fx_finish(scn);
    assert_true(scn->rule.parties == ~0ull);
    model_free(scn);
}

static void test_find_and_nodes(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(3, 3, 3);
    assert_int_equal(model_find_actor(scn, "A2"), 2);
    assert_int_equal(model_find_actor(scn, "A9"), -1);
    assert_int_equal(model_find_issue(scn, "i1"), 1);
    assert_int_equal(model_find_issue(scn, "nope"), -1);
    assert_int_equal(model_find_option(&scn->issues[0], "o2"), 2);
    assert_int_equal(model_find_option(&scn->issues[0], "o3"), -1);
    assert_int_equal(model_set_count(0x8000000000000011ull), 3);
    assert_true(model_set_has(0x8000000000000000ull, 63));
    assert_false(model_set_has(0x10, 3));
    /* the node table refuses politely when full */
    scn->node_count = MODEL_MAX_NODES - 1;
    assert_int_equal(model_add_node(scn, (model_node){.op = RL_TRUE}), MODEL_MAX_NODES - 1);
    assert_int_equal(model_add_node(scn, (model_node){.op = RL_TRUE}), -1);
    assert_int_equal(scn->node_count, MODEL_MAX_NODES);
    model_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utility_is_salience_weighted_sum),
        cmocka_unit_test(test_utility_scale_free_in_salience),
        cmocka_unit_test(test_utility_ideal_derived_values),
        cmocka_unit_test(test_package_count),
        cmocka_unit_test(test_violations_bits),
        cmocka_unit_test(test_violations_thirty_first_redline),
        cmocka_unit_test(test_required_static_conditional_and_owners),
        cmocka_unit_test(test_rule_required_must_accept),
        cmocka_unit_test(test_rule_min_guarantors),
        cmocka_unit_test(test_rule_guarantor_outside_parties_does_not_count),
        cmocka_unit_test(test_rule_min_guarantor_share),
        cmocka_unit_test(test_is_deal_signatories),
        cmocka_unit_test(test_nash_term),
        cmocka_unit_test(test_clone_is_deep),
        cmocka_unit_test(test_finish_rejects_zero_salience),
        cmocka_unit_test(test_finish_rejects_empty),
        cmocka_unit_test(test_finish_defaults_parties),
        cmocka_unit_test(test_find_and_nodes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

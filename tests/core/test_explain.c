/* test_explain.c: minimal conflicting sets (every one unsatisfiable and minimal, and all of them
   found, checked against brute force over every subset of constraints), and the plain-words
   reasons an actor does not sign. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "fixture.h"
#include "model.h"

/* ---- brute force over constraint subsets ------------------------------------------------- */

#define MAX_CONSTRAINTS 14

typedef struct {
    int count;
    explain_item items[MAX_CONSTRAINTS];
} constraint_list;

/* Every constraint of every party: its red lines, then its reservation. */
static constraint_list constraints_of(const model_scenario *scn)
{
    constraint_list c = {0};
    for (int i = 0; i < scn->actor_count; i++) {
        if (!model_set_has(scn->rule.parties, i))
            continue;
        for (int r = 0; r <= scn->actors[i].redline_count; r++) {
            assert_true(c.count < MAX_CONSTRAINTS);
            c.items[c.count++] = (explain_item){
                i, r < scn->actors[i].redline_count ? r : EXPLAIN_RESERVATION};
        }
    }
    return c;
}

static uint32_t item_bit(explain_item it)
{
    return it.redline == EXPLAIN_RESERVATION ? MODEL_RESERVATION_BIT : 1u << it.redline;
}

static void to_enabled(const constraint_list *c, uint32_t mask, uint32_t *enabled)
{
    memset(enabled, 0, sizeof(uint32_t) * MODEL_MAX_ACTORS);
    for (int j = 0; j < c->count; j++)
        if (mask & (1u << j))
            enabled[c->items[j].actor] |= item_bit(c->items[j]);
}

static uint32_t to_mask(const constraint_list *c, const explain_set *set)
{
    uint32_t mask = 0;
    for (int s = 0; s < set->count; s++) {
        int found = -1;
        for (int j = 0; j < c->count; j++)
            if (c->items[j].actor == set->items[s].actor &&
                c->items[j].redline == set->items[s].redline)
                found = j;
        if (found < 0)
            fail_msg("reported constraint (actor %d, red line %d) does not exist",
                     set->items[s].actor, set->items[s].redline);
        if (mask & (1u << found))
            fail_msg("constraint (actor %d, red line %d) listed twice in one set",
                     set->items[s].actor, set->items[s].redline);
        mask |= 1u << found;
    }
    return mask;
}

/* Satisfiability of every subset, from each package's violations computed once. */
static bool *all_subsets_satisfiable(const model_scenario *scn, const constraint_list *c)
{
    size_t subsets = (size_t)1 << c->count;
    bool *sat = calloc(subsets, sizeof *sat);
    assert_non_null(sat);
    model_package p;
    fx_first(&p);
    do {
        uint32_t v[MODEL_MAX_ACTORS];
        for (int i = 0; i < scn->actor_count; i++)
            v[i] = model_violations(scn, i, &p);
        for (size_t m = 0; m < subsets; m++) {
            if (sat[m])
                continue;
            uint32_t en[MODEL_MAX_ACTORS];
            to_enabled(c, (uint32_t)m, en);
            /* actors outside the parties keep every constraint */
            for (int i = 0; i < scn->actor_count; i++)
                if (!model_set_has(scn->rule.parties, i))
                    en[i] = ~0u;
            model_set acc = 0;
            for (int i = 0; i < scn->actor_count; i++)
                if (!(v[i] & en[i]))
                    acc |= 1ull << i;
            sat[m] = model_rule_met(scn, &p, acc);
        }
    } while (fx_next(scn, &p));
    return sat;
}

static int mask_cmp(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return (a > b) - (a < b);
}

static explain_conflicts find(const model_scenario *scn)
{
    explain_conflicts out;
    ent_error err;
    ent_error_clear(&err);
    ent_status st = explain_find_conflicts(scn, 64, 0, &out, &err);
    if (st != ENT_OK)
        fail_msg("explain_find_conflicts failed: %s", err.message);
    return out;
}

/* Checks the listing against brute force: every set unsatisfiable and minimal, and exactly the
   brute-force MUSes. Returns how many there are. */
static int check_listing(const model_scenario *scn, const char *what)
{
    constraint_list c = constraints_of(scn);
    bool *sat = all_subsets_satisfiable(scn, &c);
    uint32_t full = c.count == 32 ? ~0u : (1u << c.count) - 1;
    uint32_t want[256];
    int nwant = 0;
    for (uint32_t m = 0; m <= full; m++) {
        if (sat[m])
            continue;
        bool minimal = true;
        for (int j = 0; j < c.count && minimal; j++)
            if (m & (1u << j))
                minimal = sat[m & ~(1u << j)];
        if (minimal) {
            assert_true(nwant < 256);
            want[nwant++] = m;
        }
    }
    explain_conflicts out = find(scn);
    assert_true(out.complete);
    uint32_t got[256];
    assert_true(out.count <= 256);
    for (int s = 0; s < out.count; s++) {
        uint32_t m = to_mask(&c, &out.sets[s]);
        if (sat[m])
            fail_msg("%s: reported set %d is satisfiable", what, s);
        for (int j = 0; j < c.count; j++)
            if ((m & (1u << j)) && !sat[m & ~(1u << j)])
                fail_msg("%s: reported set %d is not minimal (drop constraint %d)", what, s, j);
        got[s] = m;
    }
    qsort(want, (size_t)nwant, sizeof want[0], mask_cmp);
    qsort(got, (size_t)out.count, sizeof got[0], mask_cmp);
    if (out.count != nwant)
        fail_msg("%s: %d minimal conflicting sets reported, brute force finds %d", what,
                 out.count, nwant);
    for (int s = 0; s < nwant; s++)
        if (got[s] != want[s])
            fail_msg("%s: the listing differs from brute force", what);
    /* sorted for display: smallest sets first */
    for (int s = 1; s < out.count; s++)
        assert_true(out.sets[s - 1].count <= out.sets[s].count);
    explain_conflicts_free(&out);
    free(sat);
    return nwant;
}

/* ---- hand-built conflicts ------------------------------------------------------------------ */

/* Three binary issues, every actor required. A wants i0 = 1 and i1 = 1; B wants i0 = 0; C wants
   i1 = 0: two independent conflicts {A r0, B r0} and {A r1, C r0}. */
static model_scenario *two_conflicts(void)
{
    model_scenario *scn = fx_scenario(3, 2, 3);
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 0, 1), "A: issue 0 must be o1");
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 1, 1), "A: issue 1 must be o1");
    fx_redline(scn, 1, fx_lit(scn, RL_EQ, 0, 0), "B: issue 0 must be o0");
    fx_redline(scn, 2, fx_lit(scn, RL_EQ, 1, 0), "C: issue 1 must be o0");
    scn->rule.required = 0x7;
    fx_finish(scn);
    return scn;
}

static bool has_set(const explain_conflicts *out, const explain_item *items, int n)
{
    for (int s = 0; s < out->count; s++) {
        if (out->sets[s].count != n)
            continue;
        bool same = true;
        for (int j = 0; j < n; j++)
            same = same && out->sets[s].items[j].actor == items[j].actor &&
                   out->sets[s].items[j].redline == items[j].redline;
        if (same)
            return true;
    }
    return false;
}

static void test_two_independent_conflicts(void **state)
{
    (void)state;
    model_scenario *scn = two_conflicts();
    assert_int_equal(check_listing(scn, "two conflicts"), 2);
    explain_conflicts out = find(scn);
    assert_int_equal(out.count, 2);
    assert_true(has_set(&out, (explain_item[]){{0, 0}, {1, 0}}, 2));
    assert_true(has_set(&out, (explain_item[]){{0, 1}, {2, 0}}, 2));
    assert_true(out.checks > 0);
    explain_conflicts_free(&out);
    model_free(scn);
}

static void test_three_conflicts_with_reservation(void **state)
{
    (void)state;
    /* The two above, plus D (needs i2 = o1 to reach its reservation 0.6) against E (i2 = o0). */
    model_scenario *scn = fx_scenario(3, 2, 5);
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 0, 1), "A: issue 0 must be o1");
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 1, 1), "A: issue 1 must be o1");
    fx_redline(scn, 1, fx_lit(scn, RL_EQ, 0, 0), "B: issue 0 must be o0");
    fx_redline(scn, 2, fx_lit(scn, RL_EQ, 1, 0), "C: issue 1 must be o0");
    scn->actors[3].salience[0] = scn->actors[3].salience[1] = 0;
    fx_values(scn, 3, 2, (double[]){0, 1});
    scn->actors[3].reservation = 0.6;
    fx_redline(scn, 4, fx_lit(scn, RL_EQ, 2, 0), "E: issue 2 must be o0");
    scn->rule.required = 0x1f;
    fx_finish(scn);
    assert_int_equal(check_listing(scn, "three conflicts"), 3);
    explain_conflicts out = find(scn);
    assert_true(has_set(&out, (explain_item[]){{3, EXPLAIN_RESERVATION}, {4, 0}}, 2));
    explain_conflicts_free(&out);
    model_free(scn);
}

static void test_overlapping_conflicts(void **state)
{
    (void)state;
    /* A needs i0 = 1; B needs i0 = 0 or i1 = 0; C needs i1 = 1; D needs i0 = 0:
       MUSes {A, B, C} and {A, D}, sharing A's red line. */
    model_scenario *scn = fx_scenario(2, 2, 4);
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 0, 1), "A");
    fx_redline(scn, 1, fx_bin(scn, RL_OR, fx_lit(scn, RL_EQ, 0, 0), fx_lit(scn, RL_EQ, 1, 0)),
               "B");
    fx_redline(scn, 2, fx_lit(scn, RL_EQ, 1, 1), "C");
    fx_redline(scn, 3, fx_lit(scn, RL_EQ, 0, 0), "D");
    scn->rule.required = 0xf;
    fx_finish(scn);
    assert_int_equal(check_listing(scn, "overlapping"), 2);
    explain_conflicts out = find(scn);
    assert_true(has_set(&out, (explain_item[]){{0, 0}, {3, 0}}, 2));
    assert_true(has_set(&out, (explain_item[]){{0, 0}, {1, 0}, {2, 0}}, 3));
    explain_conflicts_free(&out);
    model_free(scn);
}

static void test_guarantor_conflict(void **state)
{
    (void)state;
    /* Two of the three guarantors must sign; each refuses what the required actor insists on,
       so any two of their red lines plus the required one conflict. */
    model_scenario *scn = fx_scenario(2, 2, 4);
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 0, 1), "A insists");
    for (int g = 1; g <= 3; g++)
        fx_redline(scn, g, fx_lit(scn, RL_EQ, 0, 0), "guarantor refuses");
    scn->rule.required = 0x1;
    scn->rule.guarantors = 0xe;
    scn->rule.min_guarantors = 2;
    fx_finish(scn);
    assert_int_equal(check_listing(scn, "guarantors"), 3);
    model_free(scn);
}

/* Regression: with no conflict, qsort(NULL, 0, ...) made the sanitizer build abort here. */
static void test_no_conflict_when_a_deal_exists(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(2, 2, 2);
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 0, 1), "A");
    fx_redline(scn, 1, fx_lit(scn, RL_EQ, 1, 1), "B");
    scn->rule.required = 0x3;
    fx_finish(scn);
    explain_conflicts out = find(scn);
    assert_int_equal(out.count, 0);
    assert_true(out.complete);
    explain_conflicts_free(&out);
    model_free(scn);
}

static void test_listing_matches_brute_force_on_random(void **state)
{
    (void)state;
    rng_state r;
    rng_seed(&r, 31337);
    fx_random_params params = {.min_issues = 2, .max_issues = 3, .min_options = 2,
                               .max_options = 3, .min_actors = 2, .max_actors = 4,
                               .max_redlines = 2, .rule_features = false};
    int conflicted = 0, several = 0, tried = 0;
    for (int t = 0; t < 400 && tried < 80; t++) {
        model_scenario *scn = fx_random(&r, &params);
        if (rng_below(&r, 2)) { /* guarantor quotas too, within the parties */
            scn->rule.guarantors = (model_set)rng_below(&r, 1ull << scn->actor_count);
            int g = model_set_count(scn->rule.guarantors);
            scn->rule.min_guarantors = g ? 1 + (int)rng_below(&r, (uint64_t)g) : 0;
        }
        constraint_list c = constraints_of(scn);
        if (c.count > 10) {
            model_free(scn);
            continue;
        }
        tried++;
        char what[48];
        snprintf(what, sizeof what, "random case %d", t);
        int n = check_listing(scn, what);
        conflicted += n > 0;
        several += n > 1;
        model_free(scn);
    }
    assert_true(tried >= 60);
    assert_true(conflicted >= 15);
    assert_true(several >= 5);
}

static void test_max_sets_caps_and_marks_incomplete(void **state)
{
    (void)state;
    model_scenario *scn = two_conflicts();
    explain_conflicts out;
    ent_error err;
    ent_error_clear(&err);
    assert_int_equal(explain_find_conflicts(scn, 1, 0, &out, &err), ENT_OK);
    assert_int_equal(out.count, 1);
    assert_false(out.complete);
    /* the one it lists is still a true minimal conflict */
    assert_true(has_set(&out, (explain_item[]){{0, 0}, {1, 0}}, 2) ||
                has_set(&out, (explain_item[]){{0, 1}, {2, 0}}, 2));
    explain_conflicts_free(&out);
    model_free(scn);
}

static void test_node_limit_marks_incomplete_and_reports_only_true_conflicts(void **state)
{
    (void)state;
    /* Tug of war over 14 binary issues: u0 + u1 = 1 and both need 0.51. Within 30 nodes per
       check nothing can be proved; whatever is listed must still be a true conflict. */
    model_scenario *scn = fx_scenario(14, 2, 2);
    for (int k = 0; k < 14; k++) {
        fx_values(scn, 0, k, (double[]){0, 1});
        fx_values(scn, 1, k, (double[]){1, 0});
    }
    scn->actors[0].reservation = scn->actors[1].reservation = 0.51;
    scn->rule.required = 0x3;
    fx_finish(scn);
    explain_conflicts out;
    ent_error err;
    ent_error_clear(&err);
    assert_int_equal(explain_find_conflicts(scn, 8, 30, &out, &err), ENT_OK);
    assert_false(out.complete);
    for (int s = 0; s < out.count; s++) {
        uint32_t en[MODEL_MAX_ACTORS] = {0};
        for (int j = 0; j < out.sets[s].count; j++)
            en[out.sets[s].items[j].actor] |= item_bit(out.sets[s].items[j]);
        assert_false(fx_satisfiable(scn, en));
    }
    explain_conflicts_free(&out);
    /* without the limit: exactly the two reservations */
    out = find(scn);
    assert_true(out.complete);
    assert_int_equal(out.count, 1);
    assert_true(has_set(&out, (explain_item[]){{0, EXPLAIN_RESERVATION}, {1, EXPLAIN_RESERVATION}},
                        2));
    explain_conflicts_free(&out);
    model_free(scn);
}

/* Regression: a non-party can still be required (as the owner of a contribution, or through a
   condition), so its constraints must count. Here C owns the troops issue but is no party; A
   needs troops, C refuses to send them: no deal, and the listing must name the conflict rather
   than report "0 minimal conflicting sets". */
static void test_conflict_with_a_required_non_party(void **state)
{
    (void)state;
    model_scenario *scn = fx_scenario(1, 2, 3);
    fx_redline(scn, 0, fx_lit(scn, RL_EQ, 0, 1), "A needs troops");
    fx_redline(scn, 2, fx_lit(scn, RL_EQ, 0, 0), "C sends no troops");
    scn->issues[0].owner = 2;
    scn->rule.parties = 0x3;
    scn->rule.required = 0x3;
    fx_finish(scn);
    bool deal = fx_satisfiable(scn, NULL);
    explain_conflicts out = find(scn);
    int count = out.count;
    explain_conflicts_free(&out);
    model_free(scn); /* before asserting: a failure must not leak under the sanitizers */
    assert_false(deal);
    assert_true(count >= 1); /* fails today: 0 */
}

/* ---- words ------------------------------------------------------------------------------------------ */

static void test_item_labels(void **state)
{
    (void)state;
    model_scenario *scn = two_conflicts();
    scn->actors[1].reservation = 0.45;
    char buf[128];
    size_t n = explain_item_label(scn, (explain_item){0, 1}, buf, sizeof buf);
    assert_string_equal(buf, "A: issue 1 must be o1");
    assert_int_equal(n, strlen(buf));
    explain_item_label(scn, (explain_item){1, EXPLAIN_RESERVATION}, buf, sizeof buf);
    assert_non_null(strstr(buf, "0.45"));
    assert_non_null(strstr(buf, "reservation"));
    model_free(scn);
}

static model_scenario *wordy(void)
{
    model_scenario *scn = fx_scenario(2, 3, 3);
    scn->issues[0].label = model_strdup(scn, "US ground troops");
    snprintf(scn->issues[0].options[2].id, sizeof scn->issues[0].options[2].id, "deployed");
    scn->issues[1].label = model_strdup(scn, "Sanctions relief");
    snprintf(scn->issues[1].options[0].id, sizeof scn->issues[1].options[0].id, "none");
    snprintf(scn->actors[0].id, sizeof scn->actors[0].id, "RU");
    scn->actors[0].name = model_strdup(scn, "Russia");
    fx_values(scn, 0, 0, (double[]){1, 0.5, 0});
    fx_values(scn, 0, 1, (double[]){0, 0.5, 1});
    scn->actors[0].reservation = 0.4;
    fx_redline(scn, 0, fx_not(scn, fx_lit(scn, RL_EQ, 0, 2)), "No NATO troops in Ukraine");
    fx_redline(scn, 0, fx_lit(scn, RL_NE, 1, 0), "Some sanctions relief");
    scn->actors[1].name = model_strdup(scn, "Ukraine");
    scn->actors[2].name = model_strdup(scn, "Observer");
    scn->rule.parties = 0x3;
    fx_finish(scn);
    return scn;
}

static void test_non_signatory_reasons(void **state)
{
    (void)state;
    model_scenario *scn = wordy();
    char buf[1024];
    model_package p;
    memset(&p, 0, sizeof p);
    p.opt[0] = 2; /* troops deployed: u = 0.5 * 0 + 0.5 * 0 = 0 */
    p.opt[1] = 0; /* no relief */
    size_t n = explain_non_signatory(scn, &p, 0, buf, sizeof buf);
    assert_int_equal(n, strlen(buf));
    assert_non_null(strstr(buf, "Russia does not sign"));
    /* both red lines by label; "never P" reads as a refusal, not a double negative */
    assert_non_null(strstr(buf, "\"No NATO troops in Ukraine\""));
    assert_non_null(strstr(buf, "refuses: US ground troops is 'deployed'"));
    assert_non_null(strstr(buf, "\"Some sanctions relief\""));
    assert_non_null(strstr(buf, "needs: Sanctions relief is not 'none'"));
    assert_non_null(strstr(buf, "worth 0.00 to it, less than the 0.40 it expects without a deal"));
    assert_int_equal(buf[n - 1], '.');

    /* the reservation alone */
    p.opt[0] = 1;
    p.opt[1] = 1; /* u = 0.5 * 0.5 + 0.5 * 0.5 = 0.5: accepted */
    explain_non_signatory(scn, &p, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "Russia would accept"));
    assert_non_null(strstr(buf, "0.50"));
    scn->actors[0].reservation = 0.6;
    explain_non_signatory(scn, &p, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "Russia does not sign"));
    assert_non_null(strstr(buf, "less than the 0.60 it expects without a deal"));
    assert_null(strstr(buf, "red line"));

    /* someone outside the agreement */
    explain_non_signatory(scn, &p, 2, buf, sizeof buf);
    assert_string_equal(buf, "Observer is not a party to this agreement.");
    model_free(scn);
}

static void test_non_signatory_truncates_safely(void **state)
{
    (void)state;
    model_scenario *scn = wordy();
    model_package p;
    memset(&p, 0, sizeof p);
    p.opt[0] = 2;
    char full[1024], small[20];
    size_t n = explain_non_signatory(scn, &p, 0, full, sizeof full);
    size_t m = explain_non_signatory(scn, &p, 0, small, sizeof small);
    assert_int_equal(m, n);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_memory_equal(small, full, sizeof small - 1);
    model_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_independent_conflicts),
        cmocka_unit_test(test_three_conflicts_with_reservation),
        cmocka_unit_test(test_overlapping_conflicts),
        cmocka_unit_test(test_guarantor_conflict),
        cmocka_unit_test(test_no_conflict_when_a_deal_exists),
        cmocka_unit_test(test_listing_matches_brute_force_on_random),
        cmocka_unit_test(test_max_sets_caps_and_marks_incomplete),
        cmocka_unit_test(test_node_limit_marks_incomplete_and_reports_only_true_conflicts),
        cmocka_unit_test(test_conflict_with_a_required_non_party),
        cmocka_unit_test(test_item_labels),
        cmocka_unit_test(test_non_signatory_reasons),
        cmocka_unit_test(test_non_signatory_truncates_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_ukraine.c: the default scenario's three variants give the outcomes the sources imply. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "deal.h"
#include "lx_scenario.h"
#include "report.h"

#define UKRAINE ENTENTE_SOURCE_DIR "/scripts/scenarios/ukraine_guarantees.lua"

typedef struct {
    model_scenario *scn;
    deal_analysis a;
} loaded;

static loaded load(const char *variant)
{
    loaded l;
    ent_error err = {0};
    ent_status st = lx_scenario_load(UKRAINE, variant, NULL, &l.scn, &err);
    if (st != ENT_OK)
        fail_msg("%s", err.message);
    st = deal_analyze(l.scn, NULL, &l.a, &err);
    if (st != ENT_OK)
        fail_msg("%s", err.message);
    return l;
}

static void unload(loaded *l)
{
    deal_analysis_free(&l->a);
    model_free(l->scn);
}

static const char *option_of(const model_scenario *scn, const model_package *pkg,
                             const char *issue)
{
    int k = model_find_issue(scn, issue);
    assert_true(k >= 0);
    return scn->issues[k].options[pkg->opt[k]].id;
}

static bool signs(const model_scenario *scn, model_set set, const char *actor)
{
    int i = model_find_actor(scn, actor);
    assert_true(i >= 0);
    return model_set_has(set, i);
}

static void test_shape_and_sources(void **state)
{
    (void)state;
    loaded l = load("baseline");
    const model_scenario *scn = l.scn;
    assert_true(scn->actor_count >= 10);
    assert_true(scn->issue_count >= 10);
    const char *actors[] = {"US", "UA", "RU", "UK", "FR", "DE", "IT", "PL", "TR", "CN"};
    for (size_t i = 0; i < sizeof actors / sizeof actors[0]; i++)
        assert_true(model_find_actor(scn, actors[i]) >= 0);
    struct {
        const char *issue;
        const char *options[3];
    } fixed[] = {{"us_ground_troops", {"none", "deployed", NULL}},
                 {"us_air_support", {"none", "unmanned", "piloted"}},
                 {"russia_veto", {"no", "yes", NULL}},
                 {"china_role", {"none", "guarantor", NULL}},
                 {"lead", {"us", "europe", NULL}}};
    for (size_t f = 0; f < sizeof fixed / sizeof fixed[0]; f++) {
        int k = model_find_issue(scn, fixed[f].issue);
        assert_true(k >= 0);
        for (int o = 0; o < 3 && fixed[f].options[o]; o++)
            assert_int_equal(model_find_option(&scn->issues[k], fixed[f].options[o]), o);
    }
    /* A teacher must be able to show where every number comes from. */
    for (int i = 0; i < scn->actor_count; i++) {
        const model_actor *a = &scn->actors[i];
        for (int r = 0; r < a->redline_count; r++) {
            assert_non_null(a->redlines[r].source);
            assert_true(strlen(a->redlines[r].source) > 2);
        }
        for (int k = 0; k < scn->issue_count; k++)
            if (a->salience[k] > 0)
                assert_non_null(a->position_source[k]);
    }
    assert_true(l.a.packages >= 1000);
    assert_true(l.a.exhaustive);
    unload(&l);
}

static void test_baseline_deal(void **state)
{
    (void)state;
    loaded l = load("baseline");
    const model_scenario *scn = l.scn;
    assert_true(l.a.agreement_possible);
    assert_true(l.a.zopa > 0);
    const deal_solution *n = &l.a.nash;
    assert_true(n->found);
    assert_string_equal(option_of(scn, &n->package, "us_ground_troops"), "none");
    assert_string_equal(option_of(scn, &n->package, "lead"), "europe");
    assert_string_equal(option_of(scn, &n->package, "russia_veto"), "no");
    assert_string_equal(option_of(scn, &n->package, "china_role"), "none");
    assert_true(signs(scn, n->signatories, "UA"));
    assert_false(signs(scn, n->signatories, "RU"));
    /* The Nash package is a deal and on the Pareto frontier. */
    model_set sig;
    assert_true(model_is_deal(scn, &n->package, &sig));
    assert_int_equal(sig, n->signatories);
    bool on_front = false;
    for (int p = 0; p < l.a.pareto_count; p++)
        on_front = on_front || memcmp(&l.a.pareto[p], &n->package, sizeof n->package) == 0;
    assert_true(on_front);
    /* Russia's reason names its veto red line, in words. */
    char reason[1024];
    explain_non_signatory(scn, &n->package, model_find_actor(scn, "RU"), reason, sizeof reason);
    assert_non_null(strstr(reason, "Russia does not sign"));
    assert_non_null(strstr(reason, "A Russian veto over any guarantee"));
    assert_true(l.a.ks.found && l.a.nash_weighted.found);
    assert_int_equal(l.a.blockers.count, 0);
    unload(&l);
}

static void test_russia_veto_no_deal(void **state)
{
    (void)state;
    loaded l = load("russia_veto");
    const model_scenario *scn = l.scn;
    assert_false(l.a.agreement_possible);
    assert_false(l.a.nash.found);
    assert_true(l.a.blockers.count >= 1);
    assert_true(l.a.blockers.complete);
    int ua = model_find_actor(scn, "UA"), ru = model_find_actor(scn, "RU");
    bool veto_pair = false;
    for (int s = 0; s < l.a.blockers.count; s++) {
        const explain_set *set = &l.a.blockers.sets[s];
        bool has_ua = false, has_ru = false;
        for (int j = 0; j < set->count; j++) {
            const explain_item it = set->items[j];
            if (it.redline < 0)
                continue;
            const char *id = scn->actors[it.actor].redlines[it.redline].id;
            has_ua = has_ua || (it.actor == ua && strcmp(id, "no_russian_veto") == 0);
            has_ru = has_ru || (it.actor == ru && strcmp(id, "veto") == 0);
        }
        veto_pair = veto_pair || (has_ua && has_ru && set->count == 2);
    }
    assert_true(veto_pair);
    assert_true(l.a.near_count >= 1);
    assert_true(l.a.near[0].broken_count >= 1);
    unload(&l);
}

static void test_us_ground_troops_variant(void **state)
{
    (void)state;
    loaded base = load("baseline"), lifted = load("us_ground_troops");
    int us = model_find_actor(lifted.scn, "US");
    assert_int_equal(lifted.scn->actors[us].redline_count,
                     base.scn->actors[us].redline_count - 1);
    for (int r = 0; r < lifted.scn->actors[us].redline_count; r++)
        assert_string_not_equal(lifted.scn->actors[us].redlines[r].id, "no_ground_troops");
    /* Lifting a red line can only widen what the US accepts. */
    assert_true(lifted.a.acceptable[us] > base.a.acceptable[us]);
    assert_true(lifted.a.agreement_possible);
    unload(&base);
    unload(&lifted);
}

static void test_json_contract_and_determinism(void **state)
{
    (void)state;
    loaded l = load("baseline");
    char *first = report_json(l.scn, &l.a);
    assert_non_null(first);
    cJSON *j = cJSON_Parse(first);
    assert_non_null(j);
    const char *keys[] = {"scenario", "variant", "packages", "agreement_possible", "nash", "ks",
                          "pareto", "blockers"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        assert_non_null(cJSON_GetObjectItemCaseSensitive(j, keys[k]));
    cJSON *nash = cJSON_GetObjectItemCaseSensitive(j, "nash");
    assert_true(cJSON_IsObject(nash));
    cJSON *pkg = cJSON_GetObjectItemCaseSensitive(nash, "package");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(pkg, "lead")->valuestring, "europe");
    assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(nash, "signatories")));
    assert_true(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(nash, "utilities")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "agreement_possible")));
    cJSON_Delete(j);
    /* Same scenario, same bytes. */
    loaded again = load("baseline");
    char *second = report_json(again.scn, &again.a);
    assert_string_equal(first, second);
    free(first);
    free(second);
    unload(&again);
    unload(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape_and_sources),
        cmocka_unit_test(test_baseline_deal),
        cmocka_unit_test(test_russia_veto_no_deal),
        cmocka_unit_test(test_us_ground_troops_variant),
        cmocka_unit_test(test_json_contract_and_determinism),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_scene.c: the viewer's picture as data: where actors sit, what the table and banner say,
   and a deal-space map on which near packages sit near. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deal.h"
#include "fixture.h"
#include "round.h"
#include "scene.h"
#include "synth.h"

/* Three actors, two issues; A's red line forbids issue 1 = o2. */
static model_scenario *small(void)
{
    model_scenario *scn = fx_scenario(2, 3, 3);
    scn->actors[0].capability = 4;
    scn->actors[1].capability = 1;
    scn->actors[2].capability = 1;
    for (int i = 0; i < 3; i++) {
        scn->actors[i].salience[0] = scn->actors[i].salience[1] = 1;
        for (int k = 0; k < 2; k++)
            for (int o = 0; o < 3; o++)
                scn->actors[i].value[k][o] = i == 2 ? o / 2.0 : 1 - o / 2.0;
        scn->actors[i].reservation = 0.3;
    }
    scn->actors[1].listens[0] = 2;
    scn->actors[1].listens[2] = 2;
    fx_redline(scn, 0, fx_lit(scn, RL_NE, 1, 2), "Never o2 on issue 1");
    scn->rule.required = 0x7;
    scn->protocol.rounds = 4;
    fx_finish(scn);
    return scn;
}

static void test_ring_layout(void **state)
{
    (void)state;
    model_scenario *scn = small();
    scene s = {0};
    assert_int_equal(scene_build(&s, scn, NULL, 0, 1, NULL), ENT_OK);
    assert_int_equal(s.node_count, 3);
    /* The first actor at the top of the ring, the others clockwise. */
    assert_true(fabsf(s.nodes[0].x - 0.5f) < 1e-6f && s.nodes[0].y < 0.2f);
    assert_true(s.nodes[1].x > 0.5f && s.nodes[2].x < 0.5f);
    /* Bigger capability, bigger node. */
    assert_true(s.nodes[0].radius > s.nodes[1].radius);
    assert_true(fabsf(s.nodes[1].radius - s.nodes[2].radius) < 1e-6f);
    /* Listens: B listens to A and C equally. */
    assert_int_equal(s.edge_count, 2);
    assert_int_equal(s.edges[0].from, 1);
    assert_true(fabsf(s.edges[0].weight - 0.5f) < 1e-6f);
    assert_true(s.nodes[1].selected && !s.nodes[0].selected);
    assert_int_equal(scene_hit_node(&s, s.nodes[2].x, s.nodes[2].y), 2);
    assert_int_equal(scene_hit_node(&s, 0.5f, 0.5f), -1);
    assert_non_null(strstr(s.status, "Before the first round"));
    assert_int_equal(s.banner, SCENE_BANNER_NONE);
    model_free(scn);
}

static void test_rounds_and_banner(void **state)
{
    (void)state;
    model_scenario *scn = small();
    model_scenario *work = model_clone(scn);
    round_transcript t;
    assert_int_equal(round_simulate(work, &(round_options){.seed = 1}, NULL, &t, NULL), ENT_OK);
    assert_true(t.record_count >= 1);
    scene s = {0};
    assert_int_equal(scene_build(&s, scn, &t, 1, -1, NULL), ENT_OK);
    assert_int_equal(s.round, 1);
    assert_int_equal(s.tick_count, t.record_count);
    for (int i = 0; i < 3; i++) {
        const round_response *r = &t.records[0].responses[i];
        assert_int_equal(s.nodes[i].stance, r->verdict == ROUND_ACCEPT ? SCENE_STANCE_ACCEPTS
                                            : r->verdict == ROUND_OBJECT ? SCENE_STANCE_OBJECTS
                                                                         : s.nodes[i].stance);
        assert_string_equal(s.nodes[i].reason, r->reason);
        assert_true(s.nodes[i].willingness == t.records[0].willingness[i]);
    }
    assert_int_equal(s.rows[0].option_index, t.records[0].offer.opt[0]);
    assert_non_null(strstr(s.status, "Round 1 of 4"));
    /* The last round shows the outcome. */
    assert_int_equal(scene_build(&s, scn, &t, 99, -1, NULL), ENT_OK);
    assert_int_equal(s.round, t.record_count);
    assert_int_not_equal(s.banner, SCENE_BANNER_NONE);
    assert_string_equal(s.banner_text, t.outcome.reason);
    round_transcript_free(&t);
    model_free(work);
    model_free(scn);
}

static void test_crossings_marked_on_their_issue(void **state)
{
    (void)state;
    model_scenario *scn = small();
    round_transcript t = {0};
    t.record_count = t.record_capacity = 1;
    t.records = calloc(1, sizeof *t.records);
    t.records[0].number = 1;
    t.records[0].proposer = -1;
    t.records[0].offer.opt[1] = 2; /* crosses A's red line, on issue 1 */
    scene s = {0};
    assert_int_equal(scene_build(&s, scn, &t, 1, -1, NULL), ENT_OK);
    assert_int_equal(s.rows[1].crosses, 1);
    assert_int_equal(s.rows[0].crosses, 0);
    round_transcript_free(&t);
    model_free(scn);
}

static int hamming(const model_scenario *scn, const model_package *a, const model_package *b)
{
    int d = 0;
    for (int k = 0; k < scn->issue_count; k++)
        d += a->opt[k] != b->opt[k];
    return d;
}

/* Near packages sit near: pairs that differ in one issue are closer on the map, on average,
   than pairs that differ in most. */
static void test_map_keeps_neighbours_close(void **state)
{
    (void)state;
    synth_params p = {.issues = 6, .options = 3, .actors = 6, .seed = 5};
    model_scenario *scn = synth_make(&p);
    deal_analysis a;
    assert_int_equal(deal_analyze(scn, NULL, &a, NULL), ENT_OK);
    scene s = {0};
    model_package current = {{0}};
    assert_int_equal(scene_map(&s, scn, &a, &current, NULL), ENT_OK);
    assert_int_equal(s.point_count, 729); /* small enough to show whole */
    assert_false(s.map_sampled);
    double near = 0, far = 0;
    int n_near = 0, n_far = 0, nash = 0, cur = 0, pareto = 0;
    for (int i = 0; i < s.point_count; i++) {
        assert_true(s.points[i].x >= 0 && s.points[i].x <= 1 && s.points[i].y >= 0 &&
                    s.points[i].y <= 1);
        nash += s.points[i].nash;
        cur += s.points[i].current;
        pareto += s.points[i].pareto;
        for (int j = i + 1; j < s.point_count; j += 7) {
            int h = hamming(scn, &s.points[i].package, &s.points[j].package);
            double d = hypot(s.points[i].x - s.points[j].x, s.points[i].y - s.points[j].y);
            if (h == 1) {
                near += d;
                n_near++;
            } else if (h >= 5) {
                far += d;
                n_far++;
            }
        }
    }
    assert_true(n_near > 0 && n_far > 0);
    assert_true(near / n_near < 0.8 * (far / n_far));
    assert_int_equal(nash, a.nash.found ? 1 : 0);
    assert_int_equal(cur, 1);
    assert_int_equal(pareto, a.pareto_count);
    int hit = scene_hit_point(&s, s.points[10].x, s.points[10].y, 0.001f);
    assert_true(hit >= 0);
    scene_free(&s);
    deal_analysis_free(&a);
    model_free(scn);
}

static void test_map_samples_large_spaces(void **state)
{
    (void)state;
    synth_params p = {.issues = 15, .options = 4, .actors = 10, .seed = 2};
    model_scenario *scn = synth_make(&p);
    scene s = {0};
    assert_int_equal(scene_map(&s, scn, NULL, NULL, NULL), ENT_OK);
    assert_true(s.map_sampled);
    assert_int_equal(s.point_count, SCENE_MAX_POINTS);
    scene again = {0};
    assert_int_equal(scene_map(&again, scn, NULL, NULL, NULL), ENT_OK);
    assert_memory_equal(s.points, again.points, sizeof *s.points * (size_t)s.point_count);
    scene_free(&s);
    scene_free(&again);
    model_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ring_layout),
        cmocka_unit_test(test_rounds_and_banner),
        cmocka_unit_test(test_crossings_marked_on_their_issue),
        cmocka_unit_test(test_map_keeps_neighbours_close),
        cmocka_unit_test(test_map_samples_large_spaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

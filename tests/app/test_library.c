/* test_library.c: every bundled scenario that records what really happened reproduces it in
   kind when its baseline is run: deal or no deal, who signed, and the decisive issues. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lx_scenario.h"
#include "round.h"

#define DIR_SCENARIOS ENTENTE_SOURCE_DIR "/scripts/scenarios"

static bool is_deal(round_outcome_kind k)
{
    return k == OUTCOME_AGREEMENT || k == OUTCOME_COALITION;
}

static void check_one(const char *file, int *with_history)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", DIR_SCENARIOS, file);
    ent_error err = {0};
    lx_session *s = NULL;
    if (lx_session_open(path, NULL, NULL, &s, &err) != ENT_OK)
        fail_msg("%s", err.message);
    model_scenario *scn = lx_session_model(s);
    const model_history *h = &scn->history;
    if (h->kind == HISTORY_NONE) {
        lx_session_close(s);
        return;
    }
    (*with_history)++;
    /* A teaching note goes with every scenario of the library. */
    char note[1024], base[256];
    snprintf(base, sizeof base, "%s", file);
    *strrchr(base, '.') = '\0';
    snprintf(note, sizeof note, "%s/docs/scenarios/%s.md", ENTENTE_SOURCE_DIR, base);
    if (access(note, R_OK) != 0)
        fail_msg("%s has no teaching note %s", file, note);
    model_scenario *names = model_clone(scn);
    round_hooks hooks = lx_session_hooks(s);
    round_transcript t;
    if (round_simulate(scn, &(round_options){.seed = scn->seed}, &hooks, &t, &err) != ENT_OK)
        fail_msg("%s: %s", file, err.message);
    bool history_deal = h->kind != HISTORY_BREAKDOWN;
    if (history_deal != is_deal(t.outcome.kind))
        fail_msg("%s: history says %s, the baseline run ends in %s", file,
                 history_deal ? "a deal" : "no deal", round_outcome_name(t.outcome.kind));
    if (history_deal && t.outcome.signatories != h->signatories) {
        char want[512] = "", got[512] = "";
        for (int i = 0; i < names->actor_count; i++) {
            if (model_set_has(h->signatories, i))
                snprintf(want + strlen(want), sizeof want - strlen(want), " %s",
                         names->actors[i].id);
            if (model_set_has(t.outcome.signatories, i))
                snprintf(got + strlen(got), sizeof got - strlen(got), " %s",
                         names->actors[i].id);
        }
        fail_msg("%s: history's signatories are%s, the run's are%s", file, want, got);
    }
    for (int k = 0; history_deal && k < names->issue_count; k++) {
        if (!((h->decisive >> k) & 1u) || !((h->recorded >> k) & 1u))
            continue;
        if (t.outcome.package.opt[k] != h->package.opt[k])
            fail_msg("%s: decisive issue '%s' is '%s' in history, '%s' in the run", file,
                     names->issues[k].id, names->issues[k].options[h->package.opt[k]].id,
                     names->issues[k].options[t.outcome.package.opt[k]].id);
    }
    round_transcript_free(&t);
    model_free(names);
    lx_session_close(s);
}

static void test_library_reproduces_history(void **state)
{
    (void)state;
    DIR *d = opendir(DIR_SCENARIOS);
    assert_non_null(d);
    char *files[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".lua") == 0)
            files[n++] = strdup(e->d_name);
    }
    closedir(d);
    int with_history = 0;
    for (int i = 0; i < n; i++) {
        check_one(files[i], &with_history);
        free(files[i]);
    }
    /* The library: at least five documented negotiations besides the default scenario. */
    assert_true(with_history >= 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_library_reproduces_history),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

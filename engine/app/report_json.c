/* report_json.c: the analysis as JSON, built with cJSON (Debian's libcjson). */
#include "report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>

#include "explain.h"

static cJSON *package_object(const model_scenario *scn, const model_package *pkg)
{
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; k < scn->issue_count; k++)
        cJSON_AddStringToObject(o, scn->issues[k].id, scn->issues[k].options[pkg->opt[k]].id);
    return o;
}

static cJSON *actor_list(const model_scenario *scn, model_set set)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < scn->actor_count; i++)
        if (model_set_has(set, i))
            cJSON_AddItemToArray(arr, cJSON_CreateString(scn->actors[i].id));
    return arr;
}

/* Rounded so that the text is stable across compilers and optimisation levels. */
static double stable(double v)
{
    return round(v * 1e6) / 1e6;
}

static cJSON *solution_object(const model_scenario *scn, const deal_solution *sol)
{
    if (!sol->found)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "package", package_object(scn, &sol->package));
    cJSON_AddItemToObject(o, "signatories", actor_list(scn, sol->signatories));
    cJSON *u = cJSON_AddObjectToObject(o, "utilities");
    for (int i = 0; i < scn->actor_count; i++)
        cJSON_AddNumberToObject(u, scn->actors[i].id, stable(sol->utility[i]));
    cJSON_AddNumberToObject(o, "log_nash_product", stable(sol->score));
    cJSON *why = cJSON_AddArrayToObject(o, "non_signatories");
    for (int i = 0; i < scn->actor_count; i++) {
        if (model_set_has(sol->signatories, i))
            continue;
        char reason[1024];
        explain_non_signatory(scn, &sol->package, i, reason, sizeof reason);
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "actor", scn->actors[i].id);
        cJSON_AddStringToObject(r, "reason", reason);
        cJSON_AddItemToArray(why, r);
    }
    return o;
}

static cJSON *constraint_object(const model_scenario *scn, explain_item item)
{
    cJSON *c = cJSON_CreateObject();
    const model_actor *a = &scn->actors[item.actor];
    char label[512];
    explain_item_label(scn, item, label, sizeof label);
    cJSON_AddStringToObject(c, "actor", a->id);
    cJSON_AddStringToObject(c, "label", label);
    if (item.redline == EXPLAIN_RESERVATION) {
        cJSON_AddStringToObject(c, "kind", "reservation");
    } else {
        cJSON_AddStringToObject(c, "kind", "red_line");
        cJSON_AddStringToObject(c, "id", a->redlines[item.redline].id);
        if (a->redlines[item.redline].source)
            cJSON_AddStringToObject(c, "source", a->redlines[item.redline].source);
    }
    return c;
}

static cJSON *broken_list(const model_scenario *scn, const uint32_t *broken)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < scn->actor_count; i++) {
        for (int r = 0; r < scn->actors[i].redline_count; r++)
            if (broken[i] & (1u << r))
                cJSON_AddItemToArray(arr, constraint_object(scn, (explain_item){i, r}));
        if (broken[i] & MODEL_RESERVATION_BIT)
            cJSON_AddItemToArray(arr,
                                 constraint_object(scn, (explain_item){i, EXPLAIN_RESERVATION}));
    }
    return arr;
}

char *report_json(const model_scenario *scn, const deal_analysis *a)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "scenario", scn->id);
    cJSON_AddStringToObject(root, "title", scn->title ? scn->title : scn->id);
    cJSON_AddStringToObject(root, "variant", scn->variant ? scn->variant : "baseline");
    cJSON_AddNumberToObject(root, "packages", a->packages);
    cJSON_AddBoolToObject(root, "exhaustive", a->exhaustive);
    if (!a->exhaustive)
        cJSON_AddNumberToObject(root, "sampled", a->sampled);
    cJSON_AddBoolToObject(root, "agreement_possible", a->agreement_possible);
    cJSON_AddNumberToObject(root, "zopa", round(a->zopa));
    cJSON *acc = cJSON_AddObjectToObject(root, "acceptable");
    for (int i = 0; i < scn->actor_count; i++)
        cJSON_AddNumberToObject(acc, scn->actors[i].id, round(a->acceptable[i]));
    cJSON *co = cJSON_AddArrayToObject(root, "coalitions");
    for (int c = 0; c < a->coalition_count; c++) {
        cJSON *one = cJSON_CreateObject();
        cJSON_AddItemToObject(one, "signatories", actor_list(scn, a->coalitions[c].members));
        cJSON_AddNumberToObject(one, "packages", round(a->coalitions[c].packages));
        cJSON_AddItemToArray(co, one);
    }
    cJSON_AddItemToObject(root, "nash", solution_object(scn, &a->nash));
    cJSON_AddItemToObject(root, "nash_weighted", solution_object(scn, &a->nash_weighted));
    cJSON_AddItemToObject(root, "ks", solution_object(scn, &a->ks));
    cJSON_AddBoolToObject(root, "nash_exact", a->nash_exact);
    cJSON *pareto = cJSON_AddArrayToObject(root, "pareto");
    for (int p = 0; p < a->pareto_count; p++)
        cJSON_AddItemToArray(pareto, package_object(scn, &a->pareto[p]));
    cJSON *blockers = cJSON_AddArrayToObject(root, "blockers");
    for (int s = 0; s < a->blockers.count; s++) {
        cJSON *set = cJSON_CreateArray();
        for (int j = 0; j < a->blockers.sets[s].count; j++)
            cJSON_AddItemToArray(set, constraint_object(scn, a->blockers.sets[s].items[j]));
        cJSON_AddItemToArray(blockers, set);
    }
    cJSON_AddBoolToObject(root, "blockers_complete",
                          a->agreement_possible || a->blockers.complete);
    cJSON *near = cJSON_AddArrayToObject(root, "nearest");
    for (int n = 0; n < a->near_count; n++) {
        cJSON *one = cJSON_CreateObject();
        cJSON_AddItemToObject(one, "package", package_object(scn, &a->near[n].package));
        cJSON_AddNumberToObject(one, "broken_count", a->near[n].broken_count);
        cJSON_AddItemToObject(one, "broken", broken_list(scn, a->near[n].broken));
        cJSON_AddItemToArray(near, one);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

/* ---- runs ------------------------------------------------------------------------ */

static cJSON *actor_numbers(const model_scenario *scn, const double *v)
{
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < scn->actor_count; i++)
        cJSON_AddNumberToObject(o, scn->actors[i].id, stable(v[i]));
    return o;
}

static cJSON *round_object(const model_scenario *scn, const round_record *rec)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "number", rec->number);
    cJSON_AddStringToObject(o, "proposer",
                            rec->proposer >= 0 ? scn->actors[rec->proposer].id : "mediator");
    cJSON_AddItemToObject(o, "offer", package_object(scn, &rec->offer));
    cJSON *responses = cJSON_AddArrayToObject(o, "responses");
    for (int j = 0; j < rec->response_count; j++) {
        const round_response *r = &rec->responses[j];
        if (r->verdict == ROUND_ABSENT)
            continue;
        cJSON *one = cJSON_CreateObject();
        cJSON_AddStringToObject(one, "actor", scn->actors[r->actor].id);
        cJSON_AddStringToObject(one, "verdict", round_verdict_name(r->verdict));
        cJSON_AddStringToObject(one, "reason", r->reason);
        cJSON_AddNumberToObject(one, "utility", stable(r->utility));
        cJSON_AddNumberToObject(one, "aspiration", stable(r->aspiration));
        if (r->redline >= 0)
            cJSON_AddStringToObject(one, "red_line", scn->actors[r->actor].redlines[r->redline].id);
        if (r->issue >= 0)
            cJSON_AddStringToObject(one, "issue", scn->issues[r->issue].id);
        cJSON_AddItemToArray(responses, one);
    }
    cJSON_AddItemToObject(o, "willingness", actor_numbers(scn, rec->willingness));
    cJSON_AddItemToObject(o, "aspiration", actor_numbers(scn, rec->aspiration));
    cJSON *messages = cJSON_AddArrayToObject(o, "events");
    for (int m = 0; m < rec->message_count; m++)
        cJSON_AddItemToArray(messages, cJSON_CreateString(rec->messages[m]));
    return o;
}

char *report_run_json(const model_scenario *scn, const round_transcript *t)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "scenario", scn->id);
    cJSON_AddStringToObject(root, "variant", scn->variant ? scn->variant : "baseline");
    cJSON_AddNumberToObject(root, "seed", (double)t->seed); /* seeds are kept below 2^53 */
    const round_outcome *o = &t->outcome;
    cJSON_AddStringToObject(root, "outcome", round_outcome_name(o->kind));
    if (o->has_package)
        cJSON_AddItemToObject(root, "package", package_object(scn, &o->package));
    else
        cJSON_AddNullToObject(root, "package");
    cJSON_AddItemToObject(root, "signatories", actor_list(scn, o->signatories));
    cJSON_AddStringToObject(root, "reason", o->reason);
    cJSON_AddNumberToObject(root, "rounds_played", o->rounds);
    cJSON *rounds = cJSON_AddArrayToObject(root, "rounds");
    for (int r = 0; r < t->record_count; r++)
        cJSON_AddItemToArray(rounds, round_object(scn, &t->records[r]));
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

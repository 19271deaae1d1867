/* report_text.c: the analysis as a report a class can read. */
#include "report.h"

#include <math.h>
#include <string.h>

#include "explain.h"

static void print_count(FILE *out, double n)
{
    /* Thousands separators make 10^12 readable. */
    char digits[64], grouped[96];
    snprintf(digits, sizeof digits, "%.0f", n);
    size_t len = strlen(digits), j = 0;
    for (size_t i = 0; i < len; i++) {
        grouped[j++] = digits[i];
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            grouped[j++] = ',';
    }
    grouped[j] = '\0';
    fputs(grouped, out);
}

static void print_actors(FILE *out, const model_scenario *scn, model_set set)
{
    bool first = true;
    for (int i = 0; i < scn->actor_count; i++)
        if (model_set_has(set, i)) {
            fprintf(out, "%s%s", first ? "" : " ", scn->actors[i].id);
            first = false;
        }
    if (first)
        fputs("(none)", out);
}

static void print_package(FILE *out, const model_scenario *scn, const model_package *pkg,
                          const char *indent)
{
    for (int k = 0; k < scn->issue_count; k++) {
        const model_issue *is = &scn->issues[k];
        const model_option *o = &is->options[pkg->opt[k]];
        fprintf(out, "%s%-34s %s", indent, is->label, o->id);
        if (o->label && strcmp(o->label, o->id) != 0)
            fprintf(out, " (%s)", o->label);
        fputc('\n', out);
    }
}

static void print_solution(FILE *out, const model_scenario *scn, const char *title,
                           const deal_solution *sol, const deal_solution *same_as,
                           const char *same_name)
{
    fprintf(out, "\n%s\n", title);
    if (!sol->found) {
        fputs("  none: no package is a deal\n", out);
        return;
    }
    if (same_as && same_as->found &&
        memcmp(&same_as->package, &sol->package, sizeof sol->package) == 0) {
        fprintf(out, "  the same package as the %s\n", same_name);
        return;
    }
    print_package(out, scn, &sol->package, "  ");
    fputs("  Signatories: ", out);
    print_actors(out, scn, sol->signatories);
    fputs("\n  Utilities:  ", out);
    for (int i = 0; i < scn->actor_count; i++)
        fprintf(out, " %s %.2f", scn->actors[i].id, sol->utility[i]);
    fputc('\n', out);
    bool header = false;
    for (int i = 0; i < scn->actor_count; i++) {
        if (model_set_has(sol->signatories, i))
            continue;
        if (!header) {
            fputs("  Who does not sign, and why:\n", out);
            header = true;
        }
        char reason[1024];
        explain_non_signatory(scn, &sol->package, i, reason, sizeof reason);
        fprintf(out, "    - %s\n", reason);
    }
}

void report_text(FILE *out, const model_scenario *scn, const deal_analysis *a)
{
    fprintf(out, "%s\n", scn->title ? scn->title : scn->id);
    fprintf(out, "Variant: %s", scn->variant ? scn->variant : "baseline");
    for (int v = 0; v < scn->variant_count; v++)
        if (scn->variant && strcmp(scn->variants[v].id, scn->variant) == 0 &&
            scn->variants[v].label)
            fprintf(out, " (%s)", scn->variants[v].label);
    fprintf(out, "\n%d actors, %d issues, ", scn->actor_count, scn->issue_count);
    print_count(out, a->packages);
    if (a->exhaustive)
        fputs(" packages (all examined)\n", out);
    else
        fprintf(out, " packages (counts below estimated from a sample of %d; the Nash package "
                     "found by branch and bound%s)\n",
                a->sampled, a->nash_exact ? ", exact" : ", search limit reached");

    fputs("\nAcceptable to each actor (red lines hold and at least its reservation):\n", out);
    for (int i = 0; i < scn->actor_count; i++) {
        fprintf(out, "  %-4s %-28s ", scn->actors[i].id, scn->actors[i].name);
        print_count(out, a->acceptable[i]);
        fputc('\n', out);
    }

    if (a->agreement_possible) {
        fputs("\nA DEAL IS POSSIBLE: ", out);
        print_count(out, a->zopa);
        fputs(a->zopa == 1 ? " package in the zone of possible agreement.\n"
                           : " packages in the zone of possible agreement.\n", out);
        if (a->coalition_count > 0) {
            fputs("Who could sign (coalitions of the willing, most packages first):\n", out);
            int shown = a->coalition_count < 8 ? a->coalition_count : 8;
            for (int c = 0; c < shown; c++) {
                fputs("  ", out);
                print_actors(out, scn, a->coalitions[c].members);
                fputs("  (", out);
                print_count(out, a->coalitions[c].packages);
                fputs(a->coalitions[c].packages == 1 ? " package)\n" : " packages)\n", out);
            }
            if (a->coalition_count > shown)
                fprintf(out, "  ... and %d more sets of signatories\n", a->coalition_count - shown);
        }
        print_solution(out, scn, "Nash bargaining solution (every party weighs the same):",
                       &a->nash, NULL, NULL);
        print_solution(out, scn, "Nash bargaining solution (weighted by capability):",
                       &a->nash_weighted, &a->nash, "symmetric Nash solution");
        print_solution(out, scn, "Kalai-Smorodinsky solution (equal share of each one's best):",
                       &a->ks, &a->nash, "symmetric Nash solution");
        fprintf(out, "\nPareto frontier: %d package%s no other deal improves for everyone.\n",
                a->pareto_count, a->pareto_count == 1 ? "" : "s");
        return;
    }

    fputs("\nNO DEAL IS POSSIBLE: no package is accepted by everyone whose signature it needs.\n",
          out);
    fprintf(out, "\nWhy: %d minimal conflicting set%s (drop any one item of a set and that "
                 "conflict is gone)%s\n",
            a->blockers.count, a->blockers.count == 1 ? "" : "s",
            a->blockers.complete ? "" : " [listing incomplete: search limit reached]");
    for (int s = 0; s < a->blockers.count; s++) {
        fprintf(out, "  %d.", s + 1);
        for (int j = 0; j < a->blockers.sets[s].count; j++) {
            explain_item item = a->blockers.sets[s].items[j];
            char label[512];
            explain_item_label(scn, item, label, sizeof label);
            fprintf(out, "%s %s: \"%s\"", j ? " +" : "", scn->actors[item.actor].id, label);
        }
        fputc('\n', out);
    }
    if (a->near_count > 0) {
        fputs("\nNearest to a deal (fewest constraints that would have to give way):\n", out);
        for (int n = 0; n < a->near_count; n++) {
            fprintf(out, "  %d. %d broken:", n + 1, a->near[n].broken_count);
            for (int i = 0; i < scn->actor_count; i++) {
                for (int r = 0; r < scn->actors[i].redline_count; r++)
                    if (a->near[n].broken[i] & (1u << r))
                        fprintf(out, " %s \"%s\";", scn->actors[i].id,
                                scn->actors[i].redlines[r].label);
                if (a->near[n].broken[i] & MODEL_RESERVATION_BIT)
                    fprintf(out, " %s below its reservation;", scn->actors[i].id);
            }
            fputc('\n', out);
        }
        fputs("  The nearest package:\n", out);
        print_package(out, scn, &a->near[0].package, "    ");
    }
}

/* ---- transcripts ------------------------------------------------------------------ */

static void print_offer_diff(FILE *out, const model_scenario *scn, const model_package *now,
                             const model_package *before)
{
    for (int k = 0; k < scn->issue_count; k++) {
        const model_issue *is = &scn->issues[k];
        bool changed = before && before->opt[k] != now->opt[k];
        if (before && !changed)
            continue;
        fprintf(out, "      %-34s %s", is->label, is->options[now->opt[k]].id);
        if (changed)
            fprintf(out, " (was %s)", is->options[before->opt[k]].id);
        fputc('\n', out);
    }
}

void report_transcript(FILE *out, const model_scenario *scn, const round_transcript *t)
{
    fprintf(out, "%s\nVariant: %s    Seed: %llu\n", scn->title ? scn->title : scn->id,
            scn->variant ? scn->variant : "baseline", (unsigned long long)t->seed);
    const model_package *previous = NULL;
    for (int r = 0; r < t->record_count; r++) {
        const round_record *rec = &t->records[r];
        fprintf(out, "\nRound %d\n", rec->number);
        for (int m = 0; m < rec->message_count; m++)
            fprintf(out, "  * %s\n", rec->messages[m]);
        if (rec->proposer >= 0)
            fprintf(out, "  %s proposes%s\n", scn->actors[rec->proposer].name,
                     previous ? " (changes only):" : ":");
        else
            fprintf(out, "  The mediator's text%s\n", previous ? " (changes only):" : ":");
        print_offer_diff(out, scn, &rec->offer, previous);
        if (previous && memcmp(previous, &rec->offer, sizeof rec->offer) == 0)
            fputs("      (unchanged)\n", out);
        for (int j = 0; j < rec->response_count; j++) {
            const round_response *resp = &rec->responses[j];
            if (resp->verdict == ROUND_ABSENT)
                continue;
            fprintf(out, "    %-4s %-7s %s\n", scn->actors[resp->actor].id,
                    round_verdict_name(resp->verdict), resp->reason);
        }
        fputs("  Willingness:", out);
        for (int i = 0; i < scn->actor_count; i++)
            fprintf(out, " %s %.2f", scn->actors[i].id, rec->willingness[i]);
        fputc('\n', out);
        previous = &rec->offer;
    }
    const round_outcome *o = &t->outcome;
    fprintf(out, "\nOUTCOME: %s after %d round%s\n", round_outcome_name(o->kind), o->rounds,
            o->rounds == 1 ? "" : "s");
    if (o->has_package) {
        fputs("  Signatories: ", out);
        print_actors(out, scn, o->signatories);
        fputc('\n', out);
        print_package(out, scn, &o->package, "  ");
    }
    fprintf(out, "  %s\n", o->reason);
}

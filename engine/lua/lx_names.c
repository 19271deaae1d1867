/* lx_names.c: "did you mean ...?" suggestions for misspelt names in scenarios. */
#include "lx_names.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int lx_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    int d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int sub = d[i - 1][j - 1] + (tolower((unsigned char)a[i - 1]) !=
                                         tolower((unsigned char)b[j - 1]));
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[la][lb];
}

void lx_suggest(const char *given, const char *const *candidates, int n, char *out, size_t size)
{
    const char *best = NULL;
    /* Short names tolerate fewer edits, or everything would "mean" everything. */
    int best_d = (int)strlen(given) <= 3 ? 2 : 3;
    for (int i = 0; i < n; i++) {
        int dist = lx_edit_distance(given, candidates[i]);
        /* "round" for "at_round": a long enough name inside a longer one is a likely meaning. */
        if (dist > 2 && strlen(given) >= 4 && strstr(candidates[i], given))
            dist = 2;
        if (dist < best_d) {
            best_d = dist;
            best = candidates[i];
        }
    }
    if (best)
        snprintf(out, size, " (did you mean '%s'?)", best);
    else
        out[0] = '\0';
}

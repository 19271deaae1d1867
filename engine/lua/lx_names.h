/* lx_names.h: "did you mean ...?" suggestions for misspelt names in scenarios. */
#ifndef LX_NAMES_H
#define LX_NAMES_H

#include <stddef.h>

/* Levenshtein distance, ignoring case; 99 for names over 40 characters. */
int lx_edit_distance(const char *a, const char *b);
/* Writes " (did you mean 'x'?)" for the nearest candidate within a few edits, or "". */
void lx_suggest(const char *given, const char *const *candidates, int n, char *out, size_t size);

#endif

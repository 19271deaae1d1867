/* cmd_replay.c: `entente replay PATH [--json]`: print a recorded run again from its replay file. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "replay.h"
#include "report.h"

static int usage(const char *fmt, const char *arg)
{
    fputs("entente: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'entente --help'.\n", stderr);
    return CLI_EXIT_USAGE;
}

int cmd_replay(int argc, char **argv)
{
    const char *path = NULL;
    bool json = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] == '-' && argv[i][1])
            return usage("replay: unknown option '%s'", argv[i]);
        else if (!path)
            path = argv[i];
        else
            return usage("replay: one file at a time (extra argument '%s')", argv[i]);
    }
    if (!path)
        return usage("%s", "replay needs a replay file");

    ent_error err = {0};
    model_scenario *scn = NULL;
    round_transcript t;
    ent_status st = replay_read(path, &scn, &t, &err);
    if (st != ENT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return st == ENT_ERR_IO ? CLI_EXIT_IO : CLI_EXIT_SCENARIO;
    }
    int rc = CLI_EXIT_OK;
    if (json) {
        char *doc = report_run_json(scn, &t);
        if (!doc) {
            fprintf(stderr, "entente: out of memory\n");
            rc = CLI_EXIT_IO;
        } else {
            fputs(doc, stdout);
            fputc('\n', stdout);
            free(doc);
        }
    } else {
        report_transcript(stdout, scn, &t);
    }
    if (fflush(stdout) != 0)
        rc = CLI_EXIT_IO;
    round_transcript_free(&t);
    model_free(scn);
    return rc;
}

/* cli.h: the entente command line: verbs, options, exit statuses. */
#ifndef CLI_H
#define CLI_H

enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_SCENARIO = 1, /* a bad scenario */
    CLI_EXIT_USAGE = 2,    /* bad command-line usage */
    CLI_EXIT_IO = 3        /* a file could not be read or written */
};

int cli_main(int argc, char **argv);
/* `entente montecarlo FILE --runs N ...` (argv: the arguments after the verb). */
int cmd_montecarlo(int argc, char **argv);
/* `entente forecast FILE ...` and `entente forecast --batch DIR_OR_FILE`. */
int cmd_forecast(int argc, char **argv);
/* `entente new NAME`: a commented starter scenario in NAME.lua. */
int cmd_new(int argc, char **argv);

#endif

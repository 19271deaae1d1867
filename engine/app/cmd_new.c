/* cmd_new.c: `entente new NAME`: a commented starter scenario that passes `entente check` and
   runs, for an author to change step by step (docs/authoring.md follows the same shape). */
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "afile.h"
#include "cli.h"

static const char starter[] =
    "-- %s.lua: a new entente scenario. Change it step by step; after each step run\n"
    "--   entente check %s.lua      (finds mistakes, with their line)\n"
    "--   entente analyze %s.lua    (is a deal possible? which one? why not?)\n"
    "--   entente run %s.lua        (the negotiation round by round)\n"
    "--   entente view %s.lua       (watch it; the window reloads when you save)\n"
    "-- The whole API, with examples: docs/scenario-api.md; a tutorial: docs/authoring.md.\n"
    "\n"
    "scenario {\n"
    "  id = \"%s\",\n"
    "  title = \"A new negotiation\",\n"
    "  description = [[Say in two sentences what is being negotiated, and between whom.]],\n"
    "  seed = 1,\n"
    "}\n"
    "\n"
    "-- Issues: what is on the table. Options are listed in order (used by `ideal`,\n"
    "-- `at_least` and `at_most`); `default` is the status quo.\n"
    "issue {\n"
    "  id = \"quota\", label = \"Fishing quota\",\n"
    "  options = { { \"low\", \"Low quota\" }, { \"mid\", \"Middle quota\" }, { \"high\", \"High quota\" } },\n"
    "  default = \"mid\",\n"
    "}\n"
    "\n"
    "issue {\n"
    "  id = \"inspections\", label = \"Inspections at sea\",\n"
    "  options = { { \"none\", \"None\" }, { \"joint\", \"Joint patrols\" } },\n"
    "  default = \"none\",\n"
    "}\n"
    "\n"
    "-- Actors: what each wants (ideal option and how much it cares: salience), what it can\n"
    "-- count on without a deal (reservation, 0 to 1), and its red lines, each with a source.\n"
    "actor {\n"
    "  id = \"A\", name = \"Coastal state\",\n"
    "  capability = 1.0, reservation = 0.3,\n"
    "  positions = {\n"
    "    quota = { ideal = \"low\", salience = 3, source = \"Where does this come from?\" },\n"
    "    inspections = { ideal = \"joint\", salience = 1 },\n"
    "  },\n"
    "  red_lines = {\n"
    "    { id = \"no_high_quota\", label = \"Never the high quota\",\n"
    "      never = is(\"quota\", \"high\"), source = \"Name the statement or document.\" },\n"
    "  },\n"
    "}\n"
    "\n"
    "actor {\n"
    "  id = \"B\", name = \"Fishing nation\",\n"
    "  capability = 0.8, reservation = 0.3,\n"
    "  positions = {\n"
    "    quota = { ideal = \"high\", salience = 3 },\n"
    "    inspections = { ideal = \"none\", salience = 1 },\n"
    "  },\n"
    "}\n"
    "\n"
    "actor {\n"
    "  id = \"C\", name = \"Neighbour\",\n"
    "  capability = 0.5, reservation = 0.2,\n"
    "  tactic = { style = \"conceder\" },   -- concedes early (boulware: holds out)\n"
    "  listens = { A = 1 },                -- moved by A's willingness\n"
    "  positions = {\n"
    "    quota = { ideal = \"mid\", salience = 1 },\n"
    "    inspections = { ideal = \"joint\", salience = 2 },\n"
    "  },\n"
    "}\n"
    "\n"
    "-- Who must sign: A and B always; C is welcome but not needed.\n"
    "rule { required = { \"A\", \"B\" } }\n"
    "\n"
    "-- The negotiation over rounds: a mediator's single text, revised each round.\n"
    "protocol { kind = \"mediator\", rounds = 10 }\n"
    "\n"
    "-- Something happens in round 3.\n"
    "event {\n"
    "  id = \"storm\", label = \"A storm empties the harbours\", at_round = 3,\n"
    "  message = \"The fleets stay home for a week; everyone is keener on a deal.\",\n"
    "  willingness = { A = 0.1, B = 0.2 },\n"
    "}\n"
    "\n"
    "-- What if? Try: entente analyze %s.lua --variant hard_line\n"
    "variant {\n"
    "  id = \"hard_line\", label = \"B refuses inspections outright\",\n"
    "  apply = function(s)\n"
    "    s.actors.B.red_lines.no_inspections = {\n"
    "      label = \"No foreign inspectors\", never = is(\"inspections\", \"joint\"),\n"
    "    }\n"
    "  end,\n"
    "}\n";

int cmd_new(int argc, char **argv)
{
    if (argc != 1 || argv[0][0] == '-') {
        fprintf(stderr, "entente: new needs exactly one NAME (letters, digits, '_' or '-')\n"
                        "Try 'entente --help'.\n");
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[0];
    size_t n = strlen(name);
    bool ok = n > 0 && n < 32 && (isalpha((unsigned char)name[0]) || name[0] == '_');
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)name[i]) || name[i] == '_' || name[i] == '-';
    if (!ok) {
        fprintf(stderr, "entente: '%s' is not a scenario name: letters, digits, '_' or '-', at "
                        "most 31, starting with a letter\n", name);
        return CLI_EXIT_USAGE;
    }
    char path[64];
    snprintf(path, sizeof path, "%s.lua", name);
    struct stat st;
    if (stat(path, &st) == 0) {
        fprintf(stderr, "entente: %s already exists; choose another name or move it away\n",
                path);
        return CLI_EXIT_IO;
    }
    char text[sizeof starter + 8 * 64];
    int len = snprintf(text, sizeof text, starter, name, name, name, name, name, name, name);
    ent_error err = {0};
    if (len < 0 || (size_t)len >= sizeof text ||
        afile_write(path, text, (size_t)len, &err) != ENT_OK) {
        fprintf(stderr, "%s\n", err.message[0] ? err.message : "entente: cannot write");
        return CLI_EXIT_IO;
    }
    printf("Wrote %s. Next: entente check %s, then entente run %s\n", path, path, path);
    return CLI_EXIT_OK;
}

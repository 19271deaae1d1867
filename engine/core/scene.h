/* scene.h: what the viewer shows, as plain data: the core lays it out, engine/render draws it.
   Coordinates are in [0, 1] x [0, 1] of the area they belong to (the ring, the map), so the
   picture scales to any window; the renderer never computes layout or touches the model. */
#ifndef SCENE_H
#define SCENE_H

#include <stdbool.h>
#include <stdint.h>

#include "deal.h"
#include "ent_error.h"
#include "model.h"
#include "round.h"

#define SCENE_TEXT 256
#define SCENE_MAX_EDGES (MODEL_MAX_ACTORS * 8)
#define SCENE_MAX_ROUNDS 1000
#define SCENE_MAX_POINTS 4000

typedef enum {
    SCENE_STANCE_NONE,     /* no offer yet */
    SCENE_STANCE_ACCEPTS,
    SCENE_STANCE_OBJECTS,
    SCENE_STANCE_WALKED,
    SCENE_STANCE_ABSENT    /* not a party */
} scene_stance;

typedef struct {
    char id[MODEL_ID_MAX];
    char name[64];
    uint32_t colour;        /* 0xRRGGBB, the scenario's */
    float x, y;             /* centre, in the ring area */
    float radius;           /* by capability, in ring-area units */
    double willingness;     /* 0 holds out .. 1 down to its reservation */
    double utility;         /* of the standing offer (0 before one) */
    double aspiration;
    scene_stance stance;
    bool required;          /* its signature is needed for the standing offer */
    bool signatory;         /* signs the outcome (once there is one) */
    bool selected;
    char reason[ROUND_REASON_MAX]; /* its answer to the standing offer */
} scene_node;

typedef struct {
    int from, to;           /* `from` listens to `to` */
    float weight;           /* 0..1, row-normalised */
} scene_edge;

/* One issue on the table: the option proposed, and who would see a red line crossed. */
typedef struct {
    char id[MODEL_ID_MAX];
    char label[96];
    char option[96];        /* the proposed option's label ("" before the first offer) */
    int option_index, option_count;
    bool changed;           /* differs from the previous round's offer */
    model_set crosses;      /* actors one of whose red lines this issue's option helps break */
} scene_row;

typedef struct {
    int number;
    bool has_event;         /* an event or message in this round */
    int accepted;           /* how many parties accepted that round's offer */
} scene_tick;

typedef enum { SCENE_BANNER_NONE, SCENE_BANNER_AGREEMENT, SCENE_BANNER_COALITION,
               SCENE_BANNER_BREAKDOWN } scene_banner_kind;

/* A package on the map of the deal space. */
typedef struct {
    float x, y;             /* in the map area; near packages sit near */
    uint8_t accepting;      /* how many of the actors its signature needs accept it */
    uint8_t needed;         /* how many actors its signature needs */
    bool deal;              /* in the ZOPA */
    bool pareto, nash, current;
    model_package package;
} scene_point;

/* The side panel: the selected actor's positions, saliences, red lines with their sources and
   willingness over the rounds; or, for a selected issue, every actor's view of it. */
#define SCENE_PANEL_LINES 40
typedef struct {
    bool active;
    char heading[SCENE_TEXT];
    int line_count;
    char lines[SCENE_PANEL_LINES][SCENE_TEXT];
    int history_count;               /* the selected actor's willingness, round by round */
    float history[SCENE_MAX_ROUNDS];
} scene_panel;

typedef struct {
    char title[SCENE_TEXT];
    char variant[MODEL_ID_MAX];
    char status[SCENE_TEXT];         /* e.g. "Round 3 of 14: the mediator's text" */
    int round, rounds;               /* shown round, rounds played so far */
    int deadline;
    int node_count;
    scene_node nodes[MODEL_MAX_ACTORS];
    int edge_count;
    scene_edge edges[SCENE_MAX_EDGES];
    int row_count;
    scene_row rows[MODEL_MAX_ISSUES];
    int tick_count;
    scene_tick ticks[SCENE_MAX_ROUNDS];
    int message_count;               /* the shown round's events and messages */
    char messages[8][SCENE_TEXT];
    scene_banner_kind banner;
    char banner_title[SCENE_TEXT];   /* e.g. "Coalition: US UA UK FR DE IT PL TR" */
    char banner_text[1024];          /* why, in plain words */
    int selected;                    /* actor index, or -1 */
    int selected_issue;              /* issue index, or -1 */
    scene_panel panel;               /* filled by scene_panel_build */
    int point_count;                 /* the map (filled by scene_map) */
    scene_point *points;             /* owned: scene_free */
    bool map_sampled;                /* a sample of a larger space, plus the frontier */
} scene;

/* The picture of a negotiation at `round` (0 = before any; past the last = the end). t may be
   NULL (nothing played yet). */
ent_status scene_build(scene *out, const model_scenario *scn, const round_transcript *t,
                       int round, int selected, ent_error *err);
/* The deal-space map: packages laid out by a 2-D projection of their options (near packages
   near), coloured by acceptance, with the ZOPA, Pareto and Nash packages marked and the shown
   round's offer. Large spaces: a seeded sample plus the Pareto frontier. */
ent_status scene_map(scene *s, const model_scenario *scn, const deal_analysis *a,
                     const model_package *current, ent_error *err);
void scene_free(scene *s);

/* Fills s->panel for the selected actor (actor >= 0) or, else, the selected issue (issue >= 0),
   as of the scene's round. */
void scene_panel_build(scene *s, const model_scenario *scn, const round_transcript *t, int actor,
                       int issue);

/* Which node is under (x, y) in ring-area units: its index, or -1. */
int scene_hit_node(const scene *s, float x, float y);
/* Which map point is nearest (x, y) within `radius` in map-area units: its index, or -1. */
int scene_hit_point(const scene *s, float x, float y, float radius);

#endif

-- kora.lua: sharing the Kora river between three states (a tutorial scenario).
-- The states and their statements are invented for the tutorial; the [S] notes show where a
-- real scenario would cite its sources.

scenario {
  id = "kora",
  title = "Sharing the Kora river",
  description = [[Highland is building a large dam on the Kora, upstream of Valley and Delta.
How fast may it fill the reservoir, what must it release in a drought, what data does it
share, and who settles disputes?]],
  seed = 1,
  -- What happened (in our invented story): the debrief sets the class's run beside it.
  history = {
    outcome = "agreement",
    signatories = { "HL", "VA", "DL", "BF" },
    package = { filling = "medium", drought = "minimum", data = "realtime",
                disputes = "mediation", fund = "stations" },
    decisive = { "drought", "disputes" },
    summary = [[After a year of talks the three states and the Basin Fund signed the Kora
Treaty: a six-year filling, a guaranteed minimum flow in droughts, real-time data paid for
by the Fund, and mediation for disputes.]],
    source = "[S] The Kora Treaty, articles 2 to 9",
  },
  -- Questions for the class's debrief.
  questions = {
    "Highland could fill the dam without any treaty. Why did it sign at all?",
    "Delta gave up 'shared shortfalls' for a 'guaranteed minimum'. What did it get in return?",
    "The treaty fills the dam in six years; your run may have found three. What does the model leave out?",
    "Run the variant old_treaty. Why does a better alternative for Delta change the deal?",
  },
}

-- Each issue lists its options in order, from Highland's end to Delta's end.
issue {
  id = "filling", label = "Filling the reservoir",
  options = { { "fast", "In 3 years" }, { "medium", "In 6 years" }, { "slow", "In 10 years" } },
}

issue {
  id = "drought", label = "Releases in a drought",
  options = { { "none", "No obligation" }, { "minimum", "A guaranteed minimum flow" },
              { "shared", "Shortfalls shared in proportion" } },
}

issue {
  id = "data", label = "Data on the dam's operation",
  options = { { "none", "None" }, { "annual", "An annual report" }, { "realtime", "Real-time data" } },
}

issue {
  id = "disputes", label = "Settling disputes",
  options = { { "talks", "Talks between ministers" }, { "mediation", "Mediation" },
              { "arbitration", "Binding arbitration" } },
}

-- The Basin Fund's own contribution: it takes effect only if the Fund signs.
issue {
  id = "fund", label = "Money from the Basin Fund", owner = "BF",
  options = { { "none", "No money" }, { "stations", "Gauging stations and a data centre" } },
  default = "none",
}

actor {
  id = "HL", name = "Highland", capability = 1.0, reservation = 0.45,
  tactic = { style = "boulware" },                -- holds out: it can fill without a deal
  positions = {
    filling  = { ideal = "fast", salience = 4 },
    drought  = { ideal = "none", salience = 3 },
    data     = { ideal = "none", salience = 1 },
    disputes = { ideal = "talks", salience = 2 },
    fund     = { ideal = "stations", salience = 1 },
  },
  red_lines = {
    { id = "no_arbitration", label = "No foreign court over our river",
      never = is("disputes", "arbitration"),
      source = "[S] Highland's Water Law, article 4" },
    { id = "fill_in_time", label = "The reservoir is full within six years",
      require = at_most("filling", "medium"),
      source = "[S] Highland's prime minister, opening of the dam site" },
    { id = "no_sharing", label = "No duty to share shortfalls in a drought",
      never = is("drought", "shared"),
      source = "[S] Highland's negotiator, press conference" },
  },
}

actor {
  id = "VA", name = "Valley", capability = 0.5, reservation = 0.3,
  tactic = { style = "conceder", susceptibility = 0.3 },
  listens = { HL = 1, DL = 1 },                    -- caught between its two neighbours
  positions = {
    filling  = { ideal = "medium", salience = 2 },
    drought  = { ideal = "minimum", salience = 1 },
    data     = { ideal = "realtime", salience = 4 },
    disputes = { ideal = "mediation", salience = 1 },
    fund     = { ideal = "stations", salience = 1 },
  },
  red_lines = {
    { id = "fast_needs_data", label = "A fast filling only with real-time data for our own dam",
      require = implies(is("filling", "fast"), is("data", "realtime")),
      source = "[S] Valley's minister of water, interview" },
  },
}

actor {
  id = "DL", name = "Delta", capability = 0.9, reservation = 0.35,
  tactic = { style = "linear", susceptibility = 0.2 },
  listens = { BF = 2, VA = 1 },
  positions = {
    filling  = { ideal = "slow", salience = 4 },
    drought  = { ideal = "shared", salience = 5 },
    data     = { values = { none = 0, annual = 0.7, realtime = 1 }, salience = 1 },
    disputes = { ideal = "arbitration", salience = 3 },
    fund     = { ideal = "stations", salience = 1 },
  },
  red_lines = {
    { id = "drought_flow", label = "A guaranteed flow in a drought",
      require = at_least("drought", "minimum"),
      source = "[S] Delta's foreign minister, speech to parliament" },
    { id = "enforceable", label = "A treaty that can be checked and enforced",
      require = all_of(at_least("data", "annual"), is_not("disputes", "talks")),
      source = "[S] Delta's note to the mediator" },
  },
}

actor {
  id = "BF", name = "Basin Fund", capability = 0.6, reservation = 0.2,
  tactic = { style = "conceder" },
  positions = {
    fund     = { ideal = "stations", salience = 2 },
    data     = { ideal = "realtime", salience = 2 },
    disputes = { ideal = "mediation", salience = 1 },
  },
  red_lines = {
    { id = "pays_for_data", label = "We pay for stations only if their data is shared",
      require = implies(is("fund", "stations"), is("data", "realtime")),
      source = "[S] The Fund's lending rules" },
  },
}

-- Who must sign: Highland and Delta always; at least one of Valley and the Fund stands
-- behind the treaty; real-time data runs through Valley's stations, so then Valley signs too.
rule {
  required = { "HL", "DL" },
  guarantors = { "VA", "BF" }, min_guarantors = 1,
  conditions = {
    { when = is("data", "realtime"), require = { "VA" },
      label = "Real-time data runs through Valley's stations" },
  },
}

-- The negotiation over rounds (entente run): the Basin Fund writes a single text and
-- revises it every month for a year.
protocol { kind = "mediator", mediator = "BF", rounds = 12 }

event {
  id = "first_filling", label = "Highland starts filling", at_round = 3,
  message = "The rains come and Highland closes the gates; Delta recalls its ambassador.",
  willingness = { DL = -0.15 },
}

event {
  id = "fund_offer", label = "The Fund puts money on the table", at_round = 5,
  message = "The Basin Fund offers to pay for gauging stations on all three stretches.",
  signal = { from = "BF", strength = 0.3 },
}

event {
  id = "press", label = "Delta's press: 'three years is a death sentence'",
  when = is("filling", "fast"),
  message = "Delta's newspapers print maps of dry fields under the headline 'three years'.",
  willingness = { DL = -0.05 },
}

-- For a class: the teacher fires these by hand in the viewer (j picks one, enter fires it).
event {
  id = "drought_news", label = "The worst drought in 40 years", inject = true,
  message = "Delta's farmers march on the capital; Delta's government cannot look weak.",
  willingness = { DL = -0.2 },
}

event {
  id = "power_deal", label = "Valley will buy Highland's electricity", inject = true,
  message = "Valley signs a contract to buy a third of the dam's power.",
  willingness = { HL = 0.15, VA = 0.1 },
}

-- At the start of round 9, the Fund's president flies in if Highland objected in round 8.
on_round(function(round, state)
  if round == 9 and not state:accepted("HL") then
    state:add_willingness("HL", 0.1)
    state:message("The Fund's president flies to Highland's capital")
  end
end)

-- What nobody knows exactly: entente montecarlo draws these afresh in every run.
uncertain { id = "hl_reservation", target = "HL.reservation", dist = uniform(0.35, 0.6) }
uncertain { id = "dl_reservation", target = "DL.reservation", dist = triangular(0.25, 0.35, 0.5) }
uncertain { id = "dl_drought", target = "DL.salience.drought", dist = normal(5, 1) }
uncertain { id = "hl_tactic", target = "HL.beta", dist = choice({ 0.3, 1, 3 }, { 2, 1, 1 }) }

-- What if? Each variant starts from the file as written.
variant {
  id = "dry_decade", label = "After a dry decade, Delta insists that shortfalls are shared",
  apply = function(s)
    s.actors.DL.red_lines.drought_shared = {
      label = "Shortfalls in a drought are shared", require = is("drought", "shared") }
  end,
}

variant {
  id = "arbitration", label = "Highland accepts binding arbitration",
  apply = function(s)
    s.actors.HL.red_lines.no_arbitration = nil
  end,
}

variant {
  id = "old_treaty", label = "Delta counts on an old treaty: it expects more without a deal",
  apply = function(s)
    s.actors.DL.reservation = 0.5
  end,
}

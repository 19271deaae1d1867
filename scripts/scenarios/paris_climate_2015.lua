-- paris_climate_2015.lua: the Paris climate conference (COP21), 30 November - 12 December 2015.
--
-- Sources (only what the published texts state; everything else is marked [J]):
--   [PA] the Paris Agreement (UNFCCC, 2015), by article
--   [D]  decision 1/CP.21, "Adoption of the Paris Agreement" (UNFCCC, 2015), the COP decision
--        the Agreement is annexed to
--   [E]  contemporary reporting of the conference and the run-up to it (the Earth Negotiations
--        Bulletin's summary of COP21, IISD, December 2015; the US-China Joint Announcement on
--        Climate Change, Beijing, 12 November 2014; the Byrd-Hagel Resolution, US Senate, 1997)
--   [J]  a judgement call of the scenario's author: argue about it in class, then change it.
--
-- 196 Parties negotiated in blocs; the scenario keeps nine. Their capability is their rough
-- share of world greenhouse-gas emissions around 2015, so that the rule can ask, as Article 21
-- of the Agreement does, for Parties covering 55% of emissions [J: rounded shares].
--
--   actor  capability  reservation  tactic               cares most about (salience, 0-5)
--   US        0.18        0.35      linear               legal form 5, differentiation 4
--   EU        0.12        0.35      linear               legal form 4, five-year review 4
--   CN        0.20        0.40      boulware             differentiation 5, legal form 4,
--                                                        transparency 4
--   IN        0.04        0.40      boulware (0.2)       differentiation 5, finance 4
--   BR        0.025       0.35      conceder             differentiation 3, finance 3
--   AOSIS     0.005       0.30      linear               1.5 degrees 5, loss and damage 4
--   LDC       0.04        0.30      linear               finance 5, 1.5 degrees 4
--   ARAB      0.04        0.45      boulware (0.15)       long-term goal 5, temperature 4
--   OTH       0.35        0.35      conceder             legal form 3, differentiation 3
--
-- The rounds are the days of the conference: round 1 is Monday 30 November (the leaders'
-- day), round 13 Saturday 12 December, when the Agreement was adopted. The French presidency
-- (Laurent Fabius) holds the pen: a single negotiating text, revised every day.

scenario {
  id = "paris_climate_2015",
  title = "The Paris climate conference, December 2015",
  description = [[After the failure of Copenhagen in 2009, 196 Parties try again in Paris. The
small islands need 1.5 degrees, the US cannot accept a treaty its Senate would have to ratify,
China and India defend the wall between developed and developing countries, Saudi Arabia wants
nothing that ends fossil fuels, and the poorest countries want money and help with loss and
damage. The French presidency writes one text and revises it every day.]],
  seed = 2015,
  source = "The Paris Agreement and decision 1/CP.21 (UNFCCC, 2015); ENB summary of COP21",
  history = {
    outcome = "agreement",
    signatories = { "US", "EU", "CN", "IN", "BR", "AOSIS", "LDC", "ARAB", "OTH" },
    package = {
      temp_goal = "wb2_15", long_term = "balance", legal_form = "ndc",
      dev_targets = "should", differentiation = "national", finance = "decision",
      transparency = "flexible", loss_damage = "article", review = "five_year",
    },
    decisive = { "temp_goal", "legal_form", "dev_targets", "differentiation", "loss_damage",
                 "review" },
    summary = [[On 12 December 2015 the conference adopted the Paris Agreement by consensus. It
holds warming "well below 2 C" and pursues efforts toward 1.5 C (Art. 2); it asks for a balance
of emissions and removals in the second half of the century (Art. 4.1); every Party prepares
successive nationally determined contributions, binding as a procedure but not as targets
(Art. 4.2), and developed countries "should" (not "shall") take the lead with economy-wide
targets (Art. 4.4); differentiation follows "different national circumstances" (Art. 2.2);
the USD 100 billion a year goal stays in the decision, not the treaty (decision 1/CP.21);
an enhanced transparency framework has built-in flexibility (Art. 13); loss and damage has
its own article (Art. 8) but "does not involve or provide a basis for any liability or
compensation" (decision); and a global stocktake every five years from 2023 (Art. 14) ratchets
ambition. It entered into force on 4 November 2016, once 55 Parties with 55% of emissions had
joined (Art. 21).]],
    source = "The Paris Agreement (UNFCCC, 2015), Arts. 2, 4, 8, 13, 14, 21; decision 1/CP.21",
  },
  questions = {
    "The Agreement binds countries to make and report pledges but not to meet them. Why did that design bring in the US, China and India when Kyoto's binding targets had not? Run binding_targets.",
    "Small island states asked for 1.5 C and got 'pursuing efforts' toward it. Who stood in the way, and why did the 1.5 C language survive at all? Run islands_insist.",
    "The US asked at the last minute to change one word, 'shall' to 'should'. Why could one word decide whether the world's second-largest emitter joined?",
    "The rule here is a threshold: 55% of emissions. Which blocs could block the Agreement on their own, and which could not? Run us_out and us_china_out, then islands_insist and islands_consensus.",
    "Which bloc's red line here is most doubtful as a red line? Change it and see whether the outcome moves.",
  },
}

-- ---------------------------------------------------------------------------------------
-- Issues. Options run from one end to the other, so that `ideal` and `at_least` make sense.
-- ---------------------------------------------------------------------------------------

issue {
  id = "temp_goal", label = "Temperature goal",
  options = { { "two", "Below 2 C (Copenhagen, Cancun)" },
              { "wb2_15", "Well below 2 C, pursuing efforts toward 1.5 C" },
              { "limit15", "A 1.5 C limit" } },
  default = "two",
  source = "[PA] Art. 2.1(a); the 2 C goal of the Cancun Agreements (2010)",
}

issue {
  id = "long_term", label = "Long-term mitigation goal",
  options = { { "none", "No long-term goal" },
              { "balance", "Balance of emissions and removals, second half of the century" },
              { "decarbonise", "Decarbonisation: an end to fossil-fuel emissions" } },
  default = "none",
  source = "[PA] Art. 4.1; 'decarbonisation' was in the G7 leaders' declaration of June 2015 [E]",
}

issue {
  id = "legal_form", label = "Legal force of mitigation commitments",
  options = { { "political", "Political pledges only (Copenhagen Accord)" },
              { "ndc", "A binding duty to make, report and pursue national contributions" },
              { "binding", "Binding emission targets (Kyoto-style)" } },
  default = "political",
  source = "[PA] Art. 4.2, 4.9; the Kyoto Protocol (1997) for the binding end",
}

issue {
  id = "dev_targets", label = "Developed countries' economy-wide targets (Art. 4.4)",
  options = { { "should", "'Should continue taking the lead'" },
              { "shall", "'Shall continue taking the lead'" } },
  default = "should",
  source = "[PA] Art. 4.4; the 'shall' of the text of 12 Dec corrected to 'should' [E]",
}

issue {
  id = "differentiation", label = "Differentiation between countries",
  options = { { "firewall", "The 1992 annexes: a wall between developed and developing" },
              { "national", "Common duties, 'in the light of different national circumstances'" },
              { "uniform", "The same duties for all" } },
  default = "firewall",
  source = "[PA] Art. 2.2; the US-China Joint Announcement, 12 Nov 2014 [E]",
}

issue {
  id = "finance", label = "Climate finance",
  options = { { "none", "No quantified goal" },
              { "decision", "USD 100 bn a year to 2025, then a higher goal (in the decision)" },
              { "treaty", "A quantified obligation in the treaty itself" } },
  default = "none",
  source = "[PA] Art. 9; [D] the USD 100 bn floor and a new goal before 2025",
}

issue {
  id = "transparency", label = "Transparency of action",
  options = { { "separate", "Separate, lighter rules for developing countries" },
              { "flexible", "One enhanced framework, with built-in flexibility" },
              { "uniform", "The same strict rules for all" } },
  default = "separate",
  source = "[PA] Art. 13",
}

issue {
  id = "loss_damage", label = "Loss and damage",
  options = { { "none", "Not in the Agreement" },
              { "article", "Its own article, without liability or compensation" },
              { "liability", "Liability and compensation" } },
  default = "none",
  source = "[PA] Art. 8; [D] Art. 8 'does not involve or provide a basis for any liability or "
      .. "compensation'",
}

issue {
  id = "review", label = "Review of ambition",
  options = { { "none", "No regular review" },
              { "ten_year", "A review every ten years" },
              { "five_year", "A global stocktake and new contributions every five years" } },
  default = "none",
  source = "[PA] Arts. 4.9 and 14 (a stocktake in 2023 and every five years)",
}

-- ---------------------------------------------------------------------------------------
-- Actors
-- ---------------------------------------------------------------------------------------

actor {
  id = "US", name = "United States", colour = "#0072B2",
  capability = 0.18, reservation = 0.35,
  source = "The Obama administration (Kerry, Stern) [E]",
  tactic = { style = "linear" },
  positions = {
    legal_form = { values = { political = 0.4, ndc = 1.0, binding = 0.0 }, salience = 5,
      source = "Kerry, November 2015: 'definitely not going to be a treaty' with Kyoto-style "
            .. "binding targets [E]" },
    differentiation = { values = { firewall = 0.0, national = 1.0, uniform = 0.8 }, salience = 4,
      source = "Byrd-Hagel Resolution (1997); the US-China Joint Announcement (2014) [E]" },
    dev_targets = { ideal = "should", salience = 3,
      source = "The US had 'shall' in Art. 4.4 changed to 'should' on 12 Dec [E]" },
    finance = { values = { none = 0.7, decision = 1.0, treaty = 0.0 }, salience = 3,
      source = "A new quantified finance obligation would need Congress [J]" },
    loss_damage = { values = { none = 1.0, article = 0.8, liability = 0.0 }, salience = 3,
      source = "[D] the no-liability clause [E]" },
    transparency = { values = { separate = 0.0, flexible = 0.9, uniform = 1.0 }, salience = 3,
      source = "Common transparency was a US priority [E][J]" },
    review = { ideal = "five_year", salience = 2, source = "[E][J]" },
    temp_goal = { values = { two = 0.7, wb2_15 = 1.0, limit15 = 0.4 }, salience = 2,
      source = "The US joined the High Ambition Coalition in the second week [E][J]" },
    long_term = { values = { none = 0.4, balance = 1.0, decarbonise = 0.7 }, salience = 1,
      source = "[J]" },
  },
  red_lines = {
    { id = "no_senate_treaty", label = "No binding emission targets (they would need the Senate)",
      never = is("legal_form", "binding"),
      source = "Kerry, November 2015 [E]; a treaty needs two-thirds of the Senate (US "
            .. "Constitution, Art. II)" },
    { id = "should_not_shall", label = "Developed countries 'should', not 'shall', set targets",
      never = is("dev_targets", "shall"),
      source = "The 'technical correction' of 12 Dec 2015 [E]" },
    { id = "no_firewall", label = "No wall exempting the large developing economies",
      never = is("differentiation", "firewall"),
      source = "Byrd-Hagel Resolution (1997) [E]" },
    { id = "no_liability", label = "No liability or compensation for loss and damage",
      never = is("loss_damage", "liability"),
      source = "[D] the no-liability clause, a US condition [E]" },
    { id = "no_finance_treaty", label = "No quantified finance obligation in the treaty",
      never = is("finance", "treaty"),
      source = "[D] the USD 100 bn goal is in the decision, not the Agreement [E][J]" },
  },
}

actor {
  id = "EU", name = "European Union", colour = "#003399",
  capability = 0.12, reservation = 0.35,
  source = "EU Council conclusions on the Paris conference, 18 Sep 2015 [E]",
  tactic = { style = "linear" },
  positions = {
    legal_form = { values = { political = 0.0, ndc = 0.8, binding = 1.0 }, salience = 4,
      source = "The EU asked for a legally binding agreement [E]" },
    review = { ideal = "five_year", salience = 4,
      source = "The EU asked for five-year cycles of ambition [E]" },
    temp_goal = { values = { two = 0.6, wb2_15 = 1.0, limit15 = 0.8 }, salience = 3,
      source = "The EU founded the High Ambition Coalition with the Marshall Islands [E]" },
    long_term = { ideal = "decarbonise", salience = 3, source = "[E][J]" },
    transparency = { ideal = "uniform", salience = 3, source = "[E][J]" },
    differentiation = { values = { firewall = 0.0, national = 1.0, uniform = 0.8 }, salience = 3,
      source = "[E][J]" },
    finance = { values = { none = 0.5, decision = 1.0, treaty = 0.3 }, salience = 2,
      source = "[J]" },
    loss_damage = { values = { none = 0.6, article = 1.0, liability = 0.2 }, salience = 2,
      source = "[J]" },
    dev_targets = { values = { should = 0.7, shall = 1.0 }, salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "legally_binding", label = "A legally binding agreement, not pledges alone",
      never = is("legal_form", "political"),
      source = "EU Council conclusions, 18 Sep 2015 [E]" },
  },
}

actor {
  id = "CN", name = "China", colour = "#DE2910",
  capability = 0.20, reservation = 0.40,
  source = "China's INDC (June 2015) and the US-China statements [E]",
  tactic = { style = "boulware" },
  positions = {
    differentiation = { values = { firewall = 1.0, national = 0.8, uniform = 0.0 }, salience = 5,
      source = "'Common but differentiated responsibilities ... in light of different "
            .. "national circumstances': US-China Joint Announcement, 12 Nov 2014 [E]" },
    legal_form = { values = { political = 0.7, ndc = 1.0, binding = 0.0 }, salience = 4,
      source = "China's contribution is nationally determined [E][J]" },
    transparency = { values = { separate = 1.0, flexible = 0.7, uniform = 0.0 }, salience = 4,
      source = "[E][J]" },
    finance = { values = { none = 0.3, decision = 0.8, treaty = 1.0 }, salience = 2,
      source = "With the G77 [J]" },
    review = { values = { none = 0.8, ten_year = 1.0, five_year = 0.6 }, salience = 2,
      source = "[J]" },
    temp_goal = { values = { two = 1.0, wb2_15 = 0.7, limit15 = 0.3 }, salience = 2,
      source = "[J]" },
    long_term = { values = { none = 1.0, balance = 0.85, decarbonise = 0.2 }, salience = 2,
      source = "[J]" },
    dev_targets = { ideal = "shall", salience = 2, source = "[J]" },
    loss_damage = { values = { none = 0.5, article = 1.0, liability = 0.8 }, salience = 1,
      source = "[J]" },
  },
  red_lines = {
    { id = "no_binding_targets", label = "No binding targets imposed from above",
      never = is("legal_form", "binding"),
      source = "[E][J]" },
    { id = "differentiated", label = "No identical duties for developed and developing",
      never = is("differentiation", "uniform"),
      source = "[PA] Art. 2.2 keeps 'common but differentiated responsibilities' [E][J]" },
    { id = "no_uniform_transparency", label = "Flexibility in transparency for developing countries",
      never = is("transparency", "uniform"),
      source = "[PA] Art. 13.2 [E][J]" },
  },
}

actor {
  id = "IN", name = "India", colour = "#FF9933",
  capability = 0.04, reservation = 0.40,
  source = "India's INDC (October 2015) and ministerial statements [E]",
  tactic = { style = "boulware", beta = 0.2, susceptibility = 0.2 },
  listens = { CN = 1 },
  positions = {
    differentiation = { values = { firewall = 1.0, national = 0.7, uniform = 0.0 }, salience = 5,
      source = "'Climate justice' and common but differentiated responsibilities [E]" },
    finance = { values = { none = 0.0, decision = 0.7, treaty = 1.0 }, salience = 4,
      source = "India's INDC ties its action to finance and technology [E]" },
    legal_form = { values = { political = 0.6, ndc = 1.0, binding = 0.0 }, salience = 3,
      source = "[J]" },
    long_term = { values = { none = 1.0, balance = 0.75, decarbonise = 0.0 }, salience = 3,
      source = "India's development needs coal [E][J]" },
    review = { values = { none = 0.7, ten_year = 1.0, five_year = 0.5 }, salience = 2,
      source = "[J]" },
    transparency = { values = { separate = 1.0, flexible = 0.6, uniform = 0.0 }, salience = 2,
      source = "[J]" },
    dev_targets = { ideal = "shall", salience = 2, source = "[J]" },
    temp_goal = { values = { two = 1.0, wb2_15 = 0.7, limit15 = 0.4 }, salience = 1,
      source = "[J]" },
    loss_damage = { values = { none = 0.4, article = 1.0, liability = 0.8 }, salience = 1,
      source = "[J]" },
  },
  red_lines = {
    { id = "cbdr", label = "No identical duties for developed and developing",
      never = is("differentiation", "uniform"),
      source = "[E][J]" },
    { id = "money", label = "Finance for developing countries on the table",
      require = at_least("finance", "decision"),
      source = "India's INDC is conditional on means of implementation [E][J]" },
    { id = "no_binding_targets", label = "No binding targets",
      never = is("legal_form", "binding"), source = "[J]" },
    { id = "no_decarbonisation", label = "No end date for fossil fuels",
      never = is("long_term", "decarbonise"), source = "[J]" },
  },
}

actor {
  id = "BR", name = "Brazil", colour = "#009C3B",
  capability = 0.025, reservation = 0.35,
  source = "Brazil's INDC (September 2015) [E]",
  tactic = { style = "conceder", susceptibility = 0.3 },
  listens = { CN = 1, IN = 1, EU = 1, US = 1 },
  positions = {
    differentiation = { values = { firewall = 0.6, national = 1.0, uniform = 0.2 }, salience = 3,
      source = "Brazil's proposal of 'concentric differentiation' (2014) [E]" },
    finance = { values = { none = 0.0, decision = 0.8, treaty = 1.0 }, salience = 3,
      source = "[J]" },
    legal_form = { ideal = "ndc", salience = 2, source = "[J]" },
    temp_goal = { values = { two = 0.6, wb2_15 = 1.0, limit15 = 0.7 }, salience = 2,
      source = "Brazil joined the High Ambition Coalition late in the conference [E]" },
    review = { ideal = "five_year", salience = 2, source = "[J]" },
    loss_damage = { ideal = "article", salience = 1, source = "[J]" },
    transparency = { ideal = "flexible", salience = 1, source = "[J]" },
    long_term = { ideal = "balance", salience = 1, source = "[J]" },
  },
}

actor {
  id = "AOSIS", name = "Small island states (AOSIS)", colour = "#56B4E9",
  capability = 0.005, reservation = 0.30,
  source = "AOSIS statements, 2015 [E]",
  tactic = { style = "linear", susceptibility = 0.2 },
  listens = { LDC = 1, EU = 1 },
  positions = {
    temp_goal = { values = { two = 0.0, wb2_15 = 0.7, limit15 = 1.0 }, salience = 5,
      source = "'1.5 to stay alive' [E]" },
    loss_damage = { values = { none = 0.0, article = 0.8, liability = 1.0 }, salience = 4,
      source = "AOSIS asked for loss and damage as an article of its own [E]" },
    legal_form = { ideal = "binding", salience = 3, source = "[J]" },
    review = { ideal = "five_year", salience = 3, source = "[E][J]" },
    finance = { values = { none = 0.0, decision = 0.7, treaty = 1.0 }, salience = 2,
      source = "[J]" },
    long_term = { ideal = "decarbonise", salience = 2, source = "[J]" },
    dev_targets = { ideal = "shall", salience = 2, source = "[J]" },
    differentiation = { values = { firewall = 0.6, national = 1.0, uniform = 0.6 }, salience = 1,
      source = "[J]" },
    transparency = { values = { separate = 0.8, flexible = 1.0, uniform = 0.6 }, salience = 1,
      source = "[PA] Art. 13.3 gives small islands flexibility [J]" },
  },
  red_lines = {
    { id = "one_point_five", label = "1.5 C in the Agreement",
      require = at_least("temp_goal", "wb2_15"),
      source = "AOSIS: '1.5 to stay alive' [E]" },
    { id = "loss_and_damage", label = "Loss and damage in the Agreement",
      require = at_least("loss_damage", "article"),
      source = "[E]; [PA] Art. 8" },
  },
}

actor {
  id = "LDC", name = "Least developed countries", colour = "#E69F00",
  capability = 0.04, reservation = 0.30,
  source = "LDC Group statements, 2015 [E]",
  tactic = { style = "linear", susceptibility = 0.2 },
  listens = { AOSIS = 1, EU = 1 },
  positions = {
    finance = { values = { none = 0.0, decision = 0.7, treaty = 1.0 }, salience = 5,
      source = "[E][J]" },
    temp_goal = { values = { two = 0.0, wb2_15 = 0.7, limit15 = 1.0 }, salience = 4,
      source = "The LDC Group backed 1.5 C [E]" },
    loss_damage = { values = { none = 0.0, article = 0.8, liability = 1.0 }, salience = 3,
      source = "[E]" },
    differentiation = { values = { firewall = 0.8, national = 1.0, uniform = 0.3 }, salience = 2,
      source = "[PA] recognises LDCs' special circumstances (Art. 4.6) [J]" },
    transparency = { values = { separate = 1.0, flexible = 0.8, uniform = 0.0 }, salience = 2,
      source = "[J]" },
    review = { ideal = "five_year", salience = 2, source = "[J]" },
    legal_form = { values = { political = 0.0, ndc = 0.7, binding = 1.0 }, salience = 2,
      source = "[J]" },
    dev_targets = { ideal = "shall", salience = 2, source = "[J]" },
    long_term = { ideal = "decarbonise", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "money", label = "Finance for the poorest in the package",
      require = at_least("finance", "decision"), source = "[E][J]" },
    { id = "loss_and_damage", label = "Loss and damage in the Agreement",
      require = at_least("loss_damage", "article"), source = "[E]" },
  },
}

actor {
  id = "ARAB", name = "Saudi Arabia and the Arab Group", colour = "#7F7F7F",
  capability = 0.04, reservation = 0.45,
  source = "Saudi and Arab Group statements at COP21 [E]",
  tactic = { style = "boulware", beta = 0.15 },
  positions = {
    long_term = { values = { none = 1.0, balance = 0.8, decarbonise = 0.0 }, salience = 5,
      source = "Oil exporters resisted any end date for fossil fuels [E]; a 'balance' with "
            .. "sinks leaves room for carbon capture [J]" },
    temp_goal = { values = { two = 1.0, wb2_15 = 0.6, limit15 = 0.0 }, salience = 4,
      source = "Saudi Arabia resisted 1.5 C in the text [E]" },
    differentiation = { ideal = "firewall", salience = 3, source = "[J]" },
    legal_form = { values = { political = 1.0, ndc = 0.7, binding = 0.0 }, salience = 2,
      source = "[J]" },
    review = { ideal = "none", salience = 2, source = "[J]" },
    transparency = { ideal = "separate", salience = 2, source = "[J]" },
    finance = { values = { none = 0.5, decision = 0.8, treaty = 1.0 }, salience = 1,
      source = "G77 solidarity [J]" },
  },
  red_lines = {
    { id = "no_15_limit", label = "No 1.5 C limit",
      never = is("temp_goal", "limit15"),
      source = "[E][J]" },
    { id = "no_fossil_end", label = "No end to fossil fuels in the treaty",
      never = is("long_term", "decarbonise"),
      source = "[E][J]" },
  },
}

actor {
  id = "OTH", name = "Other Parties (Japan, Russia, Canada, Australia, Mexico, Korea...)",
  colour = "#CC79A7",
  capability = 0.35, reservation = 0.35,
  source = "A catch-all for the rest of world emissions [J]",
  tactic = { style = "conceder", susceptibility = 0.3 },
  listens = { US = 2, EU = 1, CN = 1 },
  positions = {
    legal_form = { values = { political = 0.6, ndc = 1.0, binding = 0.0 }, salience = 3,
      source = "Canada left Kyoto (2011); Japan and Russia took no second-period targets [E]" },
    differentiation = { ideal = "national", salience = 3, source = "[J]" },
    transparency = { ideal = "flexible", salience = 2, source = "[J]" },
    finance = { values = { none = 0.8, decision = 1.0, treaty = 0.2 }, salience = 2,
      source = "[J]" },
    temp_goal = { values = { two = 0.8, wb2_15 = 1.0, limit15 = 0.5 }, salience = 1,
      source = "[J]" },
    review = { values = { none = 0.6, ten_year = 1.0, five_year = 0.8 }, salience = 1,
      source = "[J]" },
    loss_damage = { values = { none = 0.8, article = 1.0, liability = 0.0 }, salience = 1,
      source = "[J]" },
    long_term = { ideal = "balance", salience = 1, source = "[J]" },
    dev_targets = { values = { should = 1.0, shall = 0.5 }, salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "no_kyoto_again", label = "No Kyoto-style binding targets",
      never = is("legal_form", "binding"),
      source = "Canada, Japan and Russia outside Kyoto's second period [E]" },
  },
}

-- ---------------------------------------------------------------------------------------
-- Who must sign: nobody in particular, but the Agreement only counts (enters into force)
-- with at least 55 Parties covering at least 55% of world emissions [PA] Art. 21. Here: at
-- least three of the nine blocs (55 is 28% of 196 Parties; 28% of nine is 2.5) holding at
-- least 55% of the blocs' emissions, which are all of the world's [J].
-- ---------------------------------------------------------------------------------------

rule {
  guarantors = { "US", "EU", "CN", "IN", "BR", "AOSIS", "LDC", "ARAB", "OTH" },
  min_guarantors = 3,
  min_guarantor_share = 0.55,
  description = "Art. 21: 55 Parties and 55% of emissions",
}

-- ---------------------------------------------------------------------------------------
-- The negotiation over rounds: the presidency's single text, one revision a day.
-- ---------------------------------------------------------------------------------------

protocol { kind = "mediator", rounds = 13 }

event {
  id = "leaders", label = "The leaders' day", at_round = 1,
  message = "Monday 30 Nov: some 150 heads of state and government open the conference.",
  willingness = { US = 0.05, EU = 0.05, CN = 0.05, IN = 0.05, OTH = 0.05 },
  source = "[E]; the shifts are [J]",
}

event {
  id = "adp_text", label = "The negotiators hand over their draft", at_round = 6,
  message = "Saturday 5 Dec: the working group (ADP) forwards a draft full of brackets to the "
         .. "ministers; the presidency takes over the text.",
  source = "[E]",
}

event {
  id = "high_ambition", label = "The High Ambition Coalition goes public", at_round = 9,
  message = "The Marshall Islands, the EU and African, Caribbean and Pacific states form a "
         .. "'high ambition coalition'; the US and Brazil join it in the days that follow.",
  signal = { from = "AOSIS", strength = 0.3 },
  positions = { US = { temp_goal = "wb2_15" }, BR = { temp_goal = "wb2_15" } },
  willingness = { EU = 0.1, US = 0.1, BR = 0.1 },
  source = "[E]; the sizes are [J]",
}

event {
  id = "indaba", label = "Fabius's indabas", at_round = 11,
  message = "Thursday 10 Dec: the presidency's 'indaba' of heads of delegation works through "
         .. "the night on a new draft.",
  willingness = { CN = 0.1, IN = 0.1, ARAB = 0.1 },
  source = "[E]; the shifts are [J]",
}

event {
  id = "shall_should", label = "'Shall' becomes 'should'", at_round = 13,
  message = "Saturday 12 Dec: before the final plenary the secretariat reads out 'technical "
         .. "corrections', among them 'should' for 'shall' in Article 4.4, which the US could "
         .. "not accept without the Senate. Fabius brings down the gavel.",
  source = "[E]",
}

event {
  id = "shall_returns", label = "'Shall' is back in the text", when = is("dev_targets", "shall"),
  message = "A text with 'shall' in Article 4.4 would be a binding duty the US would have to "
         .. "take to the Senate.",
  willingness = { US = -0.1 },
  source = "[E]; fires only if the text ever says 'shall'",
}

uncertain { id = "arab_reservation", target = "ARAB.reservation", dist = uniform(0.3, 0.6) }
uncertain { id = "in_reservation", target = "IN.reservation", dist = uniform(0.3, 0.55) }
uncertain { id = "us_legal_salience", target = "US.salience.legal_form", dist = triangular(3, 5, 6) }
uncertain { id = "cn_tactic", target = "CN.beta", dist = choice({ 0.2, 0.3, 1 }) }

-- ---------------------------------------------------------------------------------------
-- Variants: what-ifs.
-- ---------------------------------------------------------------------------------------

variant {
  id = "baseline", label = "As it happened, December 2015",
  description = "The positions and red lines of the record.",
}

variant {
  id = "binding_targets", label = "The EU holds out for Kyoto-style binding targets",
  description = [[What if the EU had insisted on binding emission targets, as in the Kyoto
Protocol, instead of settling for nationally determined contributions?]],
  apply = function(s)
    s.actors.EU.red_lines.legally_binding = {
      label = "Binding emission targets, as in Kyoto", require = is("legal_form", "binding"),
      source = "[J] the EU's preference, made a red line" }
  end,
}

local function islands_insist(s)
  s.actors.AOSIS.red_lines.one_point_five.require = is("temp_goal", "limit15")
  s.actors.AOSIS.red_lines.one_point_five.label = "A 1.5 C limit"
  s.actors.LDC.red_lines.one_point_five = {
    label = "A 1.5 C limit", require = is("temp_goal", "limit15"), source = "[J]" }
end

local everyone = { "US", "EU", "CN", "IN", "BR", "AOSIS", "LDC", "ARAB", "OTH" }

variant {
  id = "islands_insist", label = "The islands and the poorest insist on a 1.5 C limit",
  description = [[What if AOSIS and the LDCs had held out for a hard 1.5 C limit, not
'pursuing efforts' toward it?]],
  apply = islands_insist,
}

variant {
  id = "islands_consensus", label = "A 1.5 C limit, and every bloc must agree",
  description = [[The same demand for a hard 1.5 C limit, but the Agreement counts only if every
bloc signs, as the conference's consensus rule would have it for adoption.]],
  apply = function(s)
    islands_insist(s)
    s.rule.required = everyone
  end,
}

variant {
  id = "us_out", label = "The US stays out",
  description = [[What if the US could not join at all (in 2017 it announced its withdrawal)?
The rest need 55% of world emissions without it.]],
  apply = function(s)
    s.rule.parties = { "EU", "CN", "IN", "BR", "AOSIS", "LDC", "ARAB", "OTH" }
    s.rule.guarantors = s.rule.parties
    s.rule.min_guarantor_share = 0.55 / (1 - 0.18)   -- 55% of the world, without the US
  end,
}

variant {
  id = "us_china_out", label = "Neither the US nor China joins",
  description = [[What if the two largest emitters had both stayed out? Without their 38% of
world emissions, 55% needs almost everyone else.]],
  apply = function(s)
    s.rule.parties = { "EU", "IN", "BR", "AOSIS", "LDC", "ARAB", "OTH" }
    s.rule.guarantors = s.rule.parties
    s.rule.min_guarantor_share = 0.55 / (1 - 0.18 - 0.20)
  end,
}

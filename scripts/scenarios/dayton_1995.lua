-- dayton_1995.lua: the Dayton peace talks on Bosnia and Herzegovina, 1-21 November 1995.
--
-- Sources (only what the published record states; everything else is marked [J]):
--   [H]   Richard Holbrooke, To End a War (Random House, 1998)
--   [GFAP] the General Framework Agreement for Peace in Bosnia and Herzegovina, initialled at
--         Dayton on 21 November and signed in Paris on 14 December 1995, with its annexes
--         (1A: the implementation force; 2: the inter-entity boundary and, Art. V, arbitration
--         on Brcko; 4: the constitution; 7: refugees)
--   [GP]  the Agreed Basic Principles, Geneva, 8 September 1995, and the Further Agreed Basic
--         Principles, New York, 26 September 1995
--   [ER]  the Basic Agreement on Eastern Slavonia, Baranja and Western Sirmium (Erdut,
--         12 November 1995)
--   [UN]  UN Security Council resolutions 1021 and 1022 (22 November 1995) and 1031
--         (15 December 1995)
--   [J]   a judgement call of the scenario's author: argue about it in class, then change it.
--
-- The judgement parameters, in one table so that a class can see and argue about them [J]:
--
--   actor  capability  reservation  tactic              cares most about (salience, 0-5)
--   US        1.0         0.40      linear (mediator)   one state 4, NATO force 3, 51:49 3
--   SRB       0.8         0.35      boulware 0.15       sanctions 5, entity rights 4,
--                                                       51:49 3, Brcko 3
--   CRO       0.6         0.35      linear              Eastern Slavonia 5, the structure 3
--   BIH       0.5         0.40      boulware 0.1        one state 5, NATO force 4,
--                                                       Sarajevo 4, territory 3, Gorazde 3
--
-- Milosevic and Izetbegovic hold out to the end (very low beta): both signed only when the
-- Americans made clear the talks would close [H][J].
--
-- Milosevic speaks for the Bosnian Serbs as well as for Serbia: in August 1995 the Bosnian
-- Serb leaders had signed the "Patriarch paper" that put him at the head of a joint delegation
-- [H]. Karadzic and Mladic, indicted by the Hague tribunal, did not come.
--
-- The rounds are the days of the talks at Wright-Patterson Air Force Base near Dayton, Ohio:
-- round 1 is 1 November, round 21 is 21 November 1995, when the agreement was initialled.
-- Holbrooke's team holds the pen: the United States is the mediator, writing a single text
-- that it must be able to sign itself (its own troops are in it).

scenario {
  id = "dayton_1995",
  title = "The Dayton peace talks on Bosnia, November 1995",
  description = [[After NATO's bombing and the Croat-Bosnian offensives of the autumn of 1995, the
presidents of Serbia, Croatia and Bosnia are shut in an air base in Ohio with the American
negotiators. Bosnia wants one state, Sarajevo whole and NATO troops; Milosevic wants the
sanctions on Serbia gone and the Serb entity strong; Tudjman wants Eastern Slavonia back. What
can the American text get all three to sign?]],
  seed = 1995,
  source = "Holbrooke, To End a War (1998); the Dayton General Framework Agreement (1995)",
  history = {
    outcome = "agreement",
    signatories = { "US", "SRB", "CRO", "BIH" },
    package = {
      territory = "split_51_49", structure = "two_entities", sarajevo = "federation",
      gorazde = "corridor", brcko = "arbitration", slavonia = "transition",
      war_crimes = "cooperation", ifor = "nato", sanctions = "suspended",
    },
    decisive = { "territory", "structure", "sarajevo", "brcko", "slavonia", "ifor",
                 "sanctions" },
    summary = [[On 21 November 1995 Izetbegovic, Milosevic and Tudjman initialled the General
Framework Agreement; it was signed in Paris on 14 December, with the US among the witnesses.
Bosnia and Herzegovina stays one state of two entities, the Federation with 51% of the land
and Republika Srpska with 49% (Annexes 2 and 4); Sarajevo is reunited under the Federation,
and a land corridor links Gorazde to it; Brcko, the last deadlock, is left to arbitration
within a year (Annex 2, Art. V); the parties must cooperate with the Hague tribunal, and no
indicted person may hold office (Art. IX, Annex 4); a NATO implementation force with some
20,000 US troops enforces the military annex (Annex 1A; UNSCR 1031). Eastern Slavonia returns
to Croatia after a UN transitional administration (Erdut, 12 November), and the UN suspends its
sanctions on Serbia (UNSCR 1022, 22 November).]],
    source = "Holbrooke (1998); GFAP (1995); Erdut Agreement; UNSCR 1021, 1022, 1031",
  },
  questions = {
    "Milosevic gave up Sarajevo, which the Bosnian Serbs had besieged for three years. What did he care about more, and what does that say about who a negotiator really represents?",
    "Brcko was left to arbitration. Is postponing the hardest issue a good way to close a deal? Run brcko_decided.",
    "Izetbegovic called the agreement 'not a just peace' but 'more just than a continuation of war'. What was Bosnia's alternative to signing, and how does the reservation in this scenario capture it?",
    "The US had to sign for its own troops to go in. Run no_us_troops: what happens to the deal without a NATO force, and why?",
    "Run sanctions_lifted_first. Does giving Milosevic his main prize at the start make the deal easier or harder?",
  },
}

-- ---------------------------------------------------------------------------------------
-- Issues. The options run from one end to the other, so that `ideal` and `at_least` work.
-- ---------------------------------------------------------------------------------------

issue {
  id = "territory", label = "Division of the land",
  options = { { "rs_majority", "Republika Srpska keeps most of the land" },
              { "split_51_49", "51% Federation, 49% Republika Srpska" },
              { "fed_55", "The Federation gets about 55%" } },
  default = "rs_majority",
  source = "[GP] 51:49, the Contact Group's plan of 1994; the final days' dispute over a map "
        .. "that gave the Federation more [H]",
}

issue {
  id = "structure", label = "The shape of the state",
  options = { { "unitary", "A unitary state" },
              { "two_entities", "One state of two entities, the Federation and Republika Srpska" },
              { "partition", "Entities free to secede or join their neighbours" } },
  default = "partition",
  source = "[GP]; [GFAP] Annex 4",
}

issue {
  id = "sarajevo", label = "Sarajevo",
  options = { { "divided", "Divided: the Serb-held suburbs stay Serb" },
              { "district", "A separately governed district" },
              { "federation", "United under the Federation" } },
  default = "divided",
  source = "[H]; [GFAP] Annex 2",
}

issue {
  id = "gorazde", label = "Gorazde",
  options = { { "enclave", "An isolated enclave" },
              { "road", "A guaranteed road" },
              { "corridor", "A land corridor to Sarajevo" } },
  default = "enclave",
  source = "[H]; [GFAP] Annex 2",
}

issue {
  id = "brcko", label = "Brcko and the Posavina corridor",
  options = { { "rs", "To Republika Srpska" },
              { "arbitration", "Left to arbitration within a year" },
              { "federation", "To the Federation" } },
  default = "rs",
  source = "[GFAP] Annex 2, Art. V; [H]",
}

issue {
  id = "slavonia", label = "Eastern Slavonia (Croatia)",
  options = { { "serb_held", "Stays under Serb control" },
              { "transition", "A UN transitional administration, then Croatia" },
              { "immediate", "Returned to Croatia at once" } },
  default = "serb_held",
  source = "[ER]",
}

issue {
  id = "war_crimes", label = "War crimes",
  options = { { "amnesty", "An amnesty" },
              { "cooperation", "Cooperation with the Hague tribunal; no indictee in office" },
              { "arrests", "The peace force arrests the indicted" } },
  default = "amnesty",
  source = "[GFAP] Art. IX and Annex 4, Art. IX",
}

issue {
  id = "ifor", label = "Who keeps the peace", owner = "US",
  options = { { "none", "No international force" },
              { "un", "UN peacekeepers, as before" },
              { "nato", "A NATO force with US troops" } },
  default = "none",
  source = "[GFAP] Annex 1A; [UN] 1031",
}

issue {
  id = "sanctions", label = "UN sanctions on Serbia and Montenegro",
  options = { { "kept", "Kept" },
              { "suspended", "Suspended, to be lifted on compliance" },
              { "lifted", "Lifted for good at once" } },
  default = "kept",
  source = "[UN] 1022",
}

-- ---------------------------------------------------------------------------------------
-- Actors
-- ---------------------------------------------------------------------------------------

actor {
  id = "US", name = "United States (Holbrooke)", colour = "#0072B2",
  capability = 1.0, reservation = 0.40,
  source = "Holbrooke and the Clinton administration [H]",
  tactic = { style = "linear" },
  positions = {
    structure = { ideal = "two_entities", salience = 4,
      source = "[GP]: Bosnia continues with its present borders, as two entities" },
    ifor = { values = { none = 0.2, un = 0.0, nato = 1.0 }, salience = 3,
      source = "Clinton's commitment of US troops to a NATO force once there was a peace [H]" },
    territory = { ideal = "split_51_49", salience = 3, source = "[GP] the Contact Group's 51:49" },
    war_crimes = { values = { amnesty = 0.0, cooperation = 1.0, arrests = 0.4 }, salience = 2,
      source = "Indicted leaders kept out; no mandate to hunt them [H][J]" },
    slavonia = { ideal = "transition", salience = 2, source = "[ER]; [H]" },
    sanctions = { ideal = "suspended", salience = 2,
      source = "Suspension, keeping the leverage to reimpose them [UN] 1022 [H][J]" },
    sarajevo = { values = { divided = 0.2, district = 1.0, federation = 0.7 }, salience = 2,
      source = "The American preference for a separately governed district is [J]; "
            .. "Milosevic conceded the whole city [H]" },
    gorazde = { values = { enclave = 0.0, road = 1.0, corridor = 0.7 }, salience = 1,
      source = "[J]" },
    brcko = { values = { rs = 0.5, arbitration = 0.5, federation = 0.5 }, salience = 1,
      source = "No American preference; arbitration was the last day's way out [H][J]" },
  },
  red_lines = {
    { id = "one_state", label = "Bosnia stays one state",
      never = is("structure", "partition"),
      source = "[GP] 8 Sep 1995: Bosnia and Herzegovina continues its legal existence "
            .. "with its present borders" },
    { id = "no_unprofor", label = "No return to UN peacekeeping",
      never = is("ifor", "un"),
      source = "The failure of UNPROFOR and the 'dual key' in 1995 [H][J]" },
    { id = "no_amnesty", label = "No amnesty for war crimes",
      never = is("war_crimes", "amnesty"),
      source = "Holbrooke would not deal with the indicted Karadzic and Mladic [H][J]" },
  },
}

actor {
  id = "SRB", name = "Serbia and the Bosnian Serbs (Milosevic)", colour = "#D55E00",
  capability = 0.8, reservation = 0.35,
  source = "Milosevic at Dayton [H]",
  tactic = { style = "boulware", beta = 0.15 },
  positions = {
    sanctions = { values = { kept = 0.0, suspended = 0.8, lifted = 1.0 }, salience = 5,
      source = "Ending the sanctions was Milosevic's overriding aim [H]" },
    structure = { values = { unitary = 0.0, two_entities = 0.7, partition = 1.0 }, salience = 4,
      source = "[GP] recognised Republika Srpska as an entity with parallel ties to Serbia" },
    territory = { values = { rs_majority = 1.0, split_51_49 = 0.7, fed_55 = 0.0 }, salience = 3,
      source = "[GP]; [H]" },
    brcko = { values = { rs = 1.0, arbitration = 0.6, federation = 0.0 }, salience = 3,
      source = "Brcko held the thin corridor joining the two halves of Republika Srpska [H]" },
    slavonia = { values = { serb_held = 1.0, transition = 0.6, immediate = 0.0 }, salience = 2,
      source = "[ER] negotiated under Milosevic's eye [H][J]" },
    war_crimes = { values = { amnesty = 1.0, cooperation = 0.5, arrests = 0.0 }, salience = 2,
      source = "[J]" },
    sarajevo = { values = { divided = 1.0, district = 0.6, federation = 0.2 }, salience = 1,
      source = "Milosevic gave up the Serb claim to Sarajevo, to the Pale leaders' fury [H]" },
    gorazde = { values = { enclave = 1.0, road = 0.5, corridor = 0.2 }, salience = 1,
      source = "[H][J]" },
    ifor = { values = { none = 1.0, un = 0.8, nato = 0.4 }, salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "sanctions_end", label = "The sanctions must end",
      never = is("sanctions", "kept"),
      source = "[H]; [UN] 1022 suspended them the day after the initialling" },
    { id = "serb_entity", label = "Republika Srpska survives as an entity",
      never = is("structure", "unitary"),
      source = "[GP]" },
    { id = "no_more_than_51", label = "Not more than 51% to the Federation",
      never = is("territory", "fed_55"),
      source = "Milosevic insisted on 51:49 when a map gave the Federation more [H][J]" },
    { id = "brcko_not_lost", label = "Brcko not handed to the Federation",
      never = is("brcko", "federation"),
      source = "[H]; the deadlock of the last day" },
    { id = "no_arrests", label = "No foreign troops hunting Serb leaders",
      never = is("war_crimes", "arrests"),
      source = "[J]" },
  },
}

actor {
  id = "CRO", name = "Croatia (Tudjman)", colour = "#171796",
  capability = 0.6, reservation = 0.35,
  source = "Tudjman at Dayton [H]",
  tactic = { style = "linear" },
  positions = {
    slavonia = { values = { serb_held = 0.0, transition = 0.8, immediate = 1.0 }, salience = 5,
      source = "Tudjman's first aim at Dayton [H]; [ER]" },
    structure = { values = { unitary = 0.2, two_entities = 1.0, partition = 0.7 }, salience = 3,
      source = "The Bosnian Croats wanted a loose Federation [J]" },
    territory = { values = { rs_majority = 0.2, split_51_49 = 1.0, fed_55 = 0.8 }, salience = 2,
      source = "[J]" },
    ifor = { ideal = "nato", salience = 2, source = "[J]" },
    sanctions = { values = { kept = 0.6, suspended = 1.0, lifted = 0.7 }, salience = 1,
      source = "[J]" },
    war_crimes = { values = { amnesty = 0.6, cooperation = 1.0, arrests = 0.4 }, salience = 1,
      source = "[J]" },
    brcko = { ideal = "federation", salience = 1, source = "The Posavina Croats [J]" },
  },
  red_lines = {
    { id = "slavonia_back", label = "Eastern Slavonia returns to Croatia",
      never = is("slavonia", "serb_held"),
      source = "Tudjman threatened to retake it by force [H]; [ER]" },
  },
}

actor {
  id = "BIH", name = "Bosnia and Herzegovina (Izetbegovic)", colour = "#009E73",
  capability = 0.5, reservation = 0.40,
  source = "Izetbegovic and Silajdzic at Dayton [H]",
  tactic = { style = "boulware", beta = 0.1 },
  listens = { US = 1 },
  positions = {
    structure = { values = { unitary = 1.0, two_entities = 0.5, partition = 0.0 }, salience = 5,
      source = "[H]; [GP]" },
    ifor = { values = { none = 0.0, un = 0.2, nato = 1.0 }, salience = 4,
      source = "No peace without NATO and American troops [H][J]" },
    sarajevo = { values = { divided = 0.0, district = 0.4, federation = 1.0 }, salience = 4,
      source = "[H]" },
    territory = { values = { rs_majority = 0.0, split_51_49 = 0.7, fed_55 = 1.0 }, salience = 3,
      source = "[GP]; [H]" },
    gorazde = { values = { enclave = 0.0, road = 0.5, corridor = 1.0 }, salience = 3,
      source = "[H]" },
    brcko = { values = { rs = 0.0, arbitration = 0.5, federation = 1.0 }, salience = 2,
      source = "[H]" },
    war_crimes = { values = { amnesty = 0.0, cooperation = 0.7, arrests = 1.0 }, salience = 2,
      source = "[J]" },
    sanctions = { values = { kept = 1.0, suspended = 0.6, lifted = 0.0 }, salience = 1,
      source = "[J]" },
  },
  red_lines = {
    { id = "one_state", label = "No partition of Bosnia",
      never = is("structure", "partition"), source = "[GP]; [H]" },
    { id = "fifty_one", label = "At least the 51% of the Contact Group plan",
      require = at_least("territory", "split_51_49"), source = "[GP]; [H]" },
    { id = "nato_force", label = "A NATO force with Americans in it",
      require = is("ifor", "nato"), source = "[H][J]" },
    { id = "sarajevo_whole", label = "Sarajevo not divided",
      never = is("sarajevo", "divided"), source = "[H][J]" },
    { id = "no_amnesty", label = "No amnesty for war crimes",
      never = is("war_crimes", "amnesty"), source = "[J]" },
    { id = "brcko_not_given", label = "Brcko not handed to the Serbs",
      never = is("brcko", "rs"),
      source = "On the last day Izetbegovic would not sign a map that gave Brcko to the Serbs "
            .. "[H][J]" },
  },
}

-- ---------------------------------------------------------------------------------------
-- Who must sign: the three presidents. The US signs too when its troops are in the package
-- (the NATO force is its own contribution).
-- ---------------------------------------------------------------------------------------

rule {
  required = { "SRB", "CRO", "BIH" },
}

-- ---------------------------------------------------------------------------------------
-- The negotiation over rounds: the American text, one revision a day for three weeks.
-- ---------------------------------------------------------------------------------------

protocol { kind = "mediator", mediator = "US", rounds = 21 }

event {
  id = "opening", label = "The talks open at Wright-Patterson", at_round = 1,
  message = "1 Nov: Christopher opens the talks; the delegations are kept on the base until "
         .. "they agree or the Americans send them home.",
  source = "[H]",
}

event {
  id = "federation_deal", label = "The Federation is patched up", at_round = 10,
  message = "10 Nov: Croats and Bosniaks sign an agreement on making their Federation work.",
  willingness = { CRO = 0.1, BIH = 0.05 },
  source = "[H]; the shifts are [J]",
}

event {
  id = "erdut", label = "The Erdut Agreement on Eastern Slavonia", at_round = 12,
  message = "12 Nov: Croatian Serb leaders, at Milosevic's bidding, agree to return Eastern "
         .. "Slavonia to Croatia after a UN transitional administration.",
  willingness = { CRO = 0.2, SRB = 0.05 },
  source = "[ER]; [H]",
}

event {
  id = "sarajevo_given", label = "Milosevic gives up Sarajevo",
  when = is("sarajevo", "federation"),
  message = "Milosevic to the Bosnians: 'You deserve Sarajevo because you fought for it.'",
  willingness = { BIH = 0.1 },
  source = "[H]",
}

event {
  id = "scotch_road", label = "A corridor to Gorazde",
  when = is("gorazde", "corridor"),
  message = "Over maps on a computer screen, and whisky, Milosevic and General Wesley Clark "
         .. "widen the road to Gorazde into a corridor.",
  source = "[H]",
}

event {
  id = "closing", label = "The Americans prepare to close the talks", at_round = 20,
  message = "20 Nov: Christopher and Holbrooke tell the presidents the talks will end the next "
         .. "day, with or without an agreement.",
  willingness = { SRB = 0.1, CRO = 0.1, BIH = 0.1 },
  source = "[H]; the shifts are [J]",
}

uncertain { id = "bih_reservation", target = "BIH.reservation", dist = uniform(0.3, 0.6) }
uncertain { id = "srb_reservation", target = "SRB.reservation", dist = uniform(0.25, 0.55) }
uncertain { id = "srb_sanctions", target = "SRB.salience.sanctions", dist = triangular(3, 5, 6) }
uncertain { id = "bih_tactic", target = "BIH.beta", dist = choice({ 0.1, 0.3, 1 }) }

-- ---------------------------------------------------------------------------------------
-- Variants: what-ifs.
-- ---------------------------------------------------------------------------------------

variant {
  id = "baseline", label = "As it happened, November 1995",
  description = "The positions and red lines of the record.",
}

variant {
  id = "brcko_decided", label = "Brcko must be decided at Dayton",
  description = [[What if arbitration had not been allowed, and Brcko had to go to one side or
the other?]],
  apply = function(s)
    s.actors.BIH.red_lines.brcko_now = {
      label = "Brcko decided now, not left to arbitration", never = is("brcko", "arbitration"),
      source = "[J]" }
  end,
}

variant {
  id = "no_us_troops", label = "No US troops",
  description = [[What if Congress had kept American soldiers out of Bosnia, so that the US could
not put a NATO force with US troops into the agreement?]],
  apply = function(s)
    s.actors.US.red_lines.no_troops = {
      label = "No US troops in Bosnia", never = is("ifor", "nato"), source = "[J]" }
  end,
}

variant {
  id = "sanctions_lifted_first", label = "The sanctions lifted before the talks",
  description = [[What if the UN had lifted its sanctions on Serbia before Dayton, so that
Milosevic had already been given his main prize?]],
  apply = function(s)
    s.actors.SRB.positions.sanctions.salience = 0
    s.actors.SRB.red_lines.sanctions_end = nil
    s.actors.SRB.reservation = 0.55
  end,
}

variant {
  id = "pale_at_the_table", label = "The Bosnian Serb leaders negotiate for themselves",
  description = [[What if Milosevic had not held the Bosnian Serbs' proxy, and the Pale leadership
had pressed its own demands: Sarajevo divided and the right to secede?]],
  apply = function(s)
    s.actors.SRB.red_lines.keep_sarajevo = {
      label = "The Serb suburbs of Sarajevo stay Serb", require = is("sarajevo", "divided"),
      source = "[H][J] the Bosnian Serb leaders' position" }
    s.actors.SRB.positions.sarajevo.salience = 4
    s.actors.SRB.positions.sanctions.salience = 2
  end,
}

-- camp_david_1978.lua: the Camp David summit, 5-17 September 1978 (Egypt, Israel, the US).
--
-- Sources:
--   [T] the text of the Camp David Accords, 17 September 1978: "A Framework for Peace in the
--       Middle East" and "A Framework for the Conclusion of a Peace Treaty between Egypt and
--       Israel", with the exchange of letters of 17-22 September 1978
--   [Q] William B. Quandt, Camp David: Peacemaking and Politics (Brookings, 1986)
--   [C] Jimmy Carter, Keeping Faith: Memoirs of a President (1982)
--   [W] Lawrence Wright, Thirteen Days in September (2014), a later narrative of the summit
--   [F] Roger Fisher and William Ury, Getting to Yes (1981), on the one-text procedure
--   [J] a judgement call of the scenario's author: argue about it in class, then change it.
--
-- Capabilities, reservations and saliences are judgement [J]. They are kept in this one
-- table so that a class can see them together and argue about them.
--
--   actor  capability  reservation  cares most about (salience, 0-5)
--   EG        0.8         0.35      all of Sinai back 5, settlements out 4, a Palestinian
--                                   framework 3, airfields 2, linkage 2, Jerusalem 2
--   IL        1.0         0.35*     normal relations 5, Sinai settlements 5, West Bank 4,
--                                   Jerusalem 4, security zones 3, withdrawal 3, linkage 3
--   * the event begin_stand raises Begin's reservation to 0.80 on day 1 (no deal is better
--     than one that removes the settlements); knesset_formula lowers it to 0.35 on day 13.
--   US        1.2         0.30      a comprehensive framework 4, a deal at all (its aid) 2,
--                                   the settlements freeze 2
--
-- How each concedes over the thirteen days (tactic) and whom it listens to, also [J]:
--   Begin holds out (Boulware) and listens a little to Carter; Sadat concedes at an even pace
--   and trusts Carter much more [Q][C][J]; the US is the mediator and concedes early: Carter
--   had staked much of his standing on the summit [J].

scenario {
  id = "camp_david_1978",
  title = "Camp David, September 1978",
  description = [[Thirteen days at the presidential retreat in Maryland. Sadat wants all of Sinai
back and a framework for the Palestinians so that he is not seen to make a separate peace;
Begin wants a full peace with Egypt and will not give up the West Bank or divide Jerusalem;
Carter mediates with a single negotiating text that the US delegation redrafted again and
again (23 drafts in thirteen days, in Fisher and Ury's account). Which package could both sign?]],
  seed = 1978,
  source = "Camp David Accords text (1978); Quandt (1986); Carter (1982)",
  history = {
    outcome = "agreement",
    signatories = { "EG", "IL", "US" },
    package = {
      sinai_withdrawal = "full_phased",
      sinai_settlements = "knesset_vote",
      sinai_airfields = "civilian",
      sinai_security = "limited_zones",
      normalisation = "full_relations",
      palestinians = "autonomy",
      linkage = "framework",
      jerusalem = "letters",
      us_aid = "airfields",
    },
    decisive = { "sinai_withdrawal", "sinai_settlements", "palestinians", "linkage",
                 "jerusalem" },
    summary = [[On 17 September 1978 Sadat and Begin signed two frameworks at the White House,
Carter signing as witness. Israel would withdraw from all of Sinai in phases after a peace
treaty to be concluded within three months; Egypt would establish normal relations; the
Sinai airfields would be civilian only; the West Bank and Gaza would get a five-year
transitional self-governing authority ("full autonomy") pending negotiations on their final
status. The Sinai settlements were left to a Knesset vote within two weeks (Begin's letter);
Jerusalem appears only in an exchange of letters. There was no binding link between the
treaty and the Palestinian framework. The Knesset voted for removal on 28 September; the
treaty was signed on 26 March 1979.]],
    source = "Camp David Accords and letters (17 Sept 1978); Quandt (1986), ch. 8-9; Carter (1982)",
  },
  questions = {
    "Sadat signed a framework that gave the Palestinians 'autonomy', not self-determination. Why was that enough for him, and what did it cost him in the Arab world?",
    "Begin would not dismantle the Sinai settlements himself but let the Knesset decide. Is passing a decision to someone else a concession? Run the variant without it.",
    "Carter was a mediator who also paid (the US help with the airfields). How does a mediator with its own interests and resources change what is possible?",
    "The 'linkage' between the Egyptian treaty and the Palestinian talks was left loose. Who gained from the ambiguity, and who lost later?",
    "Jerusalem was kept out of the text and put into letters. When is it wise to leave an issue out of an agreement?",
  },
}

-- ---------------------------------------------------------------------------------------
-- Issues. Options run from Israel's preferred end to Egypt's where that makes sense.
-- ---------------------------------------------------------------------------------------

issue {
  id = "sinai_withdrawal", label = "Israeli withdrawal from Sinai",
  options = { { "partial", "Partial: Israel keeps positions in Sinai" },
              { "full_phased", "Full, to the international border, in phases" },
              { "full_immediate", "Full and immediate" } },
  default = "partial",
  source = "[T] treaty framework: withdrawal to the international border within 2-3 years",
}

issue {
  id = "sinai_settlements", label = "Israeli settlements in Sinai",
  options = { { "remain", "The settlements remain" },
              { "knesset_vote", "Removal put to a Knesset vote" },
              { "removed", "Israel commits to remove them" } },
  default = "remain",
  source = "[T] Begin's letter of 17 Sept 1978: the Knesset to vote on the settlements within two weeks",
}

issue {
  id = "sinai_airfields", label = "Israeli airfields in Sinai",
  options = { { "israeli_use", "Kept for Israeli use" },
              { "civilian", "Evacuated, civilian use only" },
              { "egyptian_military", "Handed to the Egyptian air force" } },
  default = "israeli_use",
  source = "[T] the airfields near El Arish, Rafah, Ras en Naqb and Sharm el Sheikh for civilian use only",
}

issue {
  id = "sinai_security", label = "Security arrangements in Sinai",
  options = { { "demilitarised", "Sinai demilitarised" },
              { "limited_zones", "Limited-force zones and UN forces" },
              { "unrestricted", "No limits on Egyptian forces" } },
  default = "unrestricted",
  source = "[T] one Egyptian division at most near the canal, UN forces, early warning stations",
}

issue {
  id = "normalisation", label = "Relations between Egypt and Israel",
  options = { { "nonbelligerency", "An end of the state of war only" },
              { "peace_treaty", "A peace treaty, limited relations" },
              { "full_relations", "Full normal relations and ambassadors" } },
  default = "nonbelligerency",
  source = "[T] full recognition, diplomatic, economic and cultural relations, end of boycotts",
}

issue {
  id = "palestinians", label = "West Bank and Gaza",
  options = { { "none", "Not addressed: a separate peace" },
              { "autonomy", "Five-year self-governing authority, then talks on final status" },
              { "self_determination", "Palestinian self-determination (path to a state)" } },
  default = "none",
  source = "[T] Framework for Peace in the Middle East, section A",
}

issue {
  id = "linkage", label = "Link between the treaty and the Palestinian framework",
  options = { { "none", "No link at all" },
              { "framework", "Two frameworks, a stated aim of comprehensive peace" },
              { "conditional", "Treaty conditional on progress for the Palestinians" } },
  default = "none",
  source = "[Q] linkage was the central dispute of the summit and was left loose",
}

issue {
  id = "jerusalem", label = "Jerusalem",
  options = { { "united_israeli", "The text affirms a united Jerusalem under Israel" },
              { "letters", "Left out of the text; positions in letters" },
              { "arab_east", "The text returns East Jerusalem to Arab sovereignty" } },
  default = "letters",
  source = "[T] letters of Sadat, Begin and Carter on Jerusalem, 17-22 Sept 1978",
}

issue {
  id = "wb_freeze", label = "Freeze on new West Bank settlements",
  options = { { "none", "No freeze" },
              { "three_months", "Three months (the treaty talks)" },
              { "autonomy_talks", "For the whole autonomy negotiations" } },
  default = "none",
  source = "[Q][C] disputed afterwards: Carter understood the whole talks, Begin three months",
}

issue {
  id = "us_aid", label = "US help to Israel and Egypt", owner = "US",
  options = { { "none", "No US commitment" },
              { "airfields", "US help to build replacement airfields in the Negev" },
              { "major", "A large aid package for both" } },
  default = "none",
  source = "[Q] the US undertook to help Israel replace the Sinai airbases [J on the scale]",
}

-- ---------------------------------------------------------------------------------------
-- Actors
-- ---------------------------------------------------------------------------------------

actor {
  id = "EG", name = "Egypt (Sadat)", colour = "#009E73",
  capability = 0.8, reservation = 0.35,
  source = "[Q][C]; Sadat's Knesset speech of 20 Nov 1977",
  tactic = { style = "linear", susceptibility = 0.4 },
  listens = { US = 1 },
  positions = {
    sinai_withdrawal = { values = { partial = 0, full_phased = 0.85, full_immediate = 1 },
      salience = 5,
      source = "Sadat: every inch of Sinai must return to Egyptian sovereignty [Q]" },
    sinai_settlements = { ideal = "removed", salience = 4,
      source = "Sadat would not sign while Israeli settlements stayed in Sinai [Q][C]" },
    sinai_airfields = { values = { israeli_use = 0, civilian = 0.7, egyptian_military = 1 },
      salience = 2, source = "Sovereignty mattered more than the use of the bases [Q][J]" },
    sinai_security = { values = { demilitarised = 0.2, limited_zones = 0.7, unrestricted = 1 },
      salience = 2, source = "Sovereignty, but limits acceptable near the border [T][J]" },
    normalisation = { values = { nonbelligerency = 1, peace_treaty = 0.8, full_relations = 0.5 },
      salience = 1, source = "Egypt offered peace; full normalisation was a price to pay [Q][J]" },
    palestinians = { ideal = "self_determination", salience = 3,
      source = "Egypt's opening proposal of 6 Sept 1978 asked for withdrawal from the West "
           .. "Bank and Gaza and Palestinian self-determination [Q]" },
    linkage = { ideal = "conditional", salience = 2,
      source = "Sadat wanted to avoid a 'separate peace' [Q]" },
    jerusalem = { ideal = "arab_east", salience = 2,
      source = "Sadat's letter: Arab Jerusalem is an integral part of the West Bank [T]" },
    wb_freeze = { ideal = "autonomy_talks", salience = 1, source = "[J]" },
    us_aid = { values = { none = 0.2, airfields = 0.6, major = 1 }, salience = 1,
      source = "Egypt's turn towards Washington after 1974 [Q][J]" },
  },
  red_lines = {
    { id = "all_of_sinai", label = "All of Sinai returns to Egypt",
      require = at_least("sinai_withdrawal", "full_phased"),
      source = "Sadat would accept nothing less than full Israeli withdrawal from Sinai [Q][C]" },
    { id = "no_settlements", label = "Israeli settlements cannot simply remain in Sinai",
      never = is("sinai_settlements", "remain"),
      source = "Sadat's letter of 17 Sept 1978: removing the settlements is a prerequisite for "
            .. "starting peace negotiations [T]; his threat to leave on 15 Sept [Q][C]" },
    { id = "no_israeli_bases", label = "No Israeli military airfields on Egyptian soil",
      never = is("sinai_airfields", "israeli_use"),
      source = "Sovereignty over all of Sinai [Q]; the accords make them civilian [T] [J]" },
    { id = "not_separate", label = "Not a separate peace: a Palestinian framework, tied to the treaty",
      never = any_of(is("palestinians", "none"), is("linkage", "none")),
      source = "Sadat insisted on a framework for the West Bank and Gaza and on the treaty "
            .. "being part of a comprehensive peace [Q][C]" },
    { id = "no_israeli_jerusalem", label = "No recognition of Israeli sovereignty over East Jerusalem",
      never = is("jerusalem", "united_israeli"),
      source = "Sadat's letter on Jerusalem, 17 Sept 1978 [T]" },
  },
}

actor {
  id = "IL", name = "Israel (Begin)", colour = "#0072B2",
  capability = 1.0, reservation = 0.35,
  source = "[Q][C]; Begin's autonomy plan of December 1977",
  tactic = { style = "boulware", susceptibility = 0.2 },
  listens = { US = 1 },
  positions = {
    normalisation = { ideal = "full_relations", salience = 5,
      source = "Begin wanted a full peace with open borders and ambassadors [Q]" },
    palestinians = { values = { none = 1, autonomy = 0.7, self_determination = 0 }, salience = 4,
      source = "Begin's own autonomy plan (Dec 1977): autonomy for the people, not the land [Q]" },
    jerusalem = { ideal = "united_israeli", salience = 4,
      source = "Begin's letter: Jerusalem is one city, indivisible, the capital of Israel [T]" },
    sinai_settlements = { values = { remain = 1, knesset_vote = 0.4, removed = 0 }, salience = 5,
      source = "Begin said he would not dismantle the settlements [Q][C]" },
    sinai_security = { ideal = "demilitarised", salience = 3,
      source = "Israel's security after 1967 and 1973 [Q][J]" },
    sinai_airfields = { values = { israeli_use = 1, civilian = 0.6, egyptian_military = 0 },
      salience = 2,
      source = "Weizman and the air force wanted to keep Etzion and Eitam [Q]" },
    sinai_withdrawal = { values = { partial = 1, full_phased = 0.6, full_immediate = 0 },
      salience = 3, source = "Sinai was negotiable, the West Bank was not [Q][J]" },
    linkage = { ideal = "none", salience = 3,
      source = "Begin refused to make the treaty depend on the West Bank [Q]" },
    wb_freeze = { ideal = "none", salience = 2,
      source = "Begin's letter after the summit: a freeze of three months only [Q][C]" },
    us_aid = { values = { none = 0, airfields = 0.8, major = 1 }, salience = 2, source = "[J]" },
  },
  red_lines = {
    { id = "no_palestinian_state", label = "No Palestinian state or self-determination",
      never = is("palestinians", "self_determination"),
      source = "Begin's autonomy plan, December 1977; his refusal at Camp David [Q][C]" },
    { id = "jerusalem_undivided", label = "Jerusalem is not divided",
      never = is("jerusalem", "arab_east"),
      source = "Begin's letter of 17 Sept 1978 [T]" },
    { id = "no_linkage", label = "The treaty may not depend on the West Bank",
      never = is("linkage", "conditional"),
      source = "[Q] the Israeli delegation rejected any binding linkage" },
    { id = "settlements_stay", label = "The Sinai settlements stay",
      require = is("sinai_settlements", "remain"), dormant = true,
      source = "Begin's stand until the last days of the summit [Q][C]; in force only in the "
            .. "variant no_settlement_concession" },
    { id = "no_dismantling", label = "The government does not itself decide to dismantle settlements",
      never = is("sinai_settlements", "removed"),
      source = "Begin would leave the decision to the Knesset, not take it [T][Q]" },
    { id = "airfields_replaced", label = "Airbases given up only if the US helps replace them",
      require = implies(is_not("sinai_airfields", "israeli_use"), at_least("us_aid", "airfields")),
      source = "[Q] US help with new Negev airbases made the loss of the Sinai bases acceptable [J]" },
    { id = "limits_in_sinai", label = "Limits on Egyptian forces in Sinai",
      never = is("sinai_security", "unrestricted"),
      source = "[T] the treaty framework's limited-force zones [J as a red line]" },
  },
}

actor {
  id = "US", name = "United States (Carter)", colour = "#CC79A7",
  capability = 1.2, reservation = 0.30,
  source = "[Q][C]",
  tactic = { style = "conceder" },
  positions = {
    palestinians = { values = { none = 0, autonomy = 0.8, self_determination = 0.6 }, salience = 4,
      source = "Carter wanted a comprehensive peace; the Aswan formula of Jan 1978 [Q][C]" },
    linkage = { ideal = "framework", salience = 2, source = "[Q][J]" },
    wb_freeze = { ideal = "autonomy_talks", salience = 2,
      source = "Carter believed Begin had promised a freeze for the autonomy talks [C]" },
    sinai_withdrawal = { ideal = "full_phased", salience = 2, source = "[J]" },
    sinai_settlements = { values = { remain = 0, knesset_vote = 0.8, removed = 1 }, salience = 1,
      source = "The US held the settlements illegal but would take any formula Sadat accepted [Q][J]" },
    sinai_airfields = { ideal = "civilian", salience = 1,
      source = "The US drafts proposed civilian use of the airfields [Q][J]" },
    sinai_security = { ideal = "limited_zones", salience = 1,
      source = "The US drafts kept limited-force zones and UN forces [T][J]" },
    normalisation = { ideal = "full_relations", salience = 2, source = "[J]" },
    jerusalem = { ideal = "letters", salience = 2,
      source = "The US kept its own position on Jerusalem for a letter [T][Q]" },
    us_aid = { values = { none = 0.5, airfields = 1, major = 0.2 }, salience = 2,
      source = "Carter would pay for new airbases to close the deal; a large package needs "
            .. "Congress [Q][J]" },
  },
  red_lines = {
    { id = "comprehensive", label = "A framework for the Palestinians, not only Sinai",
      never = is("palestinians", "none"),
      source = "Carter's aim of a comprehensive settlement [Q][C] [J as a red line]" },
  },
}

-- ---------------------------------------------------------------------------------------
-- Who must sign: Egypt and Israel. The US signs when its own help is in the package (the
-- `owner` rule) and otherwise as a witness if it accepts.
-- ---------------------------------------------------------------------------------------

rule { required = { "EG", "IL" } }

-- ---------------------------------------------------------------------------------------
-- The negotiation over rounds: one round per day, 5-17 September 1978. The US writes the
-- single negotiating text, revised about 23 times [F][Q].
-- ---------------------------------------------------------------------------------------

protocol { kind = "mediator", mediator = "US", rounds = 13 }

event {
  id = "begin_stand", label = "Begin: the Sinai settlements stay", at_round = 1,
  message = "Begin arrives determined not to give up the Sinai settlements: for him no "
         .. "agreement is better than one that removes them.",
  reservation = { IL = 0.8 },
  source = "[Q][C]",
}

event {
  id = "egypt_opening", label = "Egypt's opening proposal", at_round = 2,
  message = "Sadat tables a hard-line Egyptian plan: withdrawal from all occupied territory, "
         .. "Jerusalem included, and Palestinian self-determination. Begin is angered.",
  willingness = { IL = -0.1 },
  source = "[Q][C] 6 September 1978",
}

event {
  id = "sadat_leaves", label = "Sadat packs his bags", at_round = 11,
  message = "Sadat tells Vance he is leaving Camp David.",
  willingness = { EG = -0.5 },
  source = "[Q][C] 15 September 1978",
}

event {
  id = "carter_appeal", label = "Carter persuades Sadat to stay", at_round = 11,
  message = "Carter warns Sadat that leaving would end their friendship and damage "
         .. "US-Egyptian relations; Sadat stays.",
  willingness = { EG = 0.5 },
  source = "[C][Q] 15 September 1978",
}

event {
  id = "knesset_formula", label = "Begin agrees to a Knesset vote on the settlements",
  at_round = 13,
  message = "After Sharon telephones to say he would not oppose removing the settlements for "
         .. "peace, Begin agrees to let the Knesset decide.",
  reservation = { IL = 0.35 },
  source = "[Q][C] the night of 16-17 September 1978 (day 13 here); Sharon's call [W]",
}

event {
  id = "jerusalem_letters", label = "The Jerusalem letter crisis", at_round = 13,
  message = "Begin threatens to leave over the US letter on Jerusalem; Carter's letter now "
         .. "only refers to earlier US statements instead of quoting them, and he brings Begin "
         .. "signed photographs for his grandchildren.",
  willingness = { IL = 0.1 },
  source = "[C] 17 September 1978",
}

-- Parameters nobody knows exactly: `entente montecarlo` draws them in every run [J].
-- (Israel's reservation is set by the events begin_stand and knesset_formula, so it is not
-- drawn here.)
uncertain { id = "eg_reservation", target = "EG.reservation", dist = uniform(0.3, 0.7) }
uncertain { id = "il_settlements", target = "IL.salience.sinai_settlements", dist = triangular(3, 5, 7) }
uncertain { id = "il_jerusalem", target = "IL.salience.jerusalem", dist = triangular(3, 4, 6) }
uncertain { id = "il_tactic", target = "IL.beta", dist = choice({ 0.2, 0.3, 1 }) }
uncertain { id = "eg_susceptibility", target = "EG.susceptibility", dist = uniform(0.2, 0.6) }

-- ---------------------------------------------------------------------------------------
-- Variants: named what-ifs.
-- ---------------------------------------------------------------------------------------

variant {
  id = "baseline", label = "As at Camp David",
  description = "The positions and red lines of the record, with the events of the 13 days.",
}

variant {
  id = "no_settlement_concession", label = "Begin never lets the Knesset decide",
  description = [[What if Begin had held to 'the settlements stay' to the end (no Knesset
formula)?]],
  apply = function(s)
    s.events.knesset_formula = nil
    s.actors.IL.red_lines.settlements_stay.dormant = false
  end,
}

variant {
  id = "sadat_linkage", label = "Sadat insists on binding linkage",
  description = [[What if Sadat had held to Egypt's opening demand that the treaty depend on
progress for the Palestinians?]],
  apply = function(s)
    s.actors.EG.red_lines.linkage_binding = {
      label = "The treaty depends on progress for the Palestinians",
      require = is("linkage", "conditional"),
      source = "Egypt's opening proposal, 6 Sept 1978 [Q]" }
  end,
}

variant {
  id = "no_us_help", label = "The US will not pay for new airfields",
  description = [[What if the mediator had had nothing to give: no US help to replace the
Sinai airbases?]],
  apply = function(s)
    s.actors.US.red_lines.no_aid = {
      label = "No new US commitments", never = at_least("us_aid", "airfields"),
      source = "[J] a counterfactual" }
  end,
}

variant {
  id = "no_carter_appeal", label = "Carter does not talk Sadat out of leaving",
  description = [[What if nobody had stopped Sadat on 15 September: his willingness falls and
nothing restores it?]],
  apply = function(s)
    s.events.carter_appeal = nil
  end,
}

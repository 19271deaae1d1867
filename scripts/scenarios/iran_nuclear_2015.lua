-- iran_nuclear_2015.lua: the talks on Iran's nuclear programme, January 2014 - July 2015
-- (the E3/EU+3 and Iran), which ended in the Joint Comprehensive Plan of Action.
--
-- Sources:
--   [T] the text of the Joint Comprehensive Plan of Action, Vienna, 14 July 2015, and its annexes
--   [R] UN Security Council resolution 2231 (20 July 2015), which endorses it
--   [P] the Joint Plan of Action, Geneva, 24 November 2013 (the interim deal), and the
--       "Parameters for a JCPOA" published by the US State Department after Lausanne, 2 April 2015
--   [S] public statements of the time: Obama's statement of 2 April 2015; Khamenei's speeches
--       of 9 April and 23 June 2015; the open letter of 47 US senators, 9 March 2015
--   [J] a judgement call of the scenario's author: argue about it in class, then change it.
--
-- Capabilities, reservations and saliences are judgement [J]. They are kept in this one
-- table so that a class can see them together and argue about them.
--
--   actor  capability  reservation  cares most about (salience, 0-5)
--   IR        0.8         0.30      enrichment 5, sanctions relief and its timing 5,
--                                   duration 4, inspections 3, the past (PMD) 2
--   US        1.0         0.35      enrichment 5, Fordow 3, Arak 3, inspections 4, snapback 4
--   UK        0.5         0.35      as the US, less intense
--   FR        0.5         0.40      inspections 4, duration 3, timing of relief 3
--   DE        0.5         0.35      a verifiable deal 3, inspections 3
--   RU        0.7         0.30      arms embargo 4, its Security Council veto (snapback) 3
--   CN        0.7         0.30      relief (trade, oil) 3, the Council's role 2
--   EU        0.4         0.30      a verifiable deal; coordinates and drafts [J]
--
-- How each concedes over 19 months (tactic) and whom it listens to, also [J]:
--   Iran holds out (Boulware) and listens a little to Russia and China; the US concedes at an
--   even pace; France holds out; the UK and Germany follow the US; Russia and China concede
--   early but listen to each other; the EU, which drafts the text, concedes early.

scenario {
  id = "iran_nuclear_2015",
  title = "The Iran nuclear talks, 2014-2015",
  description = [[After the interim Joint Plan of Action (November 2013), the E3/EU+3 (China,
France, Germany, Russia, the United Kingdom and the United States, with the EU's High
Representative) and Iran negotiate a comprehensive deal: how much enrichment Iran may keep,
what happens to Fordow and Arak, how long the limits last, how intrusive the inspections
are, and when the sanctions go. Two deadlines are missed before Lausanne (April 2015) and
Vienna (July 2015).]],
  seed = 2015,
  source = "JCPOA text (2015); UNSC resolution 2231 (2015); Lausanne parameters (2015)",
  history = {
    outcome = "agreement",
    signatories = { "IR", "US", "UK", "FR", "DE", "RU", "CN", "EU" },
    package = {
      enrichment = "limited",
      fordow = "research",
      arak = "redesigned",
      duration = "ten_fifteen",
      inspections = "additional_protocol",
      pmd = "iaea_roadmap",
      sanctions = "on_implementation",
      snapback = "veto_proof",
      arms_embargo = "five_eight",
    },
    decisive = { "enrichment", "fordow", "arak", "sanctions", "snapback" },
    summary = [[On 14 July 2015 in Vienna the E3/EU+3 and Iran concluded the JCPOA. Iran keeps
5,060 IR-1 centrifuges enriching to 3.67% at Natanz for ten years, a stockpile of 300 kg of
low-enriched uranium for fifteen; Fordow stops enriching and becomes a research centre; the
Arak reactor is redesigned so as not to produce weapons-grade plutonium; Iran applies the
Additional Protocol, with a 24-day procedure for disputed access; the IAEA closes its
inquiry into the possible military dimensions under a roadmap. Nuclear-related UN, EU and US
secondary sanctions are lifted on Implementation Day, once the IAEA verifies Iran's steps
(16 January 2016). Resolution 2231 lets any participant bring back the UN sanctions in a way
no veto can block; the UN arms embargo stays for up to five years, the missile restrictions
for up to eight.]],
    source = "JCPOA text and annexes (14 July 2015); UNSC resolution 2231 (20 July 2015)",
  },
  questions = {
    "Iran said it would never give up enrichment, and the US Congress's critics wanted zero enrichment. Run the zero_enrichment variant: what happens, and why was 'limited' the only zone of agreement?",
    "Khamenei's public red lines of June 2015 were partly crossed by the final deal. Run the khamenei_literal variant. Were they real red lines, or signals to the audience at home?",
    "Snapback 'without a veto' protected the West against Russia and China. Why did Russia and China accept it, and what did they get in return?",
    "The deal traded time-limited constraints (ten to fifteen years) for sanctions relief. Who gained from the sunset, and who objected?",
    "The EU's coordinator drafted the text. Does a mediator who is also a party to the deal help or hinder?",
  },
}

-- ---------------------------------------------------------------------------------------
-- Issues. Options run from Iran's preferred end to the stricter end.
-- ---------------------------------------------------------------------------------------

issue {
  id = "enrichment", label = "Uranium enrichment in Iran",
  options = { { "industrial", "Expansion to an industrial programme" },
              { "current", "Kept at today's size (about 19,000 centrifuges)" },
              { "limited", "5,060 centrifuges, 3.67%, 300 kg stockpile" },
              { "zero", "No enrichment" } },
  default = "current",
  source = "[T] Annex I; [P] the JPOA's 'mutually defined enrichment programme'",
}

issue {
  id = "fordow", label = "The Fordow enrichment site",
  options = { { "enrichment", "Keeps enriching" },
              { "research", "No enrichment; a physics and technology centre" },
              { "closed", "Closed" } },
  default = "enrichment",
  source = "[T] Annex I, section H: no enrichment at Fordow for 15 years",
}

issue {
  id = "arak", label = "The Arak heavy-water reactor",
  options = { { "as_designed", "Completed as designed" },
              { "redesigned", "Redesigned: no weapons-grade plutonium, spent fuel shipped out" },
              { "dismantled", "Dismantled" } },
  default = "as_designed",
  source = "[T] Annex I, section B",
}

issue {
  id = "duration", label = "How long the main limits last",
  options = { { "short", "Five to eight years" },
              { "ten_fifteen", "Ten to fifteen years (some measures 25)" },
              { "long", "Twenty years or more" } },
  default = "short",
  source = "[T] 10 years for centrifuges, 15 for enrichment level and stockpile, 25 for uranium",
}

issue {
  id = "inspections", label = "Inspections and access",
  options = { { "safeguards", "Standard NPT safeguards only" },
              { "additional_protocol", "Additional Protocol, 24-day procedure for disputed access" },
              { "anytime_anywhere", "Anytime, anywhere, military sites included" } },
  default = "safeguards",
  source = "[T] section Q of Annex I: access requests resolved within 24 days",
}

issue {
  id = "pmd", label = "The possible military dimensions (the past)",
  options = { { "closed", "Not addressed" },
              { "iaea_roadmap", "An IAEA roadmap and final assessment" },
              { "full_confession", "Iran must account for past weapons work" } },
  default = "closed",
  source = "[T] the Roadmap agreed between Iran and the IAEA, 14 July 2015",
}

issue {
  id = "sanctions", label = "When the sanctions are lifted",
  options = { { "on_signing", "On signing" },
              { "on_implementation", "When the IAEA verifies Iran's steps" },
              { "phased", "Gradually, over years of compliance" } },
  default = "phased",
  source = "[T] Implementation Day; [S] Khamenei, 9 April 2015: lifted on the day of signing",
}

issue {
  id = "snapback", label = "Bringing the sanctions back (snapback)",
  options = { { "none", "No snapback" },
              { "unsc_vote", "A new Security Council decision (vetoable)" },
              { "veto_proof", "Automatic unless the Council votes to keep relief (no veto)" } },
  default = "none",
  source = "[R] paragraphs 11-12 of resolution 2231",
}

issue {
  id = "arms_embargo", label = "The UN arms and missile embargo",
  options = { { "lifted", "Lifted with the nuclear sanctions" },
              { "five_eight", "Up to five years (arms) and eight (missiles)" },
              { "kept", "Kept with no end date" } },
  default = "kept",
  source = "[R] Annex B of resolution 2231",
}

-- ---------------------------------------------------------------------------------------
-- Actors
-- ---------------------------------------------------------------------------------------

actor {
  id = "IR", name = "Iran", colour = "#009E73",
  capability = 0.8, reservation = 0.30,
  source = "[S] Khamenei, Rouhani and Zarif, 2013-2015",
  tactic = { style = "boulware", beta = 0.2, susceptibility = 0.2 },
  listens = { RU = 1, CN = 1 },
  positions = {
    enrichment = { values = { industrial = 1, current = 0.85, limited = 0.45, zero = 0 },
      salience = 5, source = "Iran's 'right to enrich' [P][S]; Khamenei's 190,000 SWU (July 2014) [S]" },
    sanctions = { values = { on_signing = 1, on_implementation = 0.7, phased = 0 }, salience = 5,
      source = "Khamenei, 9 April and 23 June 2015: relief at once [S]" },
    fordow = { values = { enrichment = 1, research = 0.5, closed = 0 }, salience = 2,
      source = "[J]" },
    arak = { values = { as_designed = 1, redesigned = 0.6, dismantled = 0 }, salience = 2,
      source = "[J]" },
    duration = { values = { short = 1, ten_fifteen = 0.6, long = 0 }, salience = 4,
      source = "Khamenei, 23 June 2015: no restrictions for 10-12 years [S]" },
    inspections = { values = { safeguards = 1, additional_protocol = 0.6, anytime_anywhere = 0 },
      salience = 3, source = "No inspections of military sites [S]" },
    pmd = { ideal = "closed", salience = 2, source = "Iran denies ever seeking a weapon [S][J]" },
    snapback = { ideal = "none", salience = 2, source = "[J]" },
    arms_embargo = { ideal = "lifted", salience = 2,
      source = "Iran asked for the arms embargo to go in the last weeks in Vienna [S][J]" },
  },
  red_lines = {
    { id = "right_to_enrich", label = "Enrichment continues on Iranian soil",
      never = is("enrichment", "zero"),
      source = "[P] the JPOA foresees a mutually defined enrichment programme; "
            .. "Khamenei and Rouhani: enrichment is Iran's right [S]" },
    { id = "no_confession", label = "No admission of a weapons programme",
      never = is("pmd", "full_confession"),
      source = "Khamenei's fatwa against nuclear weapons; Iran's denials [S][J]" },
    { id = "no_military_sites", label = "No 'anytime, anywhere' access to military sites",
      never = is("inspections", "anytime_anywhere"),
      source = "Khamenei, 9 April 2015: no inspection of military sites [S]" },
    { id = "keep_fordow", label = "Fordow is not closed",
      never = is("fordow", "closed"), source = "[J] Iran would keep the site" },
    { id = "on_signing", label = "All sanctions lifted on the day of signing", dormant = true,
      require = is("sanctions", "on_signing"),
      source = "Khamenei, 9 April and 23 June 2015 [S]; in force only in the variant "
            .. "khamenei_literal" },
    { id = "short_limits", label = "No long-term restrictions (ten years or more)", dormant = true,
      require = is("duration", "short"),
      source = "Khamenei, 23 June 2015 [S]; in force only in the variant khamenei_literal" },
  },
}

actor {
  id = "US", name = "United States", colour = "#0072B2",
  capability = 1.0, reservation = 0.35,
  source = "[S] Obama's statement of 2 April 2015; [P] the Lausanne parameters",
  tactic = { style = "linear", susceptibility = 0.1 },
  listens = { UK = 1, FR = 1, DE = 1 },
  positions = {
    enrichment = { values = { industrial = 0, current = 0.2, limited = 0.8, zero = 1 }, salience = 5,
      source = "A breakout time of at least a year [P][S]" },
    fordow = { ideal = "closed", salience = 3, source = "Every pathway to a bomb cut off [S]" },
    arak = { values = { as_designed = 0, redesigned = 0.9, dismantled = 1 }, salience = 3,
      source = "The plutonium pathway [S]" },
    inspections = { values = { safeguards = 0, additional_protocol = 0.8, anytime_anywhere = 1 },
      salience = 4, source = "'Unprecedented verification' [S]" },
    snapback = { ideal = "veto_proof", salience = 4,
      source = "Sanctions that snap back without a Russian or Chinese veto [S][R]" },
    sanctions = { values = { on_signing = 0, on_implementation = 0.7, phased = 1 }, salience = 3,
      source = "Relief only once the IAEA verifies [P]" },
    duration = { values = { short = 0, ten_fifteen = 0.7, long = 1 }, salience = 2, source = "[J]" },
    pmd = { values = { closed = 0, iaea_roadmap = 0.8, full_confession = 1 }, salience = 1,
      source = "Kerry: the US knew what Iran had done; the IAEA must be satisfied [S][J]" },
    arms_embargo = { values = { lifted = 0, five_eight = 0.6, kept = 1 }, salience = 2,
      source = "Gen. Dempsey to the Senate, 7 July 2015: no relief on missiles and arms [S]" },
  },
  red_lines = {
    { id = "breakout", label = "Enrichment cut to a breakout time of a year or more",
      require = at_least("enrichment", "limited"),
      source = "Obama, 2 April 2015: breakout time from 2-3 months to at least a year [S][P]" },
    { id = "fordow_pathway", label = "No enrichment at Fordow",
      never = is("fordow", "enrichment"), source = "[P] Lausanne parameters" },
    { id = "plutonium_pathway", label = "No weapons-grade plutonium from Arak",
      never = is("arak", "as_designed"), source = "[P] Lausanne parameters" },
    { id = "verification", label = "At least the Additional Protocol",
      never = is("inspections", "safeguards"), source = "[P] Lausanne parameters" },
    { id = "snapback", label = "Sanctions can come back, and no veto can stop them",
      require = is("snapback", "veto_proof"),
      source = "[P] the Lausanne parameters; [R] paragraphs 11-12 of resolution 2231 "
            .. "[J as a red line]" },
    { id = "relief_after_verification", label = "No relief before the IAEA verifies",
      never = is("sanctions", "on_signing"), source = "[P] Lausanne parameters" },
    { id = "arms_pressure", label = "The arms and missile embargo is not simply lifted",
      never = is("arms_embargo", "lifted"),
      source = "Gen. Dempsey to the Senate, 7 July 2015 [S] [J as a red line]" },
  },
}

actor {
  id = "UK", name = "United Kingdom", colour = "#56B4E9",
  capability = 0.5, reservation = 0.35,
  source = "[J] close to Washington throughout",
  tactic = { style = "linear", susceptibility = 0.4 },
  listens = { US = 3, FR = 1, DE = 1 },
  positions = {
    enrichment = { values = { industrial = 0, current = 0.2, limited = 0.9, zero = 1 }, salience = 4,
      source = "[J]" },
    inspections = { ideal = "additional_protocol", salience = 3, source = "[J]" },
    snapback = { ideal = "veto_proof", salience = 3, source = "[J]" },
    sanctions = { ideal = "on_implementation", salience = 2, source = "[J]" },
    fordow = { ideal = "research", salience = 2, source = "[J]" },
    arak = { ideal = "redesigned", salience = 2, source = "[J]" },
    duration = { ideal = "ten_fifteen", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "no_bomb_path", label = "No path to a bomb: enrichment limited",
      require = at_least("enrichment", "limited"), source = "[P][J]" },
  },
}

actor {
  id = "FR", name = "France", colour = "#CC79A7",
  capability = 0.5, reservation = 0.40,
  source = "Fabius's public insistence on a 'robust' deal, 2013-2015 [S][J]",
  tactic = { style = "boulware", susceptibility = 0.3 },
  listens = { US = 2, UK = 1, DE = 1 },
  positions = {
    inspections = { ideal = "anytime_anywhere", salience = 4,
      source = "Fabius: inspections of military sites if needed [S][J]" },
    duration = { values = { short = 0, ten_fifteen = 0.7, long = 1 }, salience = 3,
      source = "[S][J]" },
    sanctions = { ideal = "phased", salience = 3, source = "[J]" },
    enrichment = { values = { industrial = 0, current = 0.2, limited = 0.8, zero = 1 }, salience = 3,
      source = "[J]" },
    pmd = { ideal = "full_confession", salience = 2, source = "[J]" },
    snapback = { ideal = "veto_proof", salience = 2, source = "[J]" },
  },
  red_lines = {
    { id = "no_bomb_path", label = "No path to a bomb: enrichment limited",
      require = at_least("enrichment", "limited"), source = "[P][J]" },
    { id = "verified_first", label = "No relief before verification",
      never = is("sanctions", "on_signing"), source = "[S][J]" },
  },
}

actor {
  id = "DE", name = "Germany", colour = "#E69F00",
  capability = 0.5, reservation = 0.35,
  source = "[J] a verifiable deal, and trade",
  tactic = { style = "linear", susceptibility = 0.4 },
  listens = { US = 2, FR = 1, UK = 1 },
  positions = {
    enrichment = { ideal = "limited", salience = 3, source = "[J]" },
    inspections = { ideal = "additional_protocol", salience = 3, source = "[J]" },
    sanctions = { ideal = "on_implementation", salience = 2, source = "[J]" },
    snapback = { ideal = "veto_proof", salience = 1, source = "[J]" },
    arak = { ideal = "redesigned", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "no_bomb_path", label = "No path to a bomb: enrichment limited",
      require = at_least("enrichment", "limited"), source = "[P][J]" },
  },
}

actor {
  id = "RU", name = "Russia", colour = "#D55E00",
  capability = 0.7, reservation = 0.30,
  source = "[S][J] Russia's role in the talks and in resolution 2231",
  tactic = { style = "conceder", susceptibility = 0.2 },
  listens = { CN = 1, IR = 1 },
  positions = {
    arms_embargo = { ideal = "lifted", salience = 4,
      source = "Lavrov backed lifting the arms embargo in the last days in Vienna [S]" },
    snapback = { values = { none = 0.8, unsc_vote = 1, veto_proof = 0.3 }, salience = 3,
      source = "Russia's veto in the Security Council [R][J]" },
    sanctions = { ideal = "on_signing", salience = 2, source = "[J]" },
    enrichment = { values = { industrial = 0.2, current = 0.6, limited = 1, zero = 0.6 },
      salience = 2, source = "Non-proliferation, and Russian fuel services [J]" },
    arak = { ideal = "redesigned", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "embargo_ends", label = "The arms embargo must end at some date",
      never = is("arms_embargo", "kept"), source = "[S][J]" },
  },
}

actor {
  id = "CN", name = "China", colour = "#000000",
  capability = 0.7, reservation = 0.30,
  source = "[J] China's interest in Iranian oil and in the Council's authority",
  tactic = { style = "conceder", susceptibility = 0.3 },
  listens = { RU = 1, US = 1 },
  positions = {
    sanctions = { ideal = "on_signing", salience = 3, source = "[J]" },
    snapback = { ideal = "unsc_vote", salience = 2, source = "[J]" },
    enrichment = { ideal = "limited", salience = 2, source = "[J]" },
    arak = { ideal = "redesigned", salience = 2,
      source = "China offered to help redesign the Arak reactor [T]" },
    arms_embargo = { ideal = "five_eight", salience = 1, source = "[J]" },
  },
}

actor {
  id = "EU", name = "European Union (coordinator)", colour = "#F0E442",
  capability = 0.4, reservation = 0.30,
  source = "[T] the High Representative coordinates the E3/EU+3; its positions are the E3's [J]",
  tactic = { style = "conceder" },
  listens = { UK = 1, FR = 1, DE = 1 },
  positions = {
    enrichment = { ideal = "limited", salience = 3, source = "[J]" },
    inspections = { values = { safeguards = 0, additional_protocol = 0.8, anytime_anywhere = 1 },
      salience = 3, source = "[J]" },
    sanctions = { values = { on_signing = 0, on_implementation = 0.7, phased = 1 }, salience = 2,
      source = "[J]" },
    fordow = { values = { enrichment = 0, research = 0.7, closed = 1 }, salience = 2, source = "[J]" },
    arak = { ideal = "redesigned", salience = 2, source = "[J]" },
    snapback = { ideal = "veto_proof", salience = 1, source = "[J]" },
    duration = { values = { short = 0, ten_fifteen = 0.7, long = 1 }, salience = 2, source = "[J]" },
    pmd = { ideal = "iaea_roadmap", salience = 1, source = "[J]" },
    arms_embargo = { ideal = "five_eight", salience = 1, source = "[J]" },
  },
}

-- ---------------------------------------------------------------------------------------
-- Who must sign: everyone. The JCPOA was concluded by all eight together, and every
-- permanent member could block the Security Council's endorsement.
-- ---------------------------------------------------------------------------------------

rule { required = { "IR", "US", "UK", "FR", "DE", "RU", "CN", "EU" } }

-- ---------------------------------------------------------------------------------------
-- The negotiation over rounds: one round a month from January 2014 (round 1) to July 2015
-- (round 19). The EU's coordinator keeps the single negotiating text.
-- ---------------------------------------------------------------------------------------

protocol { kind = "mediator", mediator = "EU", rounds = 19 }

event {
  id = "jpoa", label = "The interim deal takes effect", at_round = 1,
  message = "The Joint Plan of Action is implemented: Iran stops enriching to 20%, and some "
         .. "sanctions are eased.",
  willingness = { IR = 0.05, US = 0.05 },
  source = "[P] 20 January 2014",
}

event {
  id = "first_extension", label = "The first deadline passes", at_round = 7,
  message = "No deal by 20 July 2014: the talks are extended to 24 November.",
  source = "[P] joint statement, 18 July 2014",
}

event {
  id = "second_extension", label = "The second deadline passes", at_round = 11,
  message = "No deal by 24 November 2014: the talks are extended to 30 June 2015.",
  source = "Vienna, 24 November 2014",
}

event {
  id = "senators_letter", label = "Netanyahu in Congress; the senators' letter", at_round = 15,
  message = "Netanyahu addresses Congress (3 March); 47 senators write to Iran's leaders that a "
         .. "deal could be revoked by the next president (9 March).",
  willingness = { IR = -0.1 },
  source = "[S] March 2015",
}

event {
  id = "lausanne", label = "The Lausanne parameters", at_round = 16,
  message = "On 2 April the parties agree the key parameters of a deal; Khamenei, on 9 April, "
         .. "insists that the sanctions go on the day of signing.",
  signal = { from = "US", strength = 0.2 },
  source = "[P] 2 April 2015; [S] Khamenei, 9 April 2015",
}

event {
  id = "khamenei_june", label = "Khamenei's red lines", at_round = 18,
  message = "Khamenei: no long-term restrictions, no inspection of military sites, sanctions "
         .. "lifted on signing. The 30 June deadline passes.",
  willingness = { IR = -0.1 },
  source = "[S] 23 June 2015",
}

event {
  id = "vienna_endgame", label = "Vienna: the arms embargo", at_round = 19,
  message = "In the last days Iran and Russia press to lift the arms embargo; the compromise "
         .. "keeps it for up to five years (arms) and eight (missiles).",
  willingness = { RU = 0.1 },
  source = "[R] Annex B; [S] July 2015",
}

-- Parameters nobody knows exactly: `entente montecarlo` draws them in every run [J].
uncertain { id = "ir_reservation", target = "IR.reservation", dist = uniform(0.2, 0.6) }
uncertain { id = "us_reservation", target = "US.reservation", dist = uniform(0.25, 0.6) }
uncertain { id = "fr_reservation", target = "FR.reservation", dist = uniform(0.3, 0.7) }
uncertain { id = "ru_reservation", target = "RU.reservation", dist = uniform(0.2, 0.6) }
uncertain { id = "ir_beta", target = "IR.beta", dist = choice({ 0.2, 0.3, 1 }) }

-- ---------------------------------------------------------------------------------------
-- Variants: named what-ifs.
-- ---------------------------------------------------------------------------------------

variant {
  id = "baseline", label = "As negotiated, 2014-2015",
  description = "The positions and red lines of the record, with the events of the 19 months.",
}

variant {
  id = "zero_enrichment", label = "The US demands zero enrichment",
  description = [[What if Washington had held to the demand of the deal's critics (and of
the UN Security Council resolutions of 2006-2010) that Iran stop all enrichment?]],
  apply = function(s)
    s.actors.US.red_lines.breakout.require = is("enrichment", "zero")
    s.actors.US.red_lines.breakout.label = "No enrichment in Iran"
  end,
}

variant {
  id = "khamenei_literal", label = "Iran holds to Khamenei's stated red lines",
  description = [[What if the Supreme Leader's public conditions of 23 June 2015 had been real
red lines: all sanctions lifted on signing, no restrictions for ten years or more?]],
  apply = function(s)
    s.actors.IR.red_lines.on_signing.dormant = false
    s.actors.IR.red_lines.short_limits.dormant = false
  end,
}

variant {
  id = "russia_keeps_veto", label = "Russia and China insist on their veto over snapback",
  description = [[What if Moscow and Beijing had refused a snapback they could not veto?]],
  apply = function(s)
    s.actors.RU.red_lines.council_veto = {
      label = "Sanctions return only by a new Council decision",
      never = is("snapback", "veto_proof"), source = "[J] a counterfactual" }
  end,
}

variant {
  id = "first_deadline_final", label = "The July 2014 deadline is final",
  description = [[What if the first deadline of the interim deal (20 July 2014) could not have
been extended: seven months instead of nineteen?]],
  apply = function(s)
    s.protocol.rounds = 7
    s.events.first_extension.message = "20 July 2014: the deadline is final, there is no extension."
  end,
}

-- ukraine_guarantees.lua: post-war security guarantees for Ukraine, as known in late August 2025.
--
-- Sources (see ../../docs/scenarios and the project's reference brief):
--   [A] the seed article: "Secretary Rubio: US to join Ukraine's security guarantees, but
--       Europe must lead" (CNN report, August 2025)
--   [E] other public reporting of the same weeks (White House briefing 19 Aug 2025; Lavrov
--       20 Aug 2025; Zelenskyy 20 Aug 2025; Meloni, Tusk and Merz statements, 2025)
--   [J] a judgement call of the scenario's author: argue about it in class, then change it.
--
-- Capabilities, reservations and saliences are judgement [J]. They are kept in this one
-- table so that a class can see them together and argue about them.
--
--   actor  capability  reservation  cares most about (salience, 0-5)
--   US        1.0         0.45      ground troops 5, Europe leads 4, air support 2
--   UA        0.5         0.30      no Russian veto 5, air defence 3, legal strength 3
--   RU        0.9         0.50      veto 5, sanctions 3, China's role 2, NATO troops 2
--   UK        0.6         0.35      own troops 3, US backstop 3, legal strength 2
--   FR        0.6         0.35      own troops 3, US backstop 3, Europe leads 2
--   DE        0.7         0.40      own troops 2, US backstop 3, US leads 1
--   IT        0.4         0.40      Article-5-like clause 4, no veto 2
--   PL        0.4         0.40      sanctions 3, no veto 3, air defence 2
--   TR        0.4         0.40      Black Sea 5, sanctions held 2
--   CN        0.8         0.55      a guarantor role 4, sanctions 2, veto 1
--
-- How each concedes over the rounds (tactic) and whom it listens to (part 2), also [J]:
--   US linear; UA and RU Boulware (hold out); UK, FR and TR Conceders (eager to show a role);
--   DE, IT, PL linear; CN Boulware. The Europeans and Kyiv listen most to Washington
--   ("the signal from the US became an impetus for other partners" [A]); Moscow and Beijing
--   listen to each other.

scenario {
  id = "ukraine_guarantees",
  title = "Security guarantees for Ukraine, August 2025",
  description = [[After the war, who guarantees Ukraine's security, and how? The US will take
part but wants Europe to lead and sends no ground troops; Russia demands a veto and China's
involvement; Kyiv rejects both. Which package could the parties sign?]],
  seed = 2025,
}

-- ---------------------------------------------------------------------------------------
-- Issues. An issue with an `owner` is that actor's own contribution: it only takes effect
-- if that actor signs.
-- ---------------------------------------------------------------------------------------

issue {
  id = "us_ground_troops", label = "US ground troops in Ukraine", owner = "US",
  options = { { "none", "No US troops on the ground" }, { "deployed", "US troops deployed" } },
  default = "none",
}

issue {
  id = "us_air_support", label = "US air support", owner = "US",
  options = { { "none", "No US air support" }, { "unmanned", "Unmanned aircraft only" },
              { "piloted", "Piloted and unmanned aircraft" } },
  default = "none",
}

issue {
  id = "us_intelligence", label = "US intelligence and surveillance", owner = "US",
  options = { { "none", "None" }, { "shared", "Intelligence and surveillance shared" } },
  default = "none",
}

issue {
  id = "uk_troops", label = "British troops", owner = "UK",
  options = { { "none", "None" }, { "training", "Training, outside Ukraine" },
              { "deterrent", "Deterrent force in Ukraine" } },
  default = "none",
}

issue {
  id = "fr_troops", label = "French troops", owner = "FR",
  options = { { "none", "None" }, { "training", "Training, outside Ukraine" },
              { "deterrent", "Deterrent force in Ukraine" } },
  default = "none",
}

issue {
  id = "de_troops", label = "German troops", owner = "DE",
  options = { { "none", "None" }, { "training", "Training, outside Ukraine" },
              { "deterrent", "Deterrent force in Ukraine" } },
  default = "none",
}

issue {
  id = "air_defence", label = "Air defence for Ukraine",
  options = { { "none", "None" }, { "strengthened", "Strengthened air defence" },
              { "controlled_skies", "Allied control of the skies" } },
  default = "none",
}

issue {
  id = "black_sea", label = "Black Sea security",
  options = { { "none", "No arrangement" }, { "turkiye_led", "Led by Turkiye" },
              { "nato_led", "Led by NATO" } },
  default = "none",
}

issue {
  id = "sanctions", label = "Sanctions on Russia",
  options = { { "lifted", "Lifted" }, { "held", "Held" }, { "escalated", "Escalated" } },
  default = "held",
}

issue {
  id = "russia_veto", label = "Russian veto over the guarantees",
  options = { { "no", "No veto" }, { "yes", "Russia can veto" } },
  default = "no",
}

issue {
  id = "china_role", label = "China's role", owner = "CN",
  options = { { "none", "No role" }, { "guarantor", "China a guarantor" } },
  default = "none",
}

issue {
  id = "lead", label = "Who leads the guarantees",
  options = { { "us", "The United States" }, { "europe", "Europe" } },
  default = "us",
}

issue {
  id = "legal_strength", label = "Legal strength of the guarantee",
  options = { { "declaration", "Political declaration" },
              { "binding", "Binding assistance pledge" },
              { "article5", "Article-5-like automatic defence" } },
  default = "declaration",
}

-- ---------------------------------------------------------------------------------------
-- Actors
-- ---------------------------------------------------------------------------------------

actor {
  id = "US", name = "United States", colour = "#0072B2",
  capability = 1.0, reservation = 0.45,
  source = "Rubio and Trump statements, August 2025 [A]",
  tactic = { style = "linear" },
  positions = {
    us_ground_troops = { ideal = "none", salience = 5,
      source = "Trump: no American military personnel will be sent to Ukraine [A]" },
    lead = { ideal = "europe", salience = 4,
      source = "Rubio: Europe must take the leading role, the US gives auxiliary resources [A]" },
    us_air_support = { values = { none = 0.4, unmanned = 1.0, piloted = 0.7 }, salience = 2,
      source = "Aviation support, piloted and unmanned, is an option [A][E]" },
    us_intelligence = { ideal = "shared", salience = 1,
      source = "Intelligence and surveillance missions are on the US list [A]" },
    russia_veto = { ideal = "no", salience = 1,
      source = "The White House ridiculed the veto demand [A]" },
    china_role = { ideal = "none", salience = 1, source = "[J]" },
    legal_strength = { values = { declaration = 0.7, binding = 1.0, article5 = 0.2 },
      salience = 2, source = "Auxiliary role, no automatic US commitment [J]" },
    sanctions = { ideal = "held", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "no_ground_troops", label = "No US ground troops in Ukraine",
      never = is("us_ground_troops", "deployed"),
      source = "Trump: American military personnel will not be sent to Ukraine [A]; "
            .. "White House, 19 Aug 2025: 'boots will not be on the ground' [E]" },
    { id = "europe_leads", label = "Europe must lead",
      require = is("lead", "europe"),
      source = "Rubio: it is Europe that must take on the leading role [A]" },
  },
}

actor {
  id = "UA", name = "Ukraine", colour = "#E69F00",
  capability = 0.5, reservation = 0.30,
  source = "Zelenskyy statements, August 2025 [A][E]",
  tactic = { style = "boulware", susceptibility = 0.2 },
  listens = { US = 2, UK = 1, FR = 1 },
  positions = {
    russia_veto = { ideal = "no", salience = 5,
      source = "Kyiv calls a Russian veto unacceptable [A]" },
    china_role = { ideal = "none", salience = 2,
      source = "Zelenskyy: 'We don't need guarantors who don't help Ukraine' [E]" },
    air_defence = { ideal = "controlled_skies", salience = 3,
      source = "Partners discuss strengthening air defence and controlling the skies [A]" },
    legal_strength = { ideal = "article5", salience = 3, source = "[J]" },
    us_air_support = { ideal = "piloted", salience = 3, source = "[J]" },
    us_intelligence = { ideal = "shared", salience = 2, source = "[J]" },
    us_ground_troops = { ideal = "deployed", salience = 1, source = "[J]" },
    uk_troops = { ideal = "deterrent", salience = 2,
      source = "Some partners discuss deploying military personnel [A]" },
    fr_troops = { ideal = "deterrent", salience = 2, source = "[A]" },
    de_troops = { ideal = "deterrent", salience = 1, source = "[J]" },
    black_sea = { values = { none = 0.0, turkiye_led = 1.0, nato_led = 0.8 }, salience = 1,
      source = "Turkiye confirmed readiness to help with Black Sea security [A]" },
    sanctions = { ideal = "escalated", salience = 2,
      source = "Some states limit themselves to sanctions pressure on Moscow [A]" },
    lead = { values = { us = 1.0, europe = 0.6 }, salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "no_russian_veto", label = "No Russian veto over the guarantees",
      never = is("russia_veto", "yes"),
      source = "Kyiv considers a Russian veto unacceptable [A]" },
    { id = "no_china_guarantor", label = "No guarantor that does not help Ukraine (China)",
      never = is("china_role", "guarantor"),
      source = "Zelenskyy, 20 Aug 2025: 'We don't need guarantors who don't help Ukraine' [E]" },
  },
}

actor {
  id = "RU", name = "Russia", colour = "#D55E00",
  capability = 0.9, reservation = 0.50,
  source = "Lavrov statements, August 2025 [A][E]",
  tactic = { style = "boulware", beta = 0.2, susceptibility = 0.1 },
  listens = { CN = 1 },
  positions = {
    russia_veto = { ideal = "yes", salience = 5,
      source = "Lavrov: Moscow will demand the right of veto [A]" },
    china_role = { ideal = "guarantor", salience = 2,
      source = "Lavrov: the involvement of China [A]" },
    sanctions = { ideal = "lifted", salience = 3, source = "[J]" },
    uk_troops = { ideal = "none", salience = 2, source = "[E]" },
    fr_troops = { ideal = "none", salience = 2, source = "[E]" },
    de_troops = { ideal = "none", salience = 2, source = "[E]" },
    us_ground_troops = { ideal = "none", salience = 1, source = "[J]" },
    air_defence = { ideal = "none", salience = 2, source = "[J]" },
    legal_strength = { ideal = "declaration", salience = 2, source = "[J]" },
  },
  red_lines = {
    { id = "veto", label = "A Russian veto over any guarantee",
      require = is("russia_veto", "yes"),
      source = "Lavrov: Moscow will not accept collective guarantees without its participation "
            .. "and demands a right of veto [A]; 20 Aug 2025, the 2022 Istanbul draft [E]" },
    { id = "china_involved", label = "China involved as a guarantor",
      require = is("china_role", "guarantor"),
      source = "Lavrov: the Kremlin will demand the involvement of China [A]" },
    { id = "no_nato_troops", label = "No NATO-country troops in Ukraine",
      never = any_of(is("uk_troops", "deterrent"), is("fr_troops", "deterrent"),
                     is("de_troops", "deterrent")),
      source = "Russian statements of August 2025 [E]" },
  },
}

actor {
  id = "UK", name = "United Kingdom", colour = "#56B4E9",
  capability = 0.6, reservation = 0.35,
  source = "Healey, August 2025 [A]",
  tactic = { style = "conceder", susceptibility = 0.4 },
  listens = { US = 3, FR = 1, DE = 1 },
  positions = {
    uk_troops = { ideal = "deterrent", salience = 3,
      source = "Healey: London is ready to send military personnel to Ukraine [A]" },
    us_air_support = { ideal = "piloted", salience = 3,
      source = "European deployments are planned around a US backstop [E]" },
    legal_strength = { ideal = "binding", salience = 2, source = "[J]" },
    lead = { ideal = "europe", salience = 1, source = "UK declared readiness for an active role [A]" },
    russia_veto = { ideal = "no", salience = 2, source = "[J]" },
    sanctions = { ideal = "escalated", salience = 1, source = "[J]" },
    air_defence = { ideal = "strengthened", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "backstop", label = "British troops in Ukraine only with a US backstop",
      require = implies(is("uk_troops", "deterrent"), at_least("us_air_support", "unmanned")),
      source = "European deployments conditioned on US support, August 2025 [E][J]" },
  },
}

actor {
  id = "FR", name = "France", colour = "#CC79A7",
  capability = 0.6, reservation = 0.35,
  source = "French statements, August 2025 [A][E]",
  tactic = { style = "conceder", susceptibility = 0.4 },
  listens = { US = 3, UK = 1, DE = 1 },
  positions = {
    fr_troops = { ideal = "deterrent", salience = 3,
      source = "France declared readiness to play an active role [A]" },
    us_air_support = { ideal = "piloted", salience = 3, source = "[E]" },
    lead = { ideal = "europe", salience = 2, source = "[J]" },
    legal_strength = { ideal = "binding", salience = 2, source = "[J]" },
    russia_veto = { ideal = "no", salience = 2, source = "[J]" },
    air_defence = { ideal = "controlled_skies", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "backstop", label = "French troops in Ukraine only with a US backstop",
      require = implies(is("fr_troops", "deterrent"), at_least("us_air_support", "unmanned")),
      source = "European deployments conditioned on US support, August 2025 [E][J]" },
  },
}

actor {
  id = "DE", name = "Germany", colour = "#009E73",
  capability = 0.7, reservation = 0.40,
  source = "Merz, 2025 [E]",
  tactic = { style = "linear", susceptibility = 0.5 },
  listens = { US = 4, UK = 1, FR = 1 },
  positions = {
    de_troops = { values = { none = 0.6, training = 1.0, deterrent = 0.3 }, salience = 2,
      source = "Berlin is cautious; any deployment needs a Bundestag mandate [E]" },
    us_air_support = { ideal = "piloted", salience = 3,
      source = "Berlin ties its role to an American backstop [E]" },
    lead = { values = { us = 1.0, europe = 0.6 }, salience = 1, source = "[E][J]" },
    legal_strength = { ideal = "binding", salience = 2, source = "[J]" },
    russia_veto = { ideal = "no", salience = 2, source = "[J]" },
    air_defence = { ideal = "strengthened", salience = 2, source = "[J]" },
  },
  red_lines = {
    { id = "backstop", label = "German deployment only with a US backstop",
      require = implies(is("de_troops", "deterrent"), at_least("us_air_support", "unmanned")),
      source = "Merz ties any German role to an American backstop [E]" },
  },
}

actor {
  id = "IT", name = "Italy", colour = "#F0E442",
  capability = 0.4, reservation = 0.40,
  source = "Meloni, spring-summer 2025 [E]",
  tactic = { style = "linear", susceptibility = 0.3 },
  listens = { US = 2, DE = 1, FR = 1 },
  positions = {
    legal_strength = { ideal = "article5", salience = 4,
      source = "Meloni favours a collective-defence clause 'inspired by Article 5' [E]" },
    russia_veto = { ideal = "no", salience = 2, source = "[J]" },
    lead = { values = { us = 1.0, europe = 0.7 }, salience = 1, source = "[J]" },
    air_defence = { ideal = "strengthened", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "collective_clause", label = "A binding clause rather than Italian soldiers",
      require = at_least("legal_strength", "binding"),
      source = "Meloni: no Italian soldiers in Ukraine; an Article-5-like clause instead [E]" },
  },
}

actor {
  id = "PL", name = "Poland", colour = "#882255",
  capability = 0.4, reservation = 0.40,
  source = "Tusk, since February 2025 [E]",
  tactic = { style = "linear", susceptibility = 0.3 },
  listens = { US = 3, UK = 1 },
  positions = {
    sanctions = { ideal = "escalated", salience = 3, source = "[J]" },
    russia_veto = { ideal = "no", salience = 3, source = "[J]" },
    air_defence = { ideal = "strengthened", salience = 2,
      source = "Poland offers to be the logistics hub [E]" },
    legal_strength = { ideal = "article5", salience = 2, source = "[J]" },
    us_air_support = { ideal = "piloted", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "no_veto", label = "No Russian say over Europe's security",
      never = is("russia_veto", "yes"), source = "[J]" },
  },
}

actor {
  id = "TR", name = "Turkiye", colour = "#999999",
  capability = 0.4, reservation = 0.40,
  source = "Turkiye's statements, August 2025 [A]",
  tactic = { style = "conceder", susceptibility = 0.2 },
  listens = { US = 1 },
  positions = {
    black_sea = { ideal = "turkiye_led", salience = 5,
      source = "Turkiye confirmed its readiness to help with Black Sea security [A]" },
    sanctions = { ideal = "held", salience = 2, source = "Turkiye does not join sanctions [J]" },
    lead = { ideal = "europe", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "montreux", label = "No NATO-led Black Sea mission (Montreux Convention)",
      never = is("black_sea", "nato_led"), source = "[J]" },
  },
}

actor {
  id = "CN", name = "China", colour = "#000000",
  capability = 0.8, reservation = 0.55,
  source = "Chinese foreign ministry, 2025 [E]",
  tactic = { style = "boulware", susceptibility = 0.1 },
  listens = { RU = 1 },
  positions = {
    china_role = { ideal = "guarantor", salience = 4,
      source = "China: 'not a party' to the conflict, offers a 'constructive role' [E]" },
    sanctions = { ideal = "lifted", salience = 2, source = "[J]" },
    russia_veto = { ideal = "yes", salience = 1, source = "[J]" },
    lead = { ideal = "europe", salience = 1, source = "[J]" },
  },
}

-- ---------------------------------------------------------------------------------------
-- Who must sign. Ukraine always; at least three guarantors; anyone whose own contribution
-- is in the package (that is what `owner` means); Russia if the package gives it a veto.
-- ---------------------------------------------------------------------------------------

rule {
  required = { "UA" },
  guarantors = { "US", "UK", "FR", "DE", "IT", "PL", "TR", "CN" },
  min_guarantors = 3,
  conditions = {
    { when = is("russia_veto", "yes"), require = { "RU" },
      label = "A Russian veto means Russia must sign" },
  },
}

-- ---------------------------------------------------------------------------------------
-- The negotiation over rounds (entente run): a mediator's single negotiating text, revised
-- daily for two weeks ("Kyiv expects concrete proposals within two weeks" [A]), and the
-- events of the article.
-- ---------------------------------------------------------------------------------------

protocol { kind = "mediator", rounds = 14 }

event {
  id = "healey", label = "London ready to send troops", at_round = 1,
  message = "Healey: the UK is ready to send military personnel to Ukraine.",
  willingness = { UK = 0.1 },
  source = "[A]",
}

event {
  id = "us_signal", label = "The US will take part, Europe must lead", at_round = 2,
  message = "Rubio: Washington will participate in post-war security guarantees; Europe "
         .. "takes the leading role and the US gives auxiliary resources.",
  signal = { from = "US", strength = 0.3 },
  source = "[A] Rubio; Zelenskyy: the US signal was an impetus for the other partners",
}

event {
  id = "turkiye_black_sea", label = "Turkiye offers Black Sea security", at_round = 3,
  message = "Turkiye confirms its readiness to help with Black Sea security.",
  willingness = { TR = 0.1 },
  source = "[A]",
}

event {
  id = "lavrov_veto", label = "Lavrov demands a veto and China's involvement", at_round = 4,
  message = "Lavrov: Moscow will not accept collective guarantees without its participation; "
         .. "it demands a right of veto and the involvement of China.",
  willingness = { RU = -0.2, CN = -0.1 },
  source = "[A] Lavrov; [E] 20 Aug 2025, the 2022 Istanbul draft",
}

event {
  id = "kyiv_rejects", label = "Kyiv rejects the veto", at_round = 5,
  message = "Kyiv: a Russian veto is unacceptable. The White House ridicules the proposal.",
  willingness = { UA = -0.1 },
  source = "[A]",
}

-- Injects: news a teacher can fire at any moment in the viewer (j picks one, enter fires it).
-- Hypothetical [J]: they are there to test the class's plans, not to predict.
event {
  id = "drone_strike", label = "A mass drone strike on Kyiv", inject = true,
  message = "Hundreds of drones hit Kyiv overnight; European capitals call for action.",
  willingness = { UK = 0.1, FR = 0.1, DE = 0.1, PL = 0.05 },
  source = "[J] classroom inject",
}

event {
  id = "washington_wavers", label = "Washington wavers", inject = true,
  message = "A White House official says US air support 'is not a given'.",
  willingness = { US = -0.2, UA = -0.1 },
  source = "[J] classroom inject",
}

-- Parameters nobody knows exactly: `entente montecarlo` draws them in every run [J].
uncertain { id = "ru_reservation", target = "RU.reservation", dist = uniform(0.4, 0.6) }
uncertain { id = "cn_reservation", target = "CN.reservation", dist = uniform(0.1, 0.65) }
uncertain { id = "ua_reservation", target = "UA.reservation", dist = uniform(0.3, 0.95) }
uncertain { id = "us_reservation", target = "US.reservation", dist = normal(0.55, 0.12) }
uncertain { id = "us_ground_troops_salience", target = "US.salience.us_ground_troops",
            dist = triangular(3, 5, 6) }
uncertain { id = "de_tactic", target = "DE.beta", dist = choice({ 0.3, 1, 3 }) }
uncertain { id = "uk_susceptibility", target = "UK.susceptibility", dist = uniform(0.1, 0.6) }

-- ---------------------------------------------------------------------------------------
-- Variants: named what-ifs. `apply` edits the declarations above before the analysis.
-- ---------------------------------------------------------------------------------------

variant {
  id = "baseline", label = "As of late August 2025",
  description = "The positions and red lines stated in the sources.",
}

variant {
  id = "russia_veto", label = "Moscow's demand accepted: guarantees need Russia's consent",
  description = [[What if the guarantees could only take effect with Russia's signature, as
Lavrov demands (the 2022 Istanbul draft)?]],
  apply = function(s)
    s.rule.required = { "UA", "RU" }
  end,
}

variant {
  id = "us_ground_troops", label = "The US red line on ground troops lifted",
  description = "What if Washington were ready to put troops on the ground?",
  apply = function(s)
    s.actors.US.red_lines.no_ground_troops = nil
  end,
}
